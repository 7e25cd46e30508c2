package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * Response bodies shaped like RingCentral's documented ones
 * (https://developers.ringcentral.com/guide/messaging/message-store/working-with-message-store).
 */
final class RcJson {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SECRET = "s3cr3t-Client-Secret-value";
  static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMDEifQ.c2lnbmF0dXJlLXNlY3JldA";
  static final String CLIENT_ID = "AbCdClientId123";

  private RcJson() {}

  static RingCentralCredentials credentials(String baseUrl) {
    return RingCentralCredentials.of(CLIENT_ID, SECRET, JWT).withServer(java.net.URI.create(baseUrl));
  }

  static String token(String accessToken, long expiresIn) {
    ObjectNode n = JSON.createObjectNode();
    n.put("access_token", accessToken);
    n.put("token_type", "bearer");
    n.put("expires_in", expiresIn);
    n.put("refresh_token", "refresh-" + accessToken);
    n.put("refresh_token_expires_in", 604800);
    n.put("scope", "ReadMessages ReadAccounts SMS");
    n.put("owner_id", "101");
    n.put("endpoint_id", "8zXq6oaLT7WvwWITlGiA1A");
    return n.toString();
  }

  static String oauthError(String error, String description) {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", error);
    n.put("error_description", description);
    ObjectNode e = n.putArray("errors").addObject();
    e.put("errorCode", "OAU-123");
    e.put("message", description);
    return n.toString();
  }

  static String apiError(String code, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("errorCode", code);
    n.put("message", message);
    ObjectNode e = n.putArray("errors").addObject();
    e.put("errorCode", code);
    e.put("message", message);
    return n.toString();
  }

  /** An SMS record. {@code id} as a JSON number, like the API sends it. */
  static ObjectNode sms(long id, String direction, String from, List<String> to, String text, Instant created) {
    ObjectNode r = JSON.createObjectNode();
    String base = "https://platform.ringcentral.com/restapi/v1.0/account/4001/extension/101/message-store/" + id;
    r.put("uri", base);
    r.put("id", id);
    ArrayNode toArr = r.putArray("to");
    for (String t : to) {
      toArr.addObject().put("phoneNumber", t);
    }
    r.putObject("from").put("phoneNumber", from).put("location", "Louisville, KY");
    r.put("type", "SMS");
    r.put("creationTime", created.toString());
    r.put("readStatus", "Read");
    r.put("priority", "Normal");
    ObjectNode att = r.putArray("attachments").addObject();
    att.put("id", id);
    att.put("uri", base + "/content/" + id);
    att.put("type", "Text");
    att.put("contentType", "text/plain");
    r.put("direction", direction);
    r.put("availability", "Alive");
    r.put("subject", text);
    r.put("messageStatus", direction.equals("Inbound") ? "Received" : "Delivered");
    r.put("conversationId", 8031152018338945839L);
    ObjectNode conv = r.putObject("conversation");
    conv.put("id", "8031152018338945839");
    conv.put("uri", "https://platform.ringcentral.com/restapi/v1.0/conversation/8031152018338945839");
    r.put("lastModifiedTime", created.plusMillis(91).toString());
    return r;
  }

  /** A message-list page; {@code nextPageUri} null on the last page. */
  static String page(List<? extends com.fasterxml.jackson.databind.JsonNode> records, int page, int totalPages,
      int perPage, int totalElements, String selfUri, String nextPageUri) {
    ObjectNode n = JSON.createObjectNode();
    n.put("uri", selfUri);
    ArrayNode arr = n.putArray("records");
    records.forEach(arr::add);
    ObjectNode paging = n.putObject("paging");
    paging.put("page", page);
    paging.put("totalPages", totalPages);
    paging.put("perPage", perPage);
    paging.put("totalElements", totalElements);
    if (!records.isEmpty()) {
      paging.put("pageStart", (page - 1) * perPage);
      paging.put("pageEnd", (page - 1) * perPage + records.size() - 1);
    }
    ObjectNode nav = n.putObject("navigation");
    nav.putObject("firstPage").put("uri", selfUri);
    if (nextPageUri != null) {
      nav.putObject("nextPage").put("uri", nextPageUri);
    }
    nav.putObject("lastPage").put("uri", selfUri);
    return n.toString();
  }

  /** An SMS record rendered from a core message, as the message list would show it. */
  static ObjectNode record(io.rcsync.core.domain.SmsMessage m) {
    ObjectNode r = JSON.createObjectNode();
    String base = "https://platform.ringcentral.com/restapi/v1.0/account/4001/extension/" + m.extension()
        + "/message-store/" + m.id();
    r.put("uri", base);
    putId(r, "id", m.id().value());
    ArrayNode to = r.putArray("to");
    m.to().forEach(n -> to.addObject().put("phoneNumber", n));
    if (m.from() != null) {
      r.putObject("from").put("phoneNumber", m.from());
    }
    r.put("type", "SMS");
    r.put("availability", m.availability().label());
    r.put("creationTime", m.creationTime().toString());
    r.put("readStatus", "Read");
    r.put("priority", "Normal");
    ArrayNode att = r.putArray("attachments");
    for (io.rcsync.core.domain.Attachment a : m.attachments()) {
      ObjectNode n = att.addObject();
      putId(n, "id", a.id());
      n.put("uri", a.uri());
      n.put("type", a.type());
      n.put("contentType", a.contentType());
    }
    r.put("direction", m.direction().label());
    r.put("subject", m.text());
    if (m.messageStatus() != null) {
      r.put("messageStatus", m.messageStatus());
    }
    if (m.conversationId() != null) {
      putId(r, "conversationId", m.conversationId());
      r.putObject("conversation").put("id", m.conversationId());
    }
    r.put("lastModifiedTime", m.lastModifiedTime().toString());
    return r;
  }

  private static void putId(ObjectNode n, String field, String id) {
    if (id != null && id.matches("[1-9]\\d{0,17}")) {
      n.put(field, Long.parseLong(id));
    } else {
      n.put(field, id);
    }
  }
}

package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny stateful stand-in for an org, enough to measure API calls: the Query resource (LIKE on phone fields,
 * 2,000-record pages with nextRecordsUrl, 414 past 16,384 bytes of URI) and sObject Collections upsert, both also as
 * {@code POST /composite} subrequests.
 */
final class FakeSalesforceOrg implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FROM = Pattern.compile(" FROM (\\w+)");
  private static final Pattern LIKE = Pattern.compile("(\\w+) LIKE '%(\\d{3})%(\\d{3})%(\\d{4})%'");
  private static final int PAGE = 2000;

  private final HttpServer server;
  final Map<String, List<ObjectNode>> objects = new LinkedHashMap<>();
  final Map<String, ObjectNode> notes = new LinkedHashMap<>();
  final Map<String, List<ObjectNode>> cursors = new LinkedHashMap<>();
  final AtomicInteger queries = new AtomicInteger();
  final AtomicInteger queryMores = new AtomicInteger();
  final AtomicInteger existenceQueries = new AtomicInteger();
  final AtomicInteger upserts = new AtomicInteger();
  final AtomicInteger composites = new AtomicInteger();
  /** Collections upserts that arrived as composite subrequests (also counted in {@link #upserts}). */
  final AtomicInteger compositeWrites = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  /** The longest request URI (what the 16,384-byte limit binds). */
  int longestUri;
  /** The longest composite subrequest url (in the request body: only SOQL's limit binds it). */
  int longestSubrequestUrl;
  private int ids;

  FakeSalesforceOrg() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized void add(String object, String id, String status, String created, Map<String, String> phones) {
    ObjectNode r = JSON.createObjectNode();
    r.putObject("attributes").put("type", object);
    r.put("Id", id);
    r.put("CreatedDate", created);
    r.put("litify_pm__Status__c", status);
    phones.forEach(r::put);
    objects.computeIfAbsent(object, k -> new ArrayList<>()).add(r);
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String rawUri = ex.getRequestURI().toString();
    longestUri = Math.max(longestUri, rawUri.length());
    if (rawUri.length() > 16_384) {
      send(ex, 414, "[{\"errorCode\":\"URI_TOO_LONG\",\"message\":\"URI Too Long\"}]");
      return;
    }
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (method.equals("GET") && path.matches("/services/data/v\\d+\\.0/query/?")) {
      String raw = ex.getRequestURI().getRawQuery();
      String soql = URLDecoder.decode(raw.substring(raw.indexOf("q=") + 2), StandardCharsets.UTF_8);
      queries.incrementAndGet();
      send(ex, 200, page(select(soql), 0, path));
    } else if (method.equals("GET") && path.matches("/services/data/v\\d+\\.0/query/[\\w]+-\\d+")) {
      queryMores.incrementAndGet();
      String locator = path.substring(path.lastIndexOf('/') + 1);
      String cursor = locator.substring(0, locator.lastIndexOf('-'));
      int offset = Integer.parseInt(locator.substring(locator.lastIndexOf('-') + 1));
      send(ex, 200, page(cursors.get(cursor), offset, path.substring(0, path.lastIndexOf('/'))));
    } else if (method.equals("POST") && path.matches("/services/data/v\\d+\\.0/composite")) {
      composites.incrementAndGet();
      JsonNode body = JSON.readTree(ex.getRequestBody());
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode subs = answer.putArray("compositeResponse");
      for (JsonNode sub : body.path("compositeRequest")) {
        String url = sub.path("url").asText();
        longestSubrequestUrl = Math.max(longestSubrequestUrl, url.length());
        if (url.matches("/services/data/v\\d+\\.0/sobjects/\\w+/describe")) {
          // no object is described by this fake: answered as the plain GET is, 404 (the body format is then plain)
          ObjectNode r = subs.addObject();
          r.set("body", JSON.readTree("[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]"));
          r.putObject("httpHeaders");
          r.put("httpStatusCode", 404);
          r.put("referenceId", sub.path("referenceId").asText());
          continue;
        }
        if (sub.path("method").asText().equals("PATCH") && url.matches("/services/data/v\\d+\\.0/composite/sobjects/\\w+/\\w+")) {
          compositeWrites.incrementAndGet();
          ObjectNode r = subs.addObject();
          r.set("body", upsert(url.substring(url.lastIndexOf('/') + 1), sub.path("body")));
          r.putObject("httpHeaders");
          r.put("httpStatusCode", 200);
          r.put("referenceId", sub.path("referenceId").asText());
          continue;
        }
        String soql = URLDecoder.decode(url.substring(url.indexOf("q=") + 2), StandardCharsets.UTF_8);
        queries.incrementAndGet();
        ObjectNode r = subs.addObject();
        r.set("body", JSON.readTree(page(select(soql), 0, url.substring(0, url.indexOf('?')))));
        r.putObject("httpHeaders");
        r.put("httpStatusCode", 200);
        r.put("referenceId", sub.path("referenceId").asText());
      }
      send(ex, 200, answer.toString());
    } else if (method.equals("PATCH") && path.matches("/services/data/v\\d+\\.0/composite/sobjects/\\w+/\\w+")) {
      String extField = path.substring(path.lastIndexOf('/') + 1);
      send(ex, 200, upsert(extField, JSON.readTree(ex.getRequestBody())).toString());
    } else {
      send(ex, 404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");
    }
  }

  /** One sObject Collections upsert (a call or a composite subrequest): counted in {@link #upserts}. */
  private ArrayNode upsert(String extField, JsonNode body) {
    upserts.incrementAndGet();
    ArrayNode results = JSON.createArrayNode();
    for (JsonNode rec : body.path("records")) {
      String ext = rec.path(extField).asText();
      ObjectNode existing = notes.get(ext);
      ObjectNode result = results.addObject();
      if (existing == null) {
        existing = JSON.createObjectNode();
        existing.put("Id", String.format("a5X%012dAAA", ++ids));
        notes.put(ext, existing);
        result.put("created", true);
      } else {
        result.put("created", false);
      }
      existing.setAll((ObjectNode) rec);
      result.put("id", existing.path("Id").asText());
      result.put("success", true);
      result.putArray("errors");
    }
    return results;
  }

  private List<ObjectNode> select(String soql) {
    Matcher from = FROM.matcher(soql);
    from.find();
    List<ObjectNode> out = new ArrayList<>();
    Matcher in = java.util.regex.Pattern.compile("External_Id__c IN \\(([^)]*)\\)").matcher(soql);
    if (in.find()) { // the sink's existing-Note lookup
      existenceQueries.incrementAndGet();
      for (String lit : in.group(1).split(",")) {
        ObjectNode n = notes.get(lit.trim().replaceAll("^'|'$", ""));
        if (n != null) {
          out.add(n);
        }
      }
      return out;
    }
    Matcher ids = java.util.regex.Pattern.compile(" WHERE Id IN \\(([^)]*)\\)").matcher(soql);
    if (ids.find()) { // a check of records' own lookups: Salesforce compares 18-character Ids ignoring case
      java.util.Set<String> wanted = new java.util.HashSet<>();
      for (String lit : ids.group(1).split(",")) {
        wanted.add(lit.trim().replaceAll("^'|'$", "").substring(0, 15));
      }
      for (ObjectNode r : objects.getOrDefault(from.group(1), List.of())) {
        if (wanted.contains(r.path("Id").asText("").substring(0, 15))) {
          out.add(r);
        }
      }
      return out;
    }
    Matcher m = LIKE.matcher(soql);
    List<String[]> conditions = new ArrayList<>();
    while (m.find()) {
      conditions.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
    }
    for (ObjectNode r : objects.getOrDefault(from.group(1), List.of())) {
      for (String[] c : conditions) {
        String v = r.path(c[0]).asText("");
        int a = v.indexOf(c[1]);
        int b = a < 0 ? -1 : v.indexOf(c[2], a + 3);
        if (b >= 0 && v.indexOf(c[3], b + 3) >= 0) {
          out.add(r);
          break;
        }
      }
    }
    return out;
  }

  private String page(List<ObjectNode> all, int offset, String queryPath) {
    ObjectNode page = JSON.createObjectNode();
    page.put("totalSize", all.size());
    int end = Math.min(all.size(), offset + PAGE);
    page.put("done", end >= all.size());
    if (end < all.size()) {
      String cursor = "01g" + cursors.size();
      cursors.put(cursor, all);
      page.put("nextRecordsUrl", queryPath.replaceAll("/query/?$", "/query") + "/" + cursor + "-" + end);
    }
    ArrayNode records = page.putArray("records");
    all.subList(offset, end).forEach(records::add);
    return page.toString();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.ExtensionId;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store}: {@code messageType},
 * {@code dateFrom} (default {@code dateTo} minus 24 h), {@code dateTo} (default now), {@code direction},
 * {@code conversationId}, {@code availability} (repeatable; default Alive only:
 * https://developers.ringcentral.com/api-reference/Message-Store/listMessages), {@code page}, {@code perPage},
 * newest first
 * (https://developers.ringcentral.com/guide/messaging/message-store/working-with-message-store). Not thread-safe:
 * the simulator calls it under its lock.
 */
final class RcMessageStoreEndpoint {
  static final Pattern PATH =
      Pattern.compile("^/restapi/v1\\.0/account/([^/]+)/extension/([^/]+)/message-store/?$");

  private final RcDirectory directory;
  private final RcMessageStore store;
  private final Function<String, Instant> timeParser;
  private final RcMessageContentEndpoint contents;

  /**
   * {@code timeParser} reads {@code dateFrom}/{@code dateTo} (null when unreadable); {@code contents} says how
   * attachments are listed (null: as the messages give them).
   */
  RcMessageStoreEndpoint(RcDirectory directory, RcMessageStore store, Function<String, Instant> timeParser,
      RcMessageContentEndpoint contents) {
    this.directory = directory;
    this.store = store;
    this.timeParser = timeParser;
    this.contents = contents;
  }

  RcResponse get(String baseUrl, String rawPath, String rawQuery, Instant now) {
    Matcher m = PATH.matcher(rawPath);
    m.matches();
    Target target = target(directory, store, m.group(1), m.group(2));
    if (target.error() != null) {
      return target.error();
    }
    ExtensionId ext = target.extension();
    Map<String, List<String>> q = RcQueryParams.parse(rawQuery);
    RcPaging paging;
    Instant dateTo;
    Instant dateFrom;
    try {
      paging = RcPaging.of(q);
      dateTo = RcQueryParams.date(q, "dateTo", now, timeParser);
      dateFrom = RcQueryParams.date(q, "dateFrom", dateTo.minus(Duration.ofHours(24)), timeParser);
    } catch (IllegalArgumentException e) {
      return RcErrors.invalidParameter(e.getMessage());
    }
    Set<String> types = RcQueryParams.lower(RcQueryParams.multi(q, "messageType"));
    Set<String> directions = RcQueryParams.lower(RcQueryParams.multi(q, "direction"));
    String conversation = RcQueryParams.first(q, "conversationId");
    Set<String> availabilities = RcQueryParams.lower(RcQueryParams.multi(q, "availability"));
    for (String a : availabilities) {
      if (!RcMessageStore.KNOWN_AVAILABILITIES.contains(a)) {
        return RcErrors.invalidParameter("Parameter [availability] value is invalid");
      }
    }
    List<RcMessageStore.Entry> matching =
        store.query(ext, dateFrom, dateTo, types, directions, conversation, availabilities);
    String path = "/restapi/v1.0/account/" + directory.accountId() + "/extension/" + ext.value() + "/message-store";
    List<JsonNode> records = new ArrayList<>();
    for (RcMessageStore.Entry e : paging.slice(matching)) {
      records.add(e.raw() != null ? e.raw() : RcRecords.record(e.message(), baseUrl, baseUrl + path, contents));
    }
    return RcResponse.json(200, paging.listBody(baseUrl, path, q, matching.size(), records));
  }

  /** The extension an account/extension path names, or the answer that refuses it. */
  record Target(ExtensionId extension, RcResponse error) {}

  /**
   * Resolves the raw {@code accountId} and {@code extensionId} path parameters of an extension resource
   * ({@code ~} is the account, and the JWT user's extension): 404 CMN-102 for an unknown account or extension (or
   * {@code ~} without an owner), 400 for an unreadable extension id. Shared by the message-store and message-sync
   * endpoints.
   */
  static Target target(RcDirectory directory, RcMessageStore store, String rawAccount, String rawExtension) {
    if (!directory.isAccount(rawAccount)) {
      return new Target(null, RcErrors.notFound("accountId"));
    }
    String extParam = URLDecoder.decode(rawExtension, StandardCharsets.UTF_8);
    if (extParam.equals("~")) {
      return directory.owner() == null ? new Target(null, RcErrors.notFound("extensionId"))
          : new Target(directory.owner(), null);
    }
    ExtensionId ext;
    try {
      ext = ExtensionId.of(extParam);
    } catch (IllegalArgumentException e) {
      return new Target(null, RcErrors.invalidParameter("Parameter [extensionId] value is invalid"));
    }
    return store.exists(ext) ? new Target(ext, null) : new Target(null, RcErrors.notFound("extensionId"));
  }
}

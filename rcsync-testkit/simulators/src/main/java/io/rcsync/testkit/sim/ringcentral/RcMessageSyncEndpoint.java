package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.ExtensionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/message-sync}, RingCentral's Message Sync
 * (https://developers.ringcentral.com/guide/messaging/message-store/message-sync; parameters as in the SDKs'
 * {@code SyncMessagesParameters}, answer as {@code GetMessageSyncResponse}: {@code uri}, {@code records},
 * {@code syncInfo{syncType, syncToken, syncTime, olderRecordsExist}},
 * https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1SyncInfoMessages.html).
 *
 * <ul>
 *   <li>{@code syncType=FSync}: the records created in [{@code dateFrom}, {@code dateTo}] ({@code dateFrom} default
 *       {@code dateTo} minus 24 hours, {@code dateTo} default now, as {@code SyncMessagesParameters} documents) of the
 *       given {@code messageType}s and {@code direction}s, newest first, at most {@code recordCount} of them (default
 *       {@link #DEFAULT_RECORD_COUNT}: RingCentral documents no default, so the simulator picks one small enough for
 *       tests to see {@code olderRecordsExist: true} when more are left). The docs do not say whether a full sync
 *       leaves deleted records out; the simulator serves every availability, as the incremental sync does.
 *   <li>{@code syncType=ISync&syncToken=…}: "ONLY new or changed messages": every record of the token's frame added or
 *       changed (status, delete, purge) after the token was issued, whatever its availability, and again every record
 *       changed in the 5 s before the token's sync time ("In order to avoid message loss all sync requests are handled
 *       with overlapping of time periods ... Delta is 5 sec", the guide; {@link RingCentralSimulator#messageSyncOverlap});
 *       a purged one as the
 *       stub the list serves. The guide says deleted and purged records carry only their id and availability; the
 *       simulator serves deleted ones whole (as the list does) and purged ones as the stub.
 *   <li>A token that is not one of this simulator's, was issued for another extension, or was expired
 *       ({@link RingCentralSimulator#expireSyncTokens()}) is answered {@code 400 CMN-101 "Parameter [syncToken] value
 *       is invalid"}: the guide does not document the answer; this is the body RingCentral's own client library tests
 *       for and falls back to a full sync on (ringcentral/ringcentral-js-widgets, {@code MessageStore._syncData} and
 *       its "Check message syncToken invalid" test, which also accepts {@code MSG-333 "Parameter [syncToken] is
 *       invalid"}).
 *   <li>No paging: "Message Sync API requests do not support paging" (the guide).
 * </ul>
 *
 * <p>Not thread-safe: the simulator calls it under its lock.
 */
final class RcMessageSyncEndpoint {
  static final Pattern PATH =
      Pattern.compile("^/restapi/v1\\.0/account/([^/]+)/extension/([^/]+)/message-sync/?$");
  /** Records a full sync returns when the request names no {@code recordCount} (a simulator choice, see above). */
  static final int DEFAULT_RECORD_COUNT = 250;
  /** The guide's Delta: an incremental sync answers again what changed this long before its token's sync time. */
  static final Duration DEFAULT_OVERLAP = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ALL_AVAILABILITIES = RcMessageStore.KNOWN_AVAILABILITIES;

  private final RcDirectory directory;
  private final RcMessageStore store;
  private final Function<String, Instant> timeParser;
  private final RcSyncTokens tokens = new RcSyncTokens();
  private int defaultRecordCount = DEFAULT_RECORD_COUNT;
  private Duration overlap = DEFAULT_OVERLAP;

  RcMessageSyncEndpoint(RcDirectory directory, RcMessageStore store, Function<String, Instant> timeParser) {
    this.directory = directory;
    this.store = store;
    this.timeParser = timeParser;
  }

  /** How attachments are listed: at the simulator's content endpoint, with size and file name (issue 12). */
  private RcMessageContentEndpoint contents;

  void contents(RcMessageContentEndpoint value) {
    this.contents = value;
  }

  RcSyncTokens tokens() {
    return tokens;
  }

  void defaultRecordCount(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("recordCount must be at least 1");
    }
    this.defaultRecordCount = value;
  }

  void overlap(Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException("overlap must not be negative");
    }
    this.overlap = value;
  }

  RcResponse get(String baseUrl, String rawPath, String rawQuery, Instant now) {
    Matcher m = PATH.matcher(rawPath);
    m.matches();
    RcMessageStoreEndpoint.Target target = RcMessageStoreEndpoint.target(directory, store, m.group(1), m.group(2));
    if (target.error() != null) {
      return target.error();
    }
    ExtensionId ext = target.extension();
    Map<String, List<String>> q = RcQueryParams.parse(rawQuery);
    String syncType = RcQueryParams.first(q, "syncType");
    String path = "/restapi/v1.0/account/" + directory.accountId() + "/extension/" + ext.value();
    try {
      if ("FSync".equals(syncType)) {
        return full(baseUrl, path, ext, q, now);
      } else if ("ISync".equals(syncType)) {
        return incremental(baseUrl, path, ext, q, now);
      }
      return RcErrors.invalidParameter("Parameter [syncType] value is invalid");
    } catch (IllegalArgumentException e) {
      return RcErrors.invalidParameter(e.getMessage());
    }
  }

  private RcResponse full(String baseUrl, String path, ExtensionId ext, Map<String, List<String>> q, Instant now) {
    Instant dateTo = RcQueryParams.date(q, "dateTo", now, timeParser);
    Instant dateFrom = RcQueryParams.date(q, "dateFrom", dateTo.minus(Duration.ofHours(24)), timeParser);
    int recordCount = RcQueryParams.integer(q, "recordCount", defaultRecordCount);
    if (recordCount < 1) {
      throw new IllegalArgumentException("Parameter [recordCount] value is invalid");
    }
    Set<String> types = RcQueryParams.lower(RcQueryParams.multi(q, "messageType"));
    Set<String> directions = RcQueryParams.lower(RcQueryParams.multi(q, "direction"));
    List<RcMessageStore.Entry> frame = store.query(ext, dateFrom, dateTo, types, directions, null, ALL_AVAILABILITIES);
    List<RcMessageStore.Entry> served = frame.subList(0, Math.min(recordCount, frame.size()));
    String token = tokens.issue(ext, store.changePosition(), dateFrom, types, now);
    return answer(contents, baseUrl, path, served, "FSync", token, now, frame.size() > served.size());
  }

  private RcResponse incremental(String baseUrl, String path, ExtensionId ext, Map<String, List<String>> q,
      Instant now) {
    Optional<RcSyncTokens.Position> position = tokens.read(RcQueryParams.first(q, "syncToken"), ext);
    if (position.isEmpty()) {
      return RcErrors.invalidParameter("Parameter [syncToken] value is invalid");
    }
    RcSyncTokens.Position p = position.get();
    // the guide's overlap: what changed in the last Delta before the token's sync time is answered again
    long from = Math.min(p.change(), store.positionBefore(p.syncTime().minus(overlap)));
    List<RcMessageStore.Entry> changed = store.changedSince(ext, from, p.frameFrom(), p.types());
    String token = tokens.issue(ext, store.changePosition(), p.frameFrom(), p.types(), now);
    return answer(contents, baseUrl, path, changed, "ISync", token, now, false);
  }

  private static RcResponse answer(RcMessageContentEndpoint contents, String baseUrl, String path, List<RcMessageStore.Entry> entries, String syncType,
      String token, Instant now, boolean olderRecordsExist) {
    ObjectNode body = JSON.createObjectNode();
    body.put("uri", baseUrl + path + "/message-sync");
    ArrayNode records = body.putArray("records");
    String storeUri = baseUrl + path + "/message-store";
    for (RcMessageStore.Entry e : entries) {
      records.add(e.raw() != null ? e.raw() : RcRecords.record(e.message(), baseUrl, storeUri, contents));
    }
    ObjectNode info = body.putObject("syncInfo");
    info.put("syncType", syncType);
    info.put("syncToken", token);
    info.put("syncTime", RcRecords.time(now));
    info.put("olderRecordsExist", olderRecordsExist);
    return RcResponse.json(200, body.toString());
  }
}

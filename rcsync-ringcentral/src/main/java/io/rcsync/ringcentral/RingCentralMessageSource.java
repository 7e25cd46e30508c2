package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.MessageSyncRequest;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.SyncTokenRejectedException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one extension's SMS from RingCentral's message store, page by page.
 *
 * <p>{@code GET /restapi/v1.0/account/~/extension/{id}/message-store?messageType=SMS&availability=Alive
 * &availability=Deleted&availability=Purged&dateFrom&dateTo&perPage=1000}
 * (https://developers.ringcentral.com/api-reference/Message-Store/listMessages). The list returns only live messages
 * unless {@code availability} asks for more ("Specifies the availability status for resulting messages. Multiple
 * values are accepted"); rcsync asks for all three: a deleted text is still whole ("still preserved with all its
 * attachments and can be restored") and gets its Note, and a purged one is delivered too so that it is counted in a
 * column of its own instead of vanishing unseen. Records are mapped to {@link SmsMessage} with their
 * {@link SmsMessage#availability()}; one that cannot be mapped (an unknown availability included) is reported as a
 * {@link MalformedMessage} with its id and the reason.
 *
 * <p><b>Paging by time, not by offset.</b> The list is ordered newest first by {@code creationTime}. Following
 * {@code navigation.nextPage} ({@code page=N}) counts offsets into a list that can change while it is read: a record
 * physically removed (a purged message is "about to be physically deleted shortly"), or one that becomes visible
 * between two pages, shifts every later record by one, and a text is skipped without a trace. So while a page says
 * there is a next one, the next request keeps {@code dateFrom} and moves {@code dateTo} (inclusive) down to the oldest
 * {@code creationTime} the page held, from page 1; records already delivered in this call are left out. Changes above
 * the cursor cannot shift what is below it, so every message present for the whole call is delivered exactly once.
 * When a whole page shares one creation time (the cursor cannot move), the next request asks for the next
 * {@code page} at the same {@code dateTo}. The unchanged case costs the same number of requests as offset paging
 * unless the boundary record repeated at the top of each next page tips the last page over (one extra request at
 * most per page boundary, only when the remainder is that small). Messages created outside the window (the store's
 * {@code dateTo} is inclusive, core's window is not) are left out, so each message in the window is delivered exactly
 * once per call.
 *
 * <p><b>Message Sync</b> ({@link #messageSync}): {@code GET /restapi/v1.0/account/~/extension/{id}/message-sync}
 * (https://developers.ringcentral.com/guide/messaging/message-store/message-sync), see that method.
 */
public final class RingCentralMessageSource implements MessageSource {
  private static final Logger LOG = LoggerFactory.getLogger(RingCentralMessageSource.class);
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final RingCentralConfig config;
  private final ApiClient api;

  /** Shares the login (and its token) of {@code auth}. */
  public RingCentralMessageSource(RingCentralAuth auth) {
    this.config = Objects.requireNonNull(auth, "auth").config();
    this.api = auth.api();
  }

  /** A source with its own login. */
  public static RingCentralMessageSource create(RingCentralConfig config, ApiCalls apiCalls) {
    return new RingCentralMessageSource(new RingCentralAuth(config, apiCalls));
  }

  /** Pages in a row that bring no text not already read before the listing is given up (see {@link #fetch}). */
  static final int MAX_PAGES_WITH_NOTHING_NEW = 3;

  @Override
  public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(pages, "pages");
    Instant dateTo = window.to();
    int pageAtCursor = 1;
    URI next = pageUri(extension, window.from(), dateTo, pageAtCursor);
    Progress progress = new Progress();
    Set<MessageId> seen = new HashSet<>();
    Set<String> seenMalformed = new HashSet<>();
    int pagesWithNothingNew = 0;
    while (next != null) {
      JsonNode body;
      try {
        body = api.getJson(next, "message-store");
      } catch (ExternalSystemException e) {
        throw new ExternalSystemException(e.system(), e.kind(), "extension " + extension + ": " + progress.gaveUp()
            + ": " + e.getMessage(), e);
      }
      JsonNode records = body.path("records");
      if (!records.isArray()) {
        throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.CONNECTION,
            "extension " + extension + ": " + progress.gaveUp() + ": page " + (progress.pages + 1)
                + " of the message store has no 'records' array");
      }
      List<SmsMessage> messages = new ArrayList<>(records.size());
      List<MalformedMessage> malformed = new ArrayList<>();
      Instant oldest = null;
      for (JsonNode record : records) {
        MessageRecordMapper.Result r = MessageRecordMapper.map(record, extension);
        if (r instanceof MessageRecordMapper.Malformed m) {
          // a record without a readable time is listed on every page of the cursor: report it once
          if (seenMalformed.add(record.toString())) {
            malformed.add(m.malformed());
          }
          continue;
        }
        SmsMessage message = ((MessageRecordMapper.Mapped) r).message();
        if (oldest == null || message.creationTime().isBefore(oldest)) {
          oldest = message.creationTime();
        }
        if (!window.contains(message.creationTime())) {
          LOG.debug("extension {}: message {} at {} is outside {}..{}; left for its own window", extension,
              message.id(), message.creationTime(), window.from(), window.to());
        } else if (seen.add(message.id())) {
          messages.add(message);
        }
      }
      progress.pages++;
      progress.records += records.size();
      if (!messages.isEmpty() || !malformed.isEmpty()) {
        pages.accept(new Page(messages, malformed));
      }
      if (Pages.next(body, next, config.serverUrl()).isEmpty()) {
        break;
      }
      // a page re-reads the texts at the cursor's instant, so one page of nothing new is normal (more texts share
      // that instant than a page holds); several in a row mean the server ignores dateTo/page: stop, never loop
      pagesWithNothingNew = messages.isEmpty() && malformed.isEmpty() ? pagesWithNothingNew + 1 : 0;
      if (pagesWithNothingNew >= MAX_PAGES_WITH_NOTHING_NEW) {
        throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.CONNECTION,
            "extension " + extension + ": " + progress.gaveUp() + ": the message store returned only texts already read"
                + " on " + pagesWithNothingNew + " pages in a row (dateTo " + ISO_MILLIS.format(dateTo) + ", page "
                + pageAtCursor + "); stopped instead of paging forever");
      }
      // one millisecond past the oldest text read: RingCentral's listMessages reference calls dateTo only "the end of
      // the time range" without saying whether it is inclusive, so the boundary instant is asked for again either way
      // (its texts already delivered are skipped by id) and texts sharing it that did not fit this page are not lost
      Instant cursor = oldest == null ? dateTo : ceilMillis(oldest).plusMillis(1);
      if (cursor.isBefore(dateTo)) {
        dateTo = cursor;
        pageAtCursor = 1;
      } else {
        pageAtCursor++; // the whole page at one instant (or no readable time): step on at this instant
      }
      next = pageUri(extension, window.from(), dateTo, pageAtCursor);
    }
    LOG.debug("extension {}: {} pages, {} records", extension, progress.pages, progress.records);
  }

  /** True: this source reads RingCentral's Message Sync. */
  @Override
  public boolean supportsMessageSync() {
    return true;
  }

  /**
   * One Message Sync of the extension's SMS (https://developers.ringcentral.com/guide/messaging/message-store/message-sync).
   *
   * <ul>
   *   <li>Full: {@code ?syncType=FSync&messageType=SMS&dateFrom=…} (an open frame: no {@code dateTo}, no
   *       {@code recordCount}). RingCentral may return fewer records than the frame holds and says so with
   *       {@code syncInfo.olderRecordsExist: true} ("Message Sync API requests do not support paging"); RingCentral's
   *       own client then asks again with {@code dateTo} at the oldest record it got (ringcentral/ringcentral-js-widgets,
   *       {@code MessageStore._syncFunction}). This adapter reads the rest of the frame, [{@code dateFrom}, oldest
   *       creation time returned], with the paged message-store list ({@link #fetch}: every availability, paged by
   *       time), leaving out records the sync already delivered, so the frame is complete. The token of the full sync
   *       is the checkpoint either way.
   *   <li>Incremental: {@code ?syncType=ISync&syncToken=…}; the token carries the frame. The answer holds "ONLY new or
   *       changed messages", deleted and purged ones included, and may repeat records near the last sync time ("the
   *       server has to return records from the ISync time + Delta, where Delta is 5 sec"); core writes idempotently.
   *   <li>A refused token is a {@link SyncTokenRejectedException} whose message never holds the token: HTTP 4xx with
   *       {@code CMN-101} or {@code MSG-333} about {@code [syncToken]}. The guide does not document the answer; these
   *       are the ones RingCentral's own client falls back to a full sync on (ringcentral-js-widgets,
   *       {@code MessageStore._syncData} and its "Check message syncToken invalid" test: 400 {@code CMN-101 "Parameter
   *       [syncToken] value is invalid."}, {@code MSG-333 "Parameter [syncToken] is invalid"}).
   * </ul>
   *
   * <p>Records are mapped as the list's are ({@link MessageRecordMapper}; unreadable ones are
   * {@link MalformedMessage}s in the page) and each id is delivered at most once per call. The request is named
   * {@code message-sync} (rate-limit group Light until RingCentral reports another); 401, 429 and 5xx behave as for
   * the list. The token sits in the query string, so no message or log line of this class contains a request URI.
   *
   * @return RingCentral's new {@code syncInfo.syncToken} and {@code syncInfo.syncTime}
   * @throws SyncTokenRejectedException when RingCentral refuses an incremental token (nothing was delivered)
   * @throws ExternalSystemException when RingCentral cannot be read or answers without a {@code syncInfo}
   */
  @Override
  public MessageSyncCheckpoint messageSync(ExtensionId extension, MessageSyncRequest request, Consumer<Page> pages) {
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(pages, "pages");
    String token = request instanceof MessageSyncRequest.Incremental inc ? inc.syncToken() : null;
    String kind = token == null ? "full Message Sync" : "incremental Message Sync";
    URI uri = syncUri(extension, request);
    JsonNode body;
    try {
      HttpResponse<String> response = api.get(uri, "message-sync");
      if (token != null && refusesSyncToken(response)) {
        throw new SyncTokenRejectedException(ApiCalls.RINGCENTRAL, "extension " + extension
            + ": RingCentral refused the saved Message Sync token (HTTP " + response.statusCode()
            + hide(api.errorDetail(response), token) + "); it is expired or no longer valid, so a full sync is needed");
      }
      body = api.json(response, "message-sync");
    } catch (SyncTokenRejectedException e) {
      throw e;
    } catch (ExternalSystemException e) {
      // not chained to e: its message is the unhidden one (an error body may echo the token), and a logged stack
      // trace prints every cause's message; e's own cause (an I/O failure) never holds the token
      throw new ExternalSystemException(e.system(), e.kind(), "extension " + extension + ": " + kind + ": "
          + hide(e.getMessage(), token), e.getCause());
    }
    JsonNode records = body.path("records");
    JsonNode info = body.path("syncInfo");
    String newToken = MessageRecordMapper.scalar(info, "syncToken");
    String syncTimeText = MessageRecordMapper.scalar(info, "syncTime");
    Instant syncTime = syncTimeText == null ? null : MessageRecordMapper.parseTime(syncTimeText);
    if (!records.isArray() || newToken == null || syncTime == null) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.CONNECTION,
          "extension " + extension + ": " + kind + ": the answer has no " + (!records.isArray() ? "'records' array"
              : newToken == null ? "syncInfo.syncToken" : "readable syncInfo.syncTime") + "; nothing was read");
    }
    Set<MessageId> seen = new HashSet<>();
    List<SmsMessage> messages = new ArrayList<>(records.size());
    List<MalformedMessage> malformed = new ArrayList<>();
    Set<String> seenMalformed = new HashSet<>();
    Instant oldest = null;
    for (JsonNode listed : records) {
      JsonNode record = isStub(listed) ? completeStub(extension, listed, syncTime) : listed;
      MessageRecordMapper.Result r = MessageRecordMapper.map(record, extension);
      if (r instanceof MessageRecordMapper.Malformed m) {
        if (seenMalformed.add(record.toString())) {
          malformed.add(m.malformed());
        }
      } else {
        SmsMessage message = ((MessageRecordMapper.Mapped) r).message();
        if (seen.add(message.id())) {
          messages.add(message);
          oldest = oldest == null || message.creationTime().isBefore(oldest) ? message.creationTime() : oldest;
        }
      }
    }
    if (!messages.isEmpty() || !malformed.isEmpty()) {
      pages.accept(new Page(messages, malformed));
    }
    Set<MalformedMessage> reported = new HashSet<>(malformed);
    if (request instanceof MessageSyncRequest.Full full && info.path("olderRecordsExist").asBoolean(false)) {
      // the rest of the frame: up to and including the oldest record returned (texts sharing its instant may not
      // have fitted), or the whole frame up to the sync time when no record had a readable time
      Instant to = oldest == null ? ceilMillis(syncTime).plusMillis(1) : ceilMillis(oldest).plusMillis(1);
      if (full.dateFrom().isBefore(to)) {
        LOG.debug("extension {}: full Message Sync says older records exist; listing {}..{}", extension,
            full.dateFrom(), to);
        fetch(extension, new TimeWindow(full.dateFrom(), to), page -> {
          List<SmsMessage> fresh = page.messages().stream().filter(m -> seen.add(m.id())).toList();
          List<MalformedMessage> freshMalformed = page.malformed().stream().filter(reported::add).toList();
          if (!fresh.isEmpty() || !freshMalformed.isEmpty()) {
            pages.accept(new Page(fresh, freshMalformed));
          }
        });
      }
    }
    LOG.debug("extension {}: {} delivered {} records", extension, kind, records.size());
    return new MessageSyncCheckpoint(newToken, syncTime);
  }

  /**
   * A deleted or purged record as an incremental sync may send it: "For deleted or purged messages only message ID
   * and availability status is returned" (https://developers.ringcentral.com/guide/messaging/message-store/message-sync,
   * "ISync Request"), i.e. without a creation time, or a deleted one without its direction.
   */
  static boolean isStub(JsonNode record) {
    String availability = record.isObject() ? MessageRecordMapper.scalar(record, "availability") : null;
    if (availability == null || MessageRecordMapper.scalar(record, "id") == null) {
      return false;
    }
    boolean timeless = MessageRecordMapper.scalar(record, "creationTime") == null
        && MessageRecordMapper.scalar(record, "lastModifiedTime") == null;
    if (availability.equalsIgnoreCase("Purged")) {
      return timeless;
    }
    return availability.equalsIgnoreCase("Deleted")
        && (timeless || MessageRecordMapper.scalar(record, "direction") == null);
  }

  /**
   * The whole record behind a stub. A deleted message is still whole in the store ("still preserved with all its
   * attachments and can be restored", PatchMessageRequest in the API definitions), so it is read once by id
   * ({@code GET …/message-store/{messageId}}, https://developers.ringcentral.com/api-reference/Message-Store/readMessage;
   * request name {@code message-store}, group Light) and keeps its Note. A purged one, or a deleted one the store no
   * longer has (404), has nothing left to read: it becomes a purged record dated by the sync time, which core counts
   * as purged and never writes. Any other failure is the sync's failure.
   */
  private JsonNode completeStub(ExtensionId extension, JsonNode stub, Instant syncTime) {
    String id = MessageRecordMapper.scalar(stub, "id");
    if (MessageRecordMapper.scalar(stub, "availability").equalsIgnoreCase("Deleted") && id.matches("[0-9A-Za-z_-]+")) {
      URI uri = URI.create(config.serverUrl() + "/restapi/v1.0/account/~/extension/" + extension.value()
          + "/message-store/" + id);
      HttpResponse<String> response;
      JsonNode whole;
      try {
        response = api.get(uri, "message-store");
        whole = response.statusCode() == 404 ? null : api.json(response, "message-store");
      } catch (ExternalSystemException e) {
        throw new ExternalSystemException(e.system(), e.kind(), "extension " + extension
            + ": incremental Message Sync: reading deleted message " + id + ": " + e.getMessage(), e);
      }
      if (whole != null) {
        if (whole.isObject() && !whole.has("availability")) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) whole).put("availability", "Deleted");
        }
        return whole;
      }
      LOG.debug("extension {}: deleted message {} is gone from the store; counted as purged", extension, id);
    }
    com.fasterxml.jackson.databind.node.ObjectNode purged = stub.deepCopy();
    purged.put("availability", "Purged");
    purged.put("lastModifiedTime", ISO_MILLIS.format(syncTime));
    return purged;
  }

  private URI syncUri(ExtensionId extension, MessageSyncRequest request) {
    String base = config.serverUrl() + "/restapi/v1.0/account/~/extension/" + extension.value() + "/message-sync";
    if (request instanceof MessageSyncRequest.Incremental inc) {
      return URI.create(base + "?syncType=ISync&syncToken=" + enc(inc.syncToken()));
    }
    MessageSyncRequest.Full full = (MessageSyncRequest.Full) request;
    return URI.create(base + "?syncType=FSync&messageType=SMS&dateFrom=" + enc(ISO_MILLIS.format(full.dateFrom())));
  }

  /** RingCentral's refusal of a sync token: a 4xx (not 401/403/429) whose error is CMN-101 or MSG-333 about it. */
  static boolean refusesSyncToken(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status < 400 || status >= 500 || status == 401 || status == 403 || status == 429) {
      return false;
    }
    for (String[] e : ErrorBodies.errors(response.body())) {
      boolean code = "CMN-101".equalsIgnoreCase(e[0]) || "MSG-333".equalsIgnoreCase(e[0]);
      if (code && e[1] != null && e[1].toLowerCase(Locale.ROOT).contains("synctoken")) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} without the sync token in any form it could be echoed in (plain or URL-encoded). */
  static String hide(String text, String token) {
    if (text == null || token == null || token.isEmpty()) {
      return text;
    }
    return text.replace(token, "<sync token>").replace(enc(token), "<sync token>");
  }

  private URI pageUri(ExtensionId extension, Instant dateFrom, Instant dateTo, int page) {
    return URI.create(config.serverUrl() + "/restapi/v1.0/account/~/extension/" + extension.value()
        + "/message-store?messageType=SMS"
        + "&availability=Alive&availability=Deleted&availability=Purged"
        + "&dateFrom=" + enc(ISO_MILLIS.format(dateFrom))
        + "&dateTo=" + enc(ISO_MILLIS.format(dateTo))
        + (page > 1 ? "&page=" + page : "")
        + "&perPage=" + config.perPage());
  }

  /** The API takes times to the millisecond; a finer time is rounded up so an inclusive bound still holds it. */
  static Instant ceilMillis(Instant t) {
    Instant floor = t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    return floor.equals(t) ? t : floor.plusMillis(1);
  }

  /** ISO-8601 with milliseconds, as the API documents dateFrom/dateTo (e.g. 2016-03-10T18:07:52.534Z). */
  static String isoMillis(Instant t) {
    return ISO_MILLIS.format(t);
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private static final class Progress {
    int pages;
    long records;

    String gaveUp() {
      if (pages == 0) {
        return "gave up before the first page";
      }
      return "gave up after " + pages + (pages == 1 ? " page / " : " pages / ")
          + NumberFormat.getIntegerInstance(Locale.US).format(records) + (records == 1 ? " message" : " messages");
    }
  }

  @Override
  public String toString() {
    return "RingCentralMessageSource[" + config.serverUrl() + ", perPage=" + config.perPage() + "]";
  }
}

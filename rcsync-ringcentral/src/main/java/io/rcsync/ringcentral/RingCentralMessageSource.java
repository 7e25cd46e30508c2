package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.MessageSource;
import java.net.URI;
import java.net.URLEncoder;
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

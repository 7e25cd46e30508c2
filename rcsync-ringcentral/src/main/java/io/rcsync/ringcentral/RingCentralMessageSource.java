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
 * <p>{@code GET /restapi/v1.0/account/~/extension/{id}/message-store?messageType=SMS&dateFrom&dateTo&perPage=1000}
 * (https://developers.ringcentral.com/api-reference/Message-Store/listMessages), then each
 * {@code navigation.nextPage.uri} until there is none. Every page is handed to the consumer as soon as it arrives, so
 * a long backfill is never held in memory. Records are mapped to {@link SmsMessage}; one that cannot be mapped is
 * reported as a {@link MalformedMessage} with its id and the reason. Messages created outside the window (the store's
 * {@code dateTo} is inclusive, core's window is not) and messages already delivered by an earlier page of the same
 * call (the newest-first list shifts when texts arrive while paging) are left out, so each message in the window is
 * delivered exactly once per call.
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

  @Override
  public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(pages, "pages");
    URI next = firstPage(extension, window);
    Progress progress = new Progress();
    Set<MessageId> seen = new HashSet<>();
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
      for (JsonNode record : records) {
        MessageRecordMapper.Result r = MessageRecordMapper.map(record, extension);
        if (r instanceof MessageRecordMapper.Malformed m) {
          malformed.add(m.malformed());
        } else {
          SmsMessage message = ((MessageRecordMapper.Mapped) r).message();
          if (!window.contains(message.creationTime())) {
            LOG.debug("extension {}: message {} at {} is outside {}..{}; left for its own window", extension,
                message.id(), message.creationTime(), window.from(), window.to());
          } else if (seen.add(message.id())) {
            messages.add(message);
          }
        }
      }
      progress.pages++;
      progress.records += records.size();
      if (!messages.isEmpty() || !malformed.isEmpty()) {
        pages.accept(new Page(messages, malformed));
      }
      next = Pages.next(body, next, config.serverUrl()).orElse(null);
    }
    LOG.debug("extension {}: {} pages, {} records", extension, progress.pages, progress.records);
  }

  private URI firstPage(ExtensionId extension, TimeWindow window) {
    return URI.create(config.serverUrl() + "/restapi/v1.0/account/~/extension/" + extension.value()
        + "/message-store?messageType=SMS"
        + "&dateFrom=" + enc(ISO_MILLIS.format(window.from()))
        + "&dateTo=" + enc(ISO_MILLIS.format(window.to()))
        + "&perPage=" + config.perPage());
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

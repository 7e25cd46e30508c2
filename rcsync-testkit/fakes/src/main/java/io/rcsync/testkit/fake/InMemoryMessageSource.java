package io.rcsync.testkit.fake;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Availability;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.MessageSyncRequest;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.SyncTokenRejectedException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A RingCentral message store in memory: SMS per extension, served for a window newest first in pages of a
 * configurable size (RingCentral's message-store list allows up to 1,000 records a page:
 * https://developers.ringcentral.com/api-reference/Message-Store/listMessages).
 *
 * <p>Every page served counts one call under {@link ApiCalls#RINGCENTRAL}, as one HTTP request would (an
 * empty window still costs one request). It can hold {@link MalformedMessage}s (delivered with the page their
 * time falls in) and be told to fail after N pages. Thread-safe; the consumer is called without holding the
 * lock.
 *
 * <p>Like the real list asked for {@code availability=Alive&availability=Deleted&availability=Purged}, it delivers
 * deleted and purged messages too, each carrying its {@link SmsMessage#availability()}: a deleted one whole, a purged
 * one reduced to what a purged record keeps (see {@link #purge}). {@link #delete}, {@link #purge} and
 * {@link #setStatus} change a stored message; {@link #betweenPages} runs a change between two pages of a fetch, the
 * way the store can change while a client pages through it.
 *
 * <p>Message Sync (issue 11), off unless {@link #withMessageSync} turns it on (so a test of the window path keeps
 * today's behaviour): every add, status change, deletion and purge is written to a per-extension change log; a full
 * sync serves every record created at or after {@code dateFrom}, an incremental one the current form of every record
 * changed since its token, both newest first in pages of {@link #pageSize()} (one call each), and each answers with
 * a fresh opaque token (random, not a counter a client could compute) and the clock's time as {@code syncTime}, as
 * RingCentral's message-sync does (https://developers.ringcentral.com/guide/messaging/message-store/message-sync).
 * An unknown token, one of another extension or one made invalid by {@link #rejectTokensOf} is refused with a
 * {@link SyncTokenRejectedException}. {@link #syncRequests()} lists the calls. {@link #withSyncOverlap} makes an
 * incremental sync also answer again what changed shortly before its token's {@code syncTime}, as RingCentral does
 * ("the server has to return records from the ISync time + Delta, where Delta is 5 sec", same page), so a client's
 * handling of those repeats can be tested on the fake too.
 */
public final class InMemoryMessageSource implements MessageSource {
  public static final int DEFAULT_PAGE_SIZE = 1000;

  private final ApiCalls apiCalls;
  private final int pageSize;
  private final Object lock = new Object();
  private final Map<ExtensionId, Map<String, SmsMessage>> messages = new HashMap<>();
  private final Map<ExtensionId, List<TimedMalformed>> malformed = new HashMap<>();
  private final List<Request> requests = new ArrayList<>();
  private long pagesServed;
  private long failAfterPages = -1;
  private final Map<ExtensionId, ExternalSystemException.Kind> failingExtensions = new HashMap<>();
  private ExternalSystemException.Kind failureKind = ExternalSystemException.Kind.CONNECTION;
  private Consumer<Integer> betweenPages = n -> {};
  private final Map<ExtensionId, List<Change>> changeLog = new HashMap<>();
  private final Map<String, IssuedToken> tokens = new HashMap<>();
  private final List<SyncRequest> syncRequests = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private long changes;
  private Clock syncClock;
  private java.time.Duration syncOverlap = java.time.Duration.ZERO;

  /** One call of {@link #fetch}. */
  public record Request(ExtensionId extension, TimeWindow window) {}

  /** One call of {@link #messageSync}: the extension and whether it was full (from when) or incremental. */
  public record SyncRequest(ExtensionId extension, MessageSyncRequest request) {}

  private record TimedMalformed(MalformedMessage record, Instant creationTime, long seq) {}

  /**
   * One entry of an extension's change log: the message id (or malformed raw id) changed at {@code seq}, at
   * {@code at} by the sync clock (null before {@link #withMessageSync}).
   */
  private record Change(long seq, String messageId, Instant at) {}

  /** What an issued token stands for: the extension, the last change it has seen and its sync time. */
  private record IssuedToken(ExtensionId extension, long seq, Instant syncTime) {}

  private sealed interface Item permits Good, Bad {
    Instant time();

    String key();
  }

  private record Good(SmsMessage m) implements Item {
    public Instant time() {
      return m.creationTime();
    }

    public String key() {
      return m.id().value();
    }
  }

  private record Bad(TimedMalformed t) implements Item {
    public Instant time() {
      return t.creationTime();
    }

    public String key() {
      return t.record().rawId();
    }
  }

  public InMemoryMessageSource() {
    this(new ApiCalls(), DEFAULT_PAGE_SIZE);
  }

  public InMemoryMessageSource(ApiCalls apiCalls) {
    this(apiCalls, DEFAULT_PAGE_SIZE);
  }

  public InMemoryMessageSource(ApiCalls apiCalls, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be positive");
    }
    this.apiCalls = Objects.requireNonNull(apiCalls, "apiCalls");
    this.pageSize = pageSize;
  }

  public static InMemoryMessageSource holding(Collection<SmsMessage> messages) {
    return new InMemoryMessageSource().addAll(messages);
  }

  /** Adds (or replaces, by id) messages; each goes to its own extension's store. */
  public InMemoryMessageSource add(SmsMessage... more) {
    return addAll(List.of(more));
  }

  public InMemoryMessageSource addAll(Collection<SmsMessage> more) {
    synchronized (lock) {
      for (SmsMessage m : more) {
        messages.computeIfAbsent(m.extension(), k -> new LinkedHashMap<>()).put(m.id().value(), m);
        logChange(m.extension(), m.id().value());
      }
    }
    return this;
  }

  /** Adds a record the source cannot read; it is delivered in windows that contain its time. */
  public InMemoryMessageSource addMalformed(MalformedMessage record, Instant creationTime) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(creationTime, "creationTime");
    synchronized (lock) {
      malformed.computeIfAbsent(record.extension(), k -> new ArrayList<>())
          .add(new TimedMalformed(record, creationTime, ++changes));
    }
    return this;
  }

  public InMemoryMessageSource remove(ExtensionId extension, String messageId) {
    synchronized (lock) {
      Map<String, SmsMessage> m = messages.get(extension);
      if (m != null) {
        m.remove(messageId);
      }
    }
    return this;
  }

  /**
   * Marks a stored message deleted ({@link Availability#DELETED}); it stays whole and is still delivered.
   *
   * @throws IllegalArgumentException when the extension holds no message with that id
   */
  public InMemoryMessageSource delete(ExtensionId extension, String messageId) {
    return change(extension, messageId, m -> m.withAvailability(Availability.DELETED));
  }

  /**
   * Marks a stored message purged ({@link Availability#PURGED}): its text, numbers and attachments are dropped
   * (RingCentral: "all attachments are already deleted and the message itself is about to be physically deleted
   * shortly"); id, direction, times, conversation and status stay.
   *
   * @throws IllegalArgumentException when the extension holds no message with that id
   */
  public InMemoryMessageSource purge(ExtensionId extension, String messageId) {
    return change(extension, messageId, InMemoryMessageSource::purged);
  }

  /**
   * Sets a stored message's {@code messageStatus} (e.g. Queued → Delivered), touching its lastModifiedTime.
   *
   * @throws IllegalArgumentException when the extension holds no message with that id
   */
  public InMemoryMessageSource setStatus(ExtensionId extension, String messageId, String status, Instant modifiedAt) {
    return change(extension, messageId, m -> m.withStatus(status, modifiedAt));
  }

  /**
   * Runs {@code change} after each page of a fetch has been handed over and before the next is read, with the
   * number of pages this fetch has served so far (1 after the first). The fake reads the store afresh for each page,
   * so the change is seen by the pages that follow.
   */
  public InMemoryMessageSource betweenPages(Consumer<Integer> change) {
    synchronized (lock) {
      this.betweenPages = Objects.requireNonNull(change);
    }
    return this;
  }

  /** The purged form of a message: what RingCentral keeps of a record about to be physically deleted. */
  static SmsMessage purged(SmsMessage m) {
    return new SmsMessage(m.id(), m.extension(), m.direction(), null, List.of(), "", m.creationTime(),
        m.lastModifiedTime(), m.conversationId(), m.messageStatus(), List.of(), Availability.PURGED);
  }

  private InMemoryMessageSource change(ExtensionId extension, String messageId,
      java.util.function.UnaryOperator<SmsMessage> how) {
    synchronized (lock) {
      Map<String, SmsMessage> m = messages.get(extension);
      SmsMessage old = m == null ? null : m.get(messageId);
      if (old == null) {
        throw new IllegalArgumentException("extension " + extension + " holds no message " + messageId);
      }
      m.put(messageId, how.apply(old));
      logChange(extension, messageId);
    }
    return this;
  }

  private void logChange(ExtensionId extension, String messageId) {
    Instant at = syncClock == null ? null : syncClock.instant();
    changeLog.computeIfAbsent(extension, k -> new ArrayList<>()).add(new Change(++changes, messageId, at));
  }

  /**
   * Turns Message Sync on: {@link #supportsMessageSync()} becomes true and each sync's {@code syncTime} is read from
   * {@code clock} (the run's clock in a test, so sync times line up with the run's watermarks).
   */
  public InMemoryMessageSource withMessageSync(Clock clock) {
    synchronized (lock) {
      this.syncClock = Objects.requireNonNull(clock, "clock");
    }
    return this;
  }

  /**
   * Makes an incremental sync also answer again every record changed (by the sync clock) within {@code overlap}
   * before its token's {@code syncTime}, in its current form, as RingCentral repeats the 5 seconds before it
   * (https://developers.ringcentral.com/guide/messaging/message-store/message-sync, "ISync time + Delta, where Delta is
   * 5 sec"). Off (zero) by default.
   */
  public InMemoryMessageSource withSyncOverlap(java.time.Duration overlap) {
    if (overlap.isNegative()) {
      throw new IllegalArgumentException("overlap must not be negative");
    }
    synchronized (lock) {
      this.syncOverlap = overlap;
    }
    return this;
  }

  /**
   * Makes every token issued so far for the extension invalid, as an expired or reset sync frame would: the next
   * incremental sync with one of them throws {@link SyncTokenRejectedException}. Tokens issued later work.
   */
  public InMemoryMessageSource rejectTokensOf(ExtensionId extension) {
    synchronized (lock) {
      tokens.values().removeIf(t -> t.extension().equals(extension));
    }
    return this;
  }

  @Override
  public boolean supportsMessageSync() {
    synchronized (lock) {
      return syncClock != null;
    }
  }

  /**
   * A full sync (every stored record of the extension created at or after {@code dateFrom}, deleted and purged ones
   * included) or an incremental one (the current form of every record added or changed since the token; a record
   * {@link #remove}d since is gone and not returned), newest first in pages of {@link #pageSize()}, each page one
   * RingCentral call (an empty answer still costs one). The failure injections of {@link #failAfterPages} and
   * {@link #failFetchesOf} apply.
   *
   * @throws SyncTokenRejectedException for a token this fake did not issue for this extension, or one made invalid
   *     by {@link #rejectTokensOf}; nothing is delivered (the refused request counts one call)
   * @throws UnsupportedOperationException before {@link #withMessageSync}
   */
  @Override
  public MessageSyncCheckpoint messageSync(ExtensionId extension, MessageSyncRequest request, Consumer<Page> pages) {
    List<Item> items = new ArrayList<>();
    long upTo;
    Instant syncTime;
    synchronized (lock) {
      if (syncClock == null) {
        throw new UnsupportedOperationException("InMemoryMessageSource: call withMessageSync(clock) first");
      }
      syncRequests.add(new SyncRequest(extension, request));
      Map<String, SmsMessage> store = messages.getOrDefault(extension, Map.of());
      List<TimedMalformed> bad = malformed.getOrDefault(extension, List.of());
      if (request instanceof MessageSyncRequest.Incremental inc) {
        IssuedToken from = tokens.get(inc.syncToken());
        if (from == null || !from.extension().equals(extension)) {
          apiCalls.increment(ApiCalls.RINGCENTRAL);
          throw new SyncTokenRejectedException(ApiCalls.RINGCENTRAL, "RingCentral refused the Message Sync token of "
              + "extension " + extension + " (unknown, expired or of another extension; injected by InMemoryMessageSource)");
        }
        java.util.Set<String> changed = new java.util.HashSet<>();
        Instant repeatFrom = from.syncTime().minus(syncOverlap);
        changeLog.getOrDefault(extension, List.of()).stream()
            .filter(c -> c.seq() > from.seq()
                || (!syncOverlap.isZero() && c.at() != null && !c.at().isBefore(repeatFrom)))
            .forEach(c -> changed.add(c.messageId()));
        store.values().stream().filter(m -> changed.contains(m.id().value())).forEach(m -> items.add(new Good(m)));
        bad.stream().filter(t -> t.seq() > from.seq()).forEach(t -> items.add(new Bad(t)));
      } else {
        Instant dateFrom = ((MessageSyncRequest.Full) request).dateFrom();
        store.values().stream().filter(m -> !m.creationTime().isBefore(dateFrom)).forEach(m -> items.add(new Good(m)));
        bad.stream().filter(t -> !t.creationTime().isBefore(dateFrom)).forEach(t -> items.add(new Bad(t)));
      }
      upTo = changes;
      syncTime = syncClock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // RingCentral gives milliseconds
    }
    items.sort(Comparator.comparing(Item::time).reversed().thenComparing(Item::key,
        Comparator.nullsFirst(Comparator.reverseOrder())));
    int at = 0;
    do {
      servePage(extension);
      List<Item> slice = items.subList(at, Math.min(items.size(), at + pageSize));
      at += slice.size();
      if (!slice.isEmpty()) {
        List<SmsMessage> good = new ArrayList<>();
        List<MalformedMessage> badOnes = new ArrayList<>();
        for (Item i : slice) {
          if (i instanceof Good g) {
            good.add(g.m());
          } else if (i instanceof Bad b) {
            badOnes.add(b.t().record());
          }
        }
        pages.accept(new Page(good, badOnes));
      }
    } while (at < items.size());
    String token = "ms1-" + HexFormat.of().formatHex(bytes(18));
    synchronized (lock) {
      tokens.put(token, new IssuedToken(extension, upTo, syncTime));
    }
    return new MessageSyncCheckpoint(token, syncTime);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Every {@link #messageSync} call, in order (a refused token's call included). */
  public List<SyncRequest> syncRequests() {
    synchronized (lock) {
      return List.copyOf(syncRequests);
    }
  }

  /**
   * After {@code pages} more pages have been served (across calls), every page request throws an
   * {@link ExternalSystemException} of the given kind, as a service that went down mid-run would.
   */
  public InMemoryMessageSource failAfterPages(int pages, ExternalSystemException.Kind kind) {
    synchronized (lock) {
      this.failAfterPages = pagesServed + pages;
      this.failureKind = Objects.requireNonNull(kind);
    }
    return this;
  }

  public InMemoryMessageSource failAfterPages(int pages) {
    return failAfterPages(pages, ExternalSystemException.Kind.CONNECTION);
  }

  /** Every fetch of this extension throws an {@link ExternalSystemException} of the given kind (others work). */
  public InMemoryMessageSource failFetchesOf(ExtensionId extension, ExternalSystemException.Kind kind) {
    synchronized (lock) {
      failingExtensions.put(extension, Objects.requireNonNull(kind));
    }
    return this;
  }

  public InMemoryMessageSource stopFailing() {
    synchronized (lock) {
      failAfterPages = -1;
      failingExtensions.clear();
    }
    return this;
  }

  /**
   * Serves the window newest first, {@link #pageSize()} items a page. Each page is read afresh from the store (so
   * changes made between pages are seen) and continues below the oldest creation time the previous page reached,
   * leaving out items already delivered: a message present for the whole fetch is delivered exactly once even when
   * others are added, deleted, purged, removed or updated in between.
   */
  @Override
  public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
    synchronized (lock) {
      requests.add(new Request(extension, window));
    }
    // message ids, and malformed records by identity (several may share the id "?")
    java.util.Set<Object> delivered = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Set<String> deliveredIds = new java.util.HashSet<>();
    Instant upTo = null;
    int served = 0;
    while (true) {
      servePage(extension);
      List<Item> items = itemsOf(extension, window, upTo, deliveredIds, delivered);
      List<Item> slice = items.subList(0, Math.min(items.size(), pageSize));
      List<SmsMessage> good = new ArrayList<>();
      List<MalformedMessage> bad = new ArrayList<>();
      for (Item i : slice) {
        if (i instanceof Good g) {
          deliveredIds.add(g.m().id().value());
          good.add(g.m());
        } else if (i instanceof Bad b) {
          delivered.add(b.t());
          bad.add(b.t().record());
        }
      }
      served++;
      if (!slice.isEmpty()) {
        upTo = slice.get(slice.size() - 1).time();
        pages.accept(new Page(good, bad));
      }
      if (items.size() <= pageSize) {
        return;
      }
      Consumer<Integer> hook;
      synchronized (lock) {
        hook = betweenPages;
      }
      hook.accept(served);
    }
  }

  /** The items of the window at or before {@code upTo} (null = any) not yet delivered, newest first. */
  private List<Item> itemsOf(ExtensionId extension, TimeWindow window, Instant upTo, java.util.Set<String> deliveredIds,
      java.util.Set<Object> deliveredBad) {
    List<Item> items = new ArrayList<>();
    synchronized (lock) {
      messages.getOrDefault(extension, Map.of()).values().stream()
          .filter(m -> window.contains(m.creationTime()))
          .forEach(m -> items.add(new Good(m)));
      malformed.getOrDefault(extension, List.of()).stream()
          .filter(t -> window.contains(t.creationTime()))
          .forEach(t -> items.add(new Bad(t)));
    }
    items.removeIf(i -> (upTo != null && i.time().isAfter(upTo))
        || (i instanceof Good g && deliveredIds.contains(g.m().id().value()))
        || (i instanceof Bad b && deliveredBad.contains(b.t())));
    items.sort(Comparator.comparing(Item::time).reversed().thenComparing(Item::key,
        Comparator.nullsFirst(Comparator.reverseOrder())));
    return items;
  }

  private void servePage(ExtensionId extension) {
    synchronized (lock) {
      apiCalls.increment(ApiCalls.RINGCENTRAL);
      ExternalSystemException.Kind kind = failingExtensions.get(extension);
      if (kind != null) {
        throw new ExternalSystemException(ApiCalls.RINGCENTRAL, kind,
            "RingCentral message-store failed for extension " + extension + " (" + kind + ", injected)");
      }
      if (failAfterPages >= 0 && pagesServed >= failAfterPages) {
        throw new ExternalSystemException(ApiCalls.RINGCENTRAL, failureKind,
            "RingCentral message-store failed (" + failureKind + ", injected by InMemoryMessageSource)");
      }
      pagesServed++;
    }
  }

  /** Pages served successfully so far (each one counted one RingCentral call). */
  public long pagesServed() {
    synchronized (lock) {
      return pagesServed;
    }
  }

  public List<Request> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  public int pageSize() {
    return pageSize;
  }

  public List<SmsMessage> messagesOf(ExtensionId extension) {
    synchronized (lock) {
      return List.copyOf(messages.getOrDefault(extension, Map.of()).values());
    }
  }

  public int size() {
    synchronized (lock) {
      return messages.values().stream().mapToInt(Map::size).sum();
    }
  }

  public ApiCalls apiCalls() {
    return apiCalls;
  }
}

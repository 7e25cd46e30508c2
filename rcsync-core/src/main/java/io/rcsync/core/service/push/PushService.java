package io.rcsync.core.service.push;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.PushEvent;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.in.IngestMessagesUseCase;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.in.PushHealth;
import io.rcsync.core.port.in.PushUseCase;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.SyncMessagesUseCase;
import io.rcsync.core.port.in.SyncMode;
import io.rcsync.core.port.out.PushSubscriptions;
import io.rcsync.core.port.out.PushSubscriptions.Status;
import io.rcsync.core.port.out.PushSubscriptions.Subscription;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The long-running half of issue 11 item 4, reusable by any webhook endpoint: takes {@link PushEvent}s without
 * blocking, writes them through the ingest and sync use cases on one worker thread, keeps the RingCentral webhook
 * subscription alive, and reports its health.
 *
 * <ul>
 *   <li><b>Instant texts</b> are micro-batched: the first text of a batch waits {@link PushSettings#linger()} (200 ms)
 *       for others and a batch is written as soon as it holds {@link PushSettings#maxBatch()} (200) texts, so a burst
 *       of 1,000 events costs about ceil(1000/200) = 5 ingest runs (each one batched lookup and one upsert call),
 *       not 1,000. <b>The linger stretches while a batch fills fast:</b> when it ends and at least a quarter of
 *       {@code maxBatch} (50) texts joined the batch during it, the batch waits one more linger, never longer than
 *       {@link PushSettings#maxLinger()} (1 s) after its first text. A burst delivered one event at a time (RingCentral
 *       and the simulator deliver ~100 texts per 200 ms) thus fills whole batches, while a trickle (a few texts per
 *       linger) is written at 200 ms as before; the last batch of a burst waits at most one linger more.
 *   <li><b>Message-store changes</b> are answered by an incremental sync of that extension, unless every record
 *       they announce is an inbound text delivered by its instant event. RingCentral sends both events for each new
 *       inbound SMS, in either order; the store event names its new records ({@code changes[].newMessageIds},
 *       {@link PushEvent.MessageStoreChanged#newMessageIds()}). A store change that reports no updated record and
 *       names only texts already taken as instant events (in the lingering batch, queued or written) is dropped at
 *       once (counted as coalesced). Any other waits {@link PushSettings#storeChangeDelay()} (1 s), so that an instant
 *       event delivered after it can still cover it; then every extension whose held changes still need it (an
 *       update or deletion, an outbound text, a new record no instant event delivered) is synced in one round: one
 *       sync of the whole wave when every extension needs one, else one sync per such extension, queued together.
 *       The changes held for an extension cost one sync (the rest counted as coalesced); changes arriving while its
 *       sync is still queued are folded into it; one arriving while it runs queues exactly one more after its delay.
 *       A store change that names fewer new records than it counts (an older payload) falls back to counting: it is
 *       dropped when it reports no more new records than instant texts of that extension still lingering in the
 *       batch, else synced.
 *   <li><b>Safety net</b>: an incremental sync of every extension of the wave at start (catching up whatever arrived
 *       while the service was down) and then every {@link PushSettings#syncInterval()} ({@code pollWindows.hot}).
 *   <li><b>One writer</b>: every sync and ingest runs on the single worker, so they never overlap and the state file
 *       has one writer.
 *   <li><b>Subscription</b>: at start an {@code Active} subscription to the same address that covers every extension
 *       (and reports its verification token) is reused; otherwise one is created with a fresh random verification
 *       token (32 bytes from {@link SecureRandom}, 43 characters base64url). Every
 *       {@link PushSettings#subscriptionCheck()} (1 minute) the list is read (RingCentral's "Light" rate group): a
 *       subscription with less than a third of its life left is renewed (the life RingCentral granted at the last
 *       create or renew, else {@link PushSettings#subscriptionLifetime()}); one that
 *       is gone, expired, suspended or blacklisted is re-created, followed by a sync of every extension for the events it
 *       missed (health is unhealthy from the moment the check sees it dead until the re-creation succeeds) (RingCentral stops delivering to a blacklisted one for
 *       good: https://developers.ringcentral.com/guide/notifications/webhooks/troubleshooting). A failure is logged
 *       and retried at the next check, never fatal.
 * </ul>
 *
 * <p><b>Nothing is lost when Salesforce is down.</b> A batch whose ingest fails (an exception, an aborted run, or
 * texts a failed call left unwritten) is logged and the health turns unhealthy, but the texts are not kept in memory: they are still in RingCentral's message
 * store, and the next incremental sync (the safety net at the latest) re-reads them and writes them. The same holds
 * for texts left unwritten by {@link #close()} and for events RingCentral delivered while the service was down.
 *
 * <p><b>Per-record failures</b> (a text Salesforce or the roster rejects, e.g. its roster member has no
 * {@code sfUserId}) do not make the service unhealthy: the first {@value #LOGGED_FAILURES} of each batch or sync are
 * logged with message id and reason, all are handed to {@link #recordFailuresTo} and counted in the health.
 * <b>Duplicate deliveries</b> of a text already in the lingering batch are dropped (the later copy kept), counted and
 * named in the batch's log line, so its counts add up.
 *
 * <p><b>Stopping.</b> {@link #drain()} finishes the writes; {@link #releaseSubscription()} deletes the subscription
 * (a clean stop leaves nothing delivering to a dead address). Without it the subscription is kept and a restart
 * reuses it (what a crash leaves behind).
 *
 * <p>Thread-safe. Log lines go to the given consumer: one per subscription action, per batch and per sync; never a
 * token.
 */
public final class PushService implements PushUseCase, AutoCloseable {
  private static final Optional<ExtensionId> ALL = Optional.empty();
  /**
   * How many instant-event ids are remembered to recognise their store events: far more than arrive within one
   * {@link PushSettings#storeChangeDelay()}; a text forgotten earlier only costs a sync.
   */
  static final int REMEMBERED = 20_000;
  /** How many failed texts of one batch or sync are logged with their reason (all go to the failure sink). */
  static final int LOGGED_FAILURES = 3;
  /**
   * The reasons core gives a text that a whole call or a stopped run left unwritten (NoteWriter: "not written: …" /
   * "not looked up: …" for a failed Salesforce call, "Matter/Intake lookup failed: …"; RunLedger: "not processed: run
   * stopped (…)"): a system failure, unlike a record Salesforce or the roster rejects (e.g. a member without sfUserId),
   * which re-reading cannot repair and which must not keep the service unhealthy.
   */
  private static final Pattern SYSTEM_FAILURE = Pattern.compile(
      "^(not written: |not looked up: |not processed: run stopped|Matter/Intake lookup failed: )");
  /** One extension's instant-SMS or message-store event filter, as rcsync creates them (any account). */
  private static final Pattern RCSYNC_FILTER = Pattern.compile(
      "^/restapi/v1\\.0/account/[^/?]+/extension/([^/?]+)/message-store(/instant\\?type=SMS)?$");

  /** The store changes of one extension waiting for their delay. */
  private static final class HeldChanges {
    int events;
    /** An update, a deletion, an outbound text or an unnamed new record: the sync is needed whatever arrives. */
    boolean mustSync;
    /** New records not (yet) taken as instant events when their store change arrived. */
    final Set<MessageId> newIds = new LinkedHashSet<>();
  }

  private final PushSettings settings;
  private final SyncMessagesUseCase sync;
  private final IngestMessagesUseCase ingest;
  private final PushSubscriptions subscriptions;
  private final Clock clock;
  private final PushTimers timers;
  private final ExecutorService worker;
  private final Consumer<String> log;
  private final SecureRandom random = new SecureRandom();

  private final Object lock = new Object();
  // guarded by lock
  private final List<SmsMessage> pending = new ArrayList<>();
  private PushTimers.Timer lingerTimer;
  /**
   * How long the lingering batch has been set to wait so far (the sum of its timers' delays, so the cap holds on the
   * timers' own time whatever the clock): never more than {@link PushSettings#maxLinger()}.
   */
  private Duration lingered = Duration.ZERO;
  /** How many texts the lingering batch held when its linger last started (its first text, or the last stretch). */
  private int heldAtLingerStart;
  /** Bumped by every batch handed to the worker, so a linger timer that fires after its batch left does nothing. */
  private long batchSeq;
  private final Set<Optional<ExtensionId>> syncsQueued = new HashSet<>();
  /** Per extension, the instant texts in the lingering batch not yet matched by their own store-change event. */
  private final Map<ExtensionId, Integer> instantCredits = new HashMap<>();
  /** Ids of the texts taken as instant events (lingering, queued or written), the most recent {@value #REMEMBERED}. */
  private final Map<MessageId, Boolean> instantIds = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<MessageId, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };
  /** Store changes waiting for their delay, per extension, in arrival order. */
  private final Map<ExtensionId, HeldChanges> held = new LinkedHashMap<>();
  private PushTimers.Timer heldTimer;
  /** Bumped by every round of held store changes, so a stale delay timer does nothing. */
  private long heldSeq;
  private boolean started;
  private volatile boolean closing;

  // subscription state: written by the check on the timer thread, read anywhere
  private volatile Subscription subscription;
  private volatile byte[] verificationToken;
  /**
   * The token of a subscription being created: RingCentral may deliver as soon as it has created it, before its answer
   * reaches us, so deliveries carrying it are accepted from the start of the request.
   */
  private volatile byte[] creatingToken;
  /** The list {@link #adoptExisting()} read: the first check uses it instead of asking RingCentral again. */
  private volatile List<Subscription> listedBeforeStart;
  private volatile String subscriptionError;
  /** The life RingCentral granted at the last create or renew (it may grant less than asked). */
  private volatile Duration grantedLife;
  /** A live subscription died: once one is re-created, a sync of every extension reads what was not delivered. */
  private volatile boolean missedEvents;

  private volatile PushHealth.RunFacts lastSync;
  private volatile PushHealth.RunFacts lastIngest;
  private final AtomicInteger queuedWrites = new AtomicInteger();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong instant = new AtomicLong();
  private final AtomicLong storeChanges = new AtomicLong();
  private final AtomicLong coalesced = new AtomicLong();
  private final AtomicLong other = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong ingested = new AtomicLong();
  private final AtomicLong recordFailures = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  /** Duplicate deliveries dropped from the lingering batch; guarded by lock, handed to the batch's log line. */
  private int pendingDuplicates;
  /** Where the texts a batch or sync could not write go (serve's failures CSV); none by default. */
  private volatile Consumer<List<MessageIssue>> failureSink = issues -> {};
  /** Whether a subscription was ever live (adopted or created) in this service's life. */
  private volatile boolean everLive;
  /** Set by {@link #releaseSubscription()}: the keeper creates and renews nothing any more. */
  private volatile boolean released;
  /** Serialises the subscription check with {@link #releaseSubscription()}. */
  private final Object keeper = new Object();
  /** Whether the stale subscriptions of earlier addresses were looked for (once, on the first list read). */
  private volatile boolean staleChecked;
  private volatile boolean deleteStale;

  /**
   * @param sync runs the incremental syncs (an {@code RcSync} with a state store)
   * @param ingest writes pushed texts (the same {@code RcSync})
   * @param timers the linger, safety-net and subscription timers ({@link PushTimers#onThread} in production)
   * @param worker runs every write; must run one task at a time, in order (a single-thread executor); shut down by
   *     {@link #close()}
   * @param log receives one line per subscription action, batch and sync
   */
  public PushService(PushSettings settings, SyncMessagesUseCase sync, IngestMessagesUseCase ingest,
      PushSubscriptions subscriptions, Clock clock, PushTimers timers, ExecutorService worker, Consumer<String> log) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sync = Objects.requireNonNull(sync, "sync");
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.worker = Objects.requireNonNull(worker, "worker");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** With its own timer thread and single writer thread (daemon threads, named {@code rcsync-push-*}). */
  public static PushService withThreads(PushSettings settings, SyncMessagesUseCase sync, IngestMessagesUseCase ingest,
      PushSubscriptions subscriptions, Clock clock, Consumer<String> log) {
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "rcsync-push-writer");
      t.setDaemon(true);
      return t;
    });
    return new PushService(settings, sync, ingest, subscriptions, clock, PushTimers.onThread("rcsync-push-timers"),
        worker, log);
  }

  /**
   * Where the texts a pushed batch or a sync could not write are handed (message id, extension, counterparty, reason;
   * called on the writer thread, once per batch or sync with failures), e.g. {@code rcsync serve}'s failures CSV.
   * Call before {@link #start()}.
   */
  public PushService recordFailuresTo(Consumer<List<MessageIssue>> sink) {
    this.failureSink = Objects.requireNonNull(sink, "sink");
    return this;
  }

  /**
   * Whether stale subscriptions (see {@link #adoptExisting()}) are deleted at start instead of only warned about.
   * Off by default: such a subscription may be another running service's. Call before {@link #adoptExisting()}.
   */
  public PushService deleteStaleSubscriptions(boolean delete) {
    this.deleteStale = delete;
    return this;
  }

  /** Whether a subscription was live (reused or created) at any moment of this service's life. */
  public boolean subscriptionEverLive() {
    return everLive;
  }

  /**
   * On a clean stop: deletes the subscription this service keeps, so nothing goes on delivering to an address that no
   * longer answers (RingCentral blacklists such an address), and stops keeping it (no later check renews or
   * re-creates one). One log line either way; a failure is logged, not thrown (the subscription then expires by
   * itself, and a restart reuses it). Safe from any thread; blocks on the RingCentral call.
   *
   * @return whether a subscription was deleted
   */
  public boolean releaseSubscription() {
    synchronized (keeper) {
      released = true;
      Subscription s = subscription;
      if (s == null) {
        return false;
      }
      try {
        subscriptions.delete(s.id());
        subscription = null;
        verificationToken = null;
        log.accept("push: deleted subscription " + s.id() + " on stopping: nothing delivers to "
            + PushSubscriptions.shown(settings.address()) + " any more; the next start subscribes afresh");
        return true;
      } catch (RuntimeException e) {
        log.accept("push: could not delete subscription " + s.id() + " on stopping (" + e.getMessage()
            + "); it expires " + s.expiresAt() + ", and a restart reuses it");
        return false;
      }
    }
  }

  /**
   * Starts the timers: the subscription check and the start-up sync now, then the safety net every
   * {@code syncInterval}. Call once the webhook endpoint answers (creating a subscription makes RingCentral call it
   * with a {@code Validation-Token} first). Returns at once.
   */
  public void start() {
    synchronized (lock) {
      if (started || closing) {
        throw new IllegalStateException("the push service can be started once");
      }
      started = true;
    }
    timers.every(Duration.ZERO, settings.subscriptionCheck(), this::checkSubscription);
    timers.every(Duration.ZERO, settings.syncInterval(), () -> requestSync(ALL));
  }

  /**
   * Before the webhook endpoint listens: reads RingCentral's subscription list once and adopts an {@code Active}
   * subscription to this address that covers every extension and reports its verification token (as
   * {@link #start()}'s first check would), so its deliveries are accepted from the first moment the endpoint answers
   * instead of refused with 403 until that check has run. Only the list is read: nothing is created (a create needs
   * the endpoint to answer RingCentral's handshake) or renewed, which {@code start()}'s first check does at once as
   * usual, on the list read here (also when none was reusable; when RingCentral could not be reached, which is
   * logged, it reads the list itself). Call before {@code start()}.
   *
   * <p>On this first list read, every {@code Active} subscription of rcsync's shape (the same webhook path at another
   * address, e.g. an earlier {@code --public-url} such as {@code localhost} instead of {@code 127.0.0.1}, with
   * exactly this wave's instant-SMS and message-store filters) is logged as stale, one warning line each naming its
   * id, address and expiry and how to remove it; with {@link #deleteStaleSubscriptions(boolean)} it is deleted
   * instead. Subscriptions of any other shape are never touched or reported.
   *
   * @return whether a subscription was adopted
   */
  public boolean adoptExisting() {
    synchronized (lock) {
      if (started || closing) {
        throw new IllegalStateException("adoptExisting() comes before start()");
      }
    }
    try {
      Instant now = clock.instant();
      List<Subscription> all = subscriptions.list();
      listedBeforeStart = all;
      staleOnes(all, now);
      Optional<Subscription> reusable = all.stream().filter(s -> reusable(s, now)).findFirst();
      if (reusable.isEmpty()) {
        return false;
      }
      adopt(reusable.get(), reusable.get().verificationToken().orElseThrow());
      log.accept("push: reusing subscription " + reusable.get().id() + " (expires " + reusable.get().expiresAt() + ")");
      return true;
    } catch (RuntimeException e) {
      log.accept("push: could not read the subscriptions before listening (" + e.getMessage() + "); checking again "
          + "once listening");
      return false;
    }
  }

  @Override
  public boolean accept(PushEvent event) {
    Objects.requireNonNull(event, "event");
    if (closing) {
      return false;
    }
    received.incrementAndGet();
    if (event instanceof PushEvent.InstantMessage m) {
      instant.incrementAndGet();
      if (settings.extensions().contains(m.message().extension())) {
        addToBatch(m.message());
      } else {
        // a reused subscription may cover more extensions than the wave (or one since removed from it): the sync
        // never writes their texts, so the push must not either
        other.incrementAndGet();
        log.accept("push: text " + m.message().id() + " of extension " + m.message().extension() + ", not in wave "
            + settings.wave() + ": not written (counted as other)");
      }
    } else if (event instanceof PushEvent.MessageStoreChanged c) {
      storeChanges.incrementAndGet();
      if (settings.extensions().contains(c.extension())) {
        storeChanged(c);
      } else {
        other.incrementAndGet();
        log.accept("push: store change for extension " + c.extension() + ", not in wave " + settings.wave()
            + ": ignored (counted as other)");
      }
    } else if (event instanceof PushEvent.Unreadable u) {
      unreadable.incrementAndGet();
      log.accept("push: unreadable webhook delivery (" + u.reason() + "); the next sync catches what it carried");
    } else {
      other.incrementAndGet();
    }
    return true;
  }

  @Override
  public void refused(String reason) {
    refused.incrementAndGet();
  }

  @Override
  public boolean verificationTokenMatches(String presented) {
    if (presented == null) {
      return false;
    }
    byte[] given = presented.getBytes(StandardCharsets.UTF_8);
    byte[] ours = verificationToken;
    byte[] creating = creatingToken;
    boolean current = ours != null && MessageDigest.isEqual(ours, given);
    boolean next = creating != null && MessageDigest.isEqual(creating, given);
    return current | next;
  }

  @Override
  public PushHealth health() {
    Instant now = clock.instant();
    List<String> problems = new ArrayList<>();
    Subscription s = subscription;
    if (closing) {
      problems.add("closing");
    }
    if (s == null) {
      problems.add(subscriptionError == null ? "no subscription yet" : "no subscription: " + subscriptionError);
    } else if (s.status() != Status.ACTIVE || !s.expiresAt().isAfter(now)) {
      problems.add("subscription " + s.id() + " is " + (s.status() == Status.ACTIVE ? "expired" : s.status()));
    }
    PushHealth.RunFacts synced = lastSync;
    PushHealth.RunFacts ingestedLast = lastIngest;
    if (synced == null) {
      problems.add("no sync finished yet");
    } else if (!synced.succeeded()) {
      problems.add("last sync failed");
    }
    if (ingestedLast != null && !ingestedLast.succeeded() && (synced == null || !ingestedLast.at().isBefore(synced.at()))) {
      problems.add("last ingest failed");
    }
    int waiting;
    synchronized (lock) {
      waiting = pending.size();
    }
    Optional<PushHealth.SubscriptionFacts> facts = s == null ? Optional.empty()
        : Optional.of(new PushHealth.SubscriptionFacts(s.id(), s.status().name(), s.expiresAt(),
            Optional.ofNullable(subscriptionError)));
    return new PushHealth(problems.isEmpty(), problems, facts, Optional.ofNullable(synced),
        Optional.ofNullable(ingestedLast), received.get(), instant.get(), storeChanges.get(), coalesced.get(),
        other.get(), unreadable.get(), refused.get(), ingested.get(), recordFailures.get(), duplicates.get(),
        waiting + queuedWrites.get());
  }

  /**
   * Stops taking events, writes the batch still lingering, lets the writes in flight and queued batches finish within
   * {@link PushSettings#closeDeadline()} (10 s), and returns. Syncs queued but not started are dropped (the next start
   * catches up). Texts left unwritten (the deadline passed, Salesforce is down) are not lost: the next incremental
   * sync re-reads them from RingCentral. The subscription is kept (a restart reuses it) unless
   * {@link #releaseSubscription()} deletes it. See {@link #drain()}.
   */
  @Override
  public void close() {
    drain();
  }

  /**
   * As {@link #close()}, returning whether every write finished within the deadline. A service never started that
   * never took an event (its endpoint could not listen) just shuts its threads down, without a log line.
   */
  public boolean drain() {
    boolean idle;
    synchronized (lock) {
      if (closing) {
        return worker.isTerminated();
      }
      closing = true;
      // never started and never handed an event (e.g. its endpoint could not listen): nothing ran, nothing to say
      idle = !started && received.get() == 0;
      if (!pending.isEmpty()) {
        submitBatch();
      }
      if (!held.isEmpty()) {
        int events = held.values().stream().mapToInt(h -> h.events).sum();
        log.accept("push: " + events + " store change(s) of " + held.size() + " extension(s) not synced before "
            + "stopping; the next start-up sync reads them");
        held.clear();
        heldSeq++;
        heldTimer = null;
      }
    }
    timers.shutdown();
    worker.shutdown();
    if (idle) {
      return true;
    }
    boolean done;
    try {
      done = worker.awaitTermination(settings.closeDeadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done = false;
    }
    if (!done) {
      List<Runnable> dropped = worker.shutdownNow();
      log.accept("push: stopped after " + settings.closeDeadline().toSeconds() + " s with a write still running and "
          + dropped.size() + " queued; the next sync re-reads those texts from RingCentral");
    } else {
      log.accept("push: stopped; every write finished");
    }
    return done;
  }

  // ---- batching ----

  private void addToBatch(SmsMessage message) {
    synchronized (lock) {
      for (int i = 0; i < pending.size(); i++) {
        if (pending.get(i).id().equals(message.id())) {
          // RingCentral re-delivered an event (it may): one text, written once; the later copy is kept
          pending.set(i, message);
          pendingDuplicates++;
          duplicates.incrementAndGet();
          return;
        }
      }
      pending.add(message);
      instantCredits.merge(message.extension(), 1, Integer::sum);
      instantIds.put(message.id(), Boolean.TRUE);
      if (pending.size() >= settings.maxBatch()) {
        submitBatch();
      } else if (lingerTimer == null) {
        long seq = batchSeq;
        lingered = settings.linger();
        heldAtLingerStart = 0;
        lingerTimer = timers.after(settings.linger(), () -> lingerExpired(seq));
      }
    }
  }

  /**
   * A store change of an extension of the wave: dropped when it only announces texts taken as instant events, else
   * held for {@link PushSettings#storeChangeDelay()}.
   */
  private void storeChanged(PushEvent.MessageStoreChanged c) {
    synchronized (lock) {
      if (closing) {
        return;
      }
      if (announcesOnlyInstantTexts(c)) {
        coalesced.incrementAndGet();
        return;
      }
      HeldChanges h = held.computeIfAbsent(c.extension(), e -> new HeldChanges());
      h.events++;
      if (c.updatedCount() > 0 || !c.newRecordsNamed()) {
        h.mustSync = true;
      } else {
        c.newMessageIds().stream().filter(id -> !instantIds.containsKey(id)).forEach(h.newIds::add);
      }
      if (heldTimer == null) {
        long seq = heldSeq;
        heldTimer = timers.after(settings.storeChangeDelay(), () -> storeChangesDue(seq));
      }
    }
  }

  /**
   * Whether a store change only announces new inbound texts already taken as instant events; the caller holds
   * {@link #lock}. With the new records named: no updated record and every named id taken. Without (an older
   * payload): no updated record and no more new records than instant texts of that extension still lingering in the
   * batch and not yet matched by another store change (RingCentral sends one store change per instant text).
   */
  private boolean announcesOnlyInstantTexts(PushEvent.MessageStoreChanged c) {
    if (c.updatedCount() != 0 || c.newCount() < 1) {
      return false;
    }
    if (c.newRecordsNamed()) {
      return c.newMessageIds().stream().allMatch(instantIds::containsKey);
    }
    int credits = instantCredits.getOrDefault(c.extension(), 0);
    if (c.newCount() > credits) {
      return false;
    }
    instantCredits.put(c.extension(), credits - c.newCount());
    return true;
  }

  /**
   * The delay of round {@code seq} of held store changes is over: each extension whose changes still need a sync
   * (instant events that arrived meanwhile may have covered the new records) gets one, all in this round.
   */
  private void storeChangesDue(long seq) {
    synchronized (lock) {
      if (seq != heldSeq) {
        return;
      }
      heldSeq++;
      heldTimer = null;
      Set<ExtensionId> toSync = new LinkedHashSet<>();
      for (Map.Entry<ExtensionId, HeldChanges> e : held.entrySet()) {
        HeldChanges h = e.getValue();
        boolean needed = h.mustSync || h.newIds.stream().anyMatch(id -> !instantIds.containsKey(id));
        if (needed) {
          toSync.add(e.getKey());
        }
        coalesced.addAndGet(needed ? h.events - 1 : h.events);
      }
      held.clear();
      if (toSync.size() > 1 && toSync.containsAll(settings.extensions())) {
        // one run reads every extension and writes their texts in shared batches
        coalesced.addAndGet(toSync.size() - 1);
        requestSync(ALL);
      } else {
        toSync.forEach(e -> requestSync(Optional.of(e)));
      }
    }
  }

  /**
   * The linger (or a stretch of it) of batch {@code seq} is over: the batch is written, unless it is still filling
   * fast (at least a quarter of {@code maxBatch} texts joined it during this linger) and has waited less than
   * {@link PushSettings#maxLinger()}; then it waits one more linger, cut to end at {@code maxLinger} after its first
   * text. A cancelled timer may still fire (its task had started when the batch filled up and left): then {@code seq}
   * is stale and the texts pending now, which belong to the next batch and have their own timer, are left to wait
   * their own linger.
   */
  private void lingerExpired(long seq) {
    synchronized (lock) {
      if (seq != batchSeq) {
        return;
      }
      lingerTimer = null;
      if (pending.isEmpty()) {
        return;
      }
      int joined = pending.size() - heldAtLingerStart;
      Duration left = settings.maxLinger().minus(lingered);
      if (stillFilling(joined) && left.compareTo(Duration.ZERO) > 0) {
        heldAtLingerStart = pending.size();
        Duration wait = left.compareTo(settings.linger()) < 0 ? left : settings.linger();
        lingered = lingered.plus(wait);
        lingerTimer = timers.after(wait, () -> lingerExpired(seq));
      } else {
        submitBatch();
      }
    }
  }

  /** Whether {@code joined} texts in one linger mean the batch is filling fast: at least a quarter of a batch. */
  private boolean stillFilling(int joined) {
    return joined >= Math.max(1, (settings.maxBatch() + 3) / 4);
  }

  /** Hands the pending texts to the worker; the caller holds {@link #lock}. */
  private void submitBatch() {
    if (lingerTimer != null) {
      lingerTimer.cancel();
      lingerTimer = null;
    }
    batchSeq++;
    List<SmsMessage> batch = List.copyOf(pending);
    int dropped = pendingDuplicates;
    pending.clear();
    pendingDuplicates = 0;
    instantCredits.clear();
    queuedWrites.incrementAndGet();
    try {
      worker.execute(() -> runIngest(batch, dropped));
    } catch (RuntimeException rejected) {
      queuedWrites.decrementAndGet();
      log.accept("push: " + batch.size() + " pushed text(s) not written (the writer has stopped); the next sync "
          + "re-reads them");
    }
  }

  private void runIngest(List<SmsMessage> batch, int dropped) {
    queuedWrites.decrementAndGet();
    Instant started = clock.instant();
    String texts = batch.size() + " pushed text(s)"
        + (dropped == 0 ? "" : " (" + dropped + " duplicate deliver" + (dropped == 1 ? "y" : "ies") + " dropped)");
    try {
      RunReport report = ingest.ingest(batch, false);
      Counts t = report.totals();
      if (report.aborted().isPresent() || t.failed() > 0) {
        forget(batch);
      }
      boolean ok = !systemFailure(report);
      ingested.addAndGet(Math.max(0, t.fetched() - t.failed()));
      String line = texts + ": created " + t.created() + ", updated " + t.updated()
          + ", unchanged " + t.unchanged() + ", unmatched " + t.unmatched() + ", filtered " + t.intakerFiltered()
          + ", held " + t.held() + ", failed " + t.failed() + files(report)
          + report.aborted().map(a -> ", aborted: " + a).orElse("") + " in " + millis(started) + " ms";
      lastIngest = new PushHealth.RunFacts(clock.instant(), ok, line);
      log.accept("push: batch of " + line + (t.failed() == 0 && report.aborted().isEmpty() ? ""
          : ok ? "; the failed text(s) need a fix, see below" : "; the next sync re-reads the texts not written"));
      failures(report);
    } catch (RuntimeException e) {
      forget(batch);
      String line = texts + " not written: " + e.getMessage();
      lastIngest = new PushHealth.RunFacts(clock.instant(), false, line);
      log.accept("push: batch of " + line + "; the next sync re-reads them");
    }
  }

  /**
   * The run's MMS media figures for a log line (issue 12), when it met any: "; files copied C, already stored S,
   * refused R, failed F" (a failed file is copied by the next sync, which re-reads its text).
   */
  private static String files(RunReport report) {
    var f = report.fileTotals();
    return f.media() == 0 ? "" : "; files copied " + f.copied() + ", already stored " + f.alreadyStored()
        + ", refused " + f.refused() + (f.skipped() > 0 ? ", skipped " + f.skipped() : "") + ", failed " + f.failed()
        + (f.unavailable() > 0 ? ", unavailable " + f.unavailable() : "")
        + (f.linksMoved() > 0 ? ", links moved " + f.linksMoved() : "");
  }

  /**
   * A system failure, as opposed to per-record failures: the run stopped, or a text failed because a whole call or
   * the run failed ({@link #SYSTEM_FAILURE}). Exceptions are handled by the callers.
   */
  private static boolean systemFailure(RunReport report) {
    return report.aborted().isPresent()
        || report.failures().stream().anyMatch(f -> SYSTEM_FAILURE.matcher(f.reason()).find());
  }

  /**
   * Counts a run's failed texts and MMS files, logs the first {@value #LOGGED_FAILURES} with their reason, hands all
   * to the sink (serve's {@code <day>-serve-failures.csv}). Each MMS file that failed, was unavailable or was refused
   * by {@code attachments.*} is one row too, keyed by its text's message id, its reason starting "MMS file NAME
   * (attachment ID) OUTCOME: "; failed and unavailable files count in {@code recordFailures} (serve's verdict) as
   * failed texts do, refused ones are listed only (a policy decision, not a failure).
   */
  private void failures(RunReport report) {
    List<MessageIssue> failed = new ArrayList<>(report.failures());
    long counted = failed.size();
    for (FileIssue f : report.files()) {
      boolean failure = f.outcome() == FileIssue.Outcome.FAILED || f.outcome() == FileIssue.Outcome.UNAVAILABLE;
      if (failure || f.outcome() == FileIssue.Outcome.OVER_LIMIT || f.outcome() == FileIssue.Outcome.TYPE_REFUSED) {
        failed.add(new MessageIssue(f.messageId(), f.extension(), "", "MMS file " + f.fileName() + " (attachment "
            + f.attachmentId() + ") " + f.outcome().label() + ": " + f.reason()));
        counted += failure ? 1 : 0;
      }
    }
    if (failed.isEmpty()) {
      return;
    }
    recordFailures.addAndGet(counted);
    for (MessageIssue f : failed.subList(0, Math.min(LOGGED_FAILURES, failed.size()))) {
      log.accept("push: failed: text " + f.messageId() + " of extension " + f.extension() + ": " + f.reason());
    }
    if (failed.size() > LOGGED_FAILURES) {
      log.accept("push: failed: " + (failed.size() - LOGGED_FAILURES) + " more text(s), each in the failures file");
    }
    try {
      failureSink.accept(failed);
    } catch (RuntimeException e) {
      log.accept("push: could not record " + failed.size() + " failed text(s) (" + e.getMessage() + ")");
    }
  }

  /**
   * A batch not (wholly) written: its texts no longer cover their store changes, so a later one is synced. Those
   * already dropped are caught by the next sync, as the class says.
   */
  private void forget(List<SmsMessage> batch) {
    synchronized (lock) {
      batch.forEach(m -> instantIds.remove(m.id()));
    }
  }

  // ---- syncs ----

  private void requestSync(Optional<ExtensionId> extension) {
    synchronized (lock) {
      if (closing) {
        return;
      }
      // a queued sync of every extension covers this one; a queued sync of this extension is this one
      if (syncsQueued.contains(ALL) || syncsQueued.contains(extension)) {
        if (extension.isPresent()) {
          coalesced.incrementAndGet();
        }
        return;
      }
      syncsQueued.add(extension);
      queuedWrites.incrementAndGet();
      try {
        worker.execute(() -> runSync(extension));
      } catch (RuntimeException rejected) {
        syncsQueued.remove(extension);
        queuedWrites.decrementAndGet();
      }
    }
  }

  private void runSync(Optional<ExtensionId> extension) {
    synchronized (lock) {
      syncsQueued.remove(extension);
      queuedWrites.decrementAndGet();
      if (closing) {
        return;
      }
    }
    String what = extension.map(e -> "extension " + e).orElse("wave " + settings.wave());
    Instant started = clock.instant();
    try {
      RunReport report = sync.sync(new SyncCommand(SyncMode.INCREMENTAL, settings.wave(), extension, Optional.empty(),
          Optional.empty(), false, ProgressListener.NONE));
      Counts t = report.totals();
      boolean ok = !systemFailure(report);
      String line = "sync of " + what + ": fetched " + t.fetched() + ", created " + t.created() + ", updated "
          + t.updated() + ", failed " + t.failed() + files(report) + report.aborted().map(a -> ", aborted: " + a).orElse("")
          + " in " + millis(started) + " ms";
      lastSync = new PushHealth.RunFacts(clock.instant(), ok, line);
      log.accept("push: " + line);
      failures(report);
    } catch (RuntimeException e) {
      String line = "sync of " + what + " failed: " + e.getMessage();
      lastSync = new PushHealth.RunFacts(clock.instant(), false, line);
      log.accept("push: " + line + "; retried at the next change or safety-net sync");
    }
  }

  // ---- subscription ----

  /** One check: reuse, renew or (re-)create; a failure is logged and retried at the next check. */
  void checkSubscription() {
    synchronized (keeper) {
      if (closing || released) {
        return;
      }
      keepSubscription();
    }
  }

  private void keepSubscription() {
    try {
      Instant now = clock.instant();
      List<Subscription> listed = listedBeforeStart;
      listedBeforeStart = null;
      // the list adoptExisting() read moments ago: the start costs RingCentral one list call either way
      List<Subscription> all = listed != null ? listed : subscriptions.list();
      staleOnes(all, now);
      Subscription mine = subscription;
      if (mine == null) {
        Optional<Subscription> reusable = all.stream().filter(s -> reusable(s, now)).findFirst();
        if (reusable.isPresent()) {
          adopt(reusable.get(), reusable.get().verificationToken().orElseThrow());
          log.accept("push: reusing subscription " + reusable.get().id() + " (expires " + reusable.get().expiresAt()
              + ")");
          renewIfDue(reusable.get(), now);
        } else {
          create("no active subscription to " + settings.address() + " covers the wave");
        }
        subscriptionError = null;
        return;
      }
      Optional<Subscription> seen = all.stream().filter(s -> s.id().equals(mine.id())).findFirst();
      if (seen.isEmpty()) {
        subscription = null; // health says so until the re-creation succeeds
        missedEvents = true;
        create("subscription " + mine.id() + " is gone");
      } else if (seen.get().status() != Status.ACTIVE || !seen.get().expiresAt().isAfter(now)) {
        Subscription dead = seen.get();
        String why = "subscription " + dead.id() + " is "
            + (dead.status() == Status.ACTIVE ? "expired" : dead.status().name().toLowerCase(java.util.Locale.ROOT));
        subscription = dead; // health shows it dead until the re-creation succeeds
        missedEvents = true;
        deleteQuietly(dead.id());
        create(why);
      } else {
        subscription = seen.get();
        renewIfDue(seen.get(), now);
      }
      subscriptionError = null;
    } catch (RuntimeException e) {
      subscriptionError = String.valueOf(e.getMessage());
      log.accept("push: subscription check failed (" + e.getMessage() + "); retrying in "
          + settings.subscriptionCheck().toSeconds() + " s");
    }
  }

  /** Events RingCentral did not deliver while the subscription was dead are caught by a sync of every extension. */
  private void catchUp() {
    log.accept("push: syncing every extension of wave " + settings.wave() + " for what the dead subscription missed");
    requestSync(ALL);
  }

  private boolean reusable(Subscription s, Instant now) {
    return s.status() == Status.ACTIVE && s.expiresAt().isAfter(now)
        && s.address().filter(settings.address()::equals).isPresent()
        && s.extensions().containsAll(settings.extensions())
        && s.verificationToken().filter(t -> !t.isBlank()).isPresent();
  }

  private void renewIfDue(Subscription s, Instant now) {
    Duration left = Duration.between(now, s.expiresAt());
    Duration life = grantedLife != null ? grantedLife : settings.subscriptionLifetime();
    if (left.compareTo(life.dividedBy(3)) >= 0) {
      return;
    }
    try {
      Subscription renewed = subscriptions.renew(s.id());
      subscription = renewed;
      grantedLife = Duration.between(now, renewed.expiresAt());
      log.accept("push: renewed subscription " + s.id() + " until " + renewed.expiresAt());
    } catch (RuntimeException e) {
      log.accept("push: renewing subscription " + s.id() + " failed (" + e.getMessage() + "); creating a new one");
      create("renewal of " + s.id() + " failed");
      // the old one would go on delivering every event a second time (with a token no longer accepted) until it
      // expires, and RingCentral blacklists a webhook address that keeps answering with errors
      deleteQuietly(s.id());
    }
  }

  private void create(String why) {
    String token = newVerificationToken();
    creatingToken = token.getBytes(StandardCharsets.UTF_8);
    Subscription created;
    try {
      created = subscriptions.create(new PushSubscriptions.Request(settings.extensions(), settings.address(), token,
          settings.subscriptionLifetime()));
      adopt(created, token);
    } finally {
      creatingToken = null;
    }
    grantedLife = Duration.between(clock.instant(), created.expiresAt());
    log.accept("push: created subscription " + created.id() + " for " + settings.extensions().size()
        + " extension(s) to " + settings.address() + " (" + why + "; expires " + created.expiresAt() + ")");
    if (missedEvents) {
      missedEvents = false;
      catchUp();
    }
  }

  private void adopt(Subscription s, String token) {
    verificationToken = token.getBytes(StandardCharsets.UTF_8);
    subscription = s;
    everLive = true;
  }

  /** Once, on the first list read: warns about (or deletes) rcsync-shaped subscriptions to another address. */
  private void staleOnes(List<Subscription> all, Instant now) {
    if (staleChecked) {
      return;
    }
    staleChecked = true;
    for (Subscription s : all) {
      if (!stale(s, now)) {
        continue;
      }
      String where = PushSubscriptions.shown(s.address().orElseThrow());
      if (deleteStale) {
        try {
          subscriptions.delete(s.id());
          log.accept("push: deleted stale subscription " + s.id() + " to " + where + " (same events as this one, "
              + "another address; --delete-stale-subscriptions)");
        } catch (RuntimeException e) {
          log.accept("push: could not delete stale subscription " + s.id() + " to " + where + " (" + e.getMessage()
              + ")");
        }
      } else {
        log.accept("push: warning: stale subscription " + s.id() + " delivers this wave's texts to another address, "
            + where + " (until " + s.expiresAt() + "); if no rcsync serve listens there any more, remove it: restart "
            + "with --delete-stale-subscriptions, or DELETE /restapi/v1.0/subscription/" + s.id());
      }
    }
  }

  /**
   * An {@code Active} subscription of rcsync's shape to another address: the same webhook path (e.g.
   * {@code /ringcentral/webhook}) at another scheme, host or port, and exactly the instant-SMS and message-store
   * filters of this wave's extensions.
   */
  private boolean stale(Subscription s, Instant now) {
    if (s.status() != Status.ACTIVE || !s.expiresAt().isAfter(now) || s.address().isEmpty()) {
      return false;
    }
    URI a = s.address().get();
    if (a.equals(settings.address()) || a.getRawQuery() != null
        || !Objects.equals(a.getRawPath(), settings.address().getRawPath())) {
      return false;
    }
    Set<String> want = new HashSet<>();
    settings.extensions().forEach(e -> {
      want.add("instant " + e.value());
      want.add("store " + e.value());
    });
    Set<String> got = new HashSet<>();
    for (String f : s.eventFilters()) {
      Matcher m = RCSYNC_FILTER.matcher(f);
      if (!m.matches()) {
        return false;
      }
      got.add((m.group(2) == null ? "store " : "instant ") + m.group(1));
    }
    return got.equals(want) && s.eventFilters().size() == want.size();
  }

  private void deleteQuietly(String id) {
    try {
      subscriptions.delete(id);
      log.accept("push: deleted subscription " + id);
    } catch (RuntimeException e) {
      log.accept("push: could not delete subscription " + id + " (" + e.getMessage() + ")");
    }
  }

  private String newVerificationToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private long millis(Instant started) {
    return Math.max(0, Duration.between(started, clock.instant()).toMillis());
  }

  /** The settings this service runs with. */
  public PushSettings settings() {
    return settings;
  }
}

package io.rcsync.core.service;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MatchDecision;
import io.rcsync.core.domain.MatchPolicy;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NormalizedPhone;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.PhoneNormalizer;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.in.IngestMessagesUseCase;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.SyncMessagesUseCase;
import io.rcsync.core.port.in.SyncMode;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.SyncStateStore;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The sync use case: fetch each extension's texts, drop Intaker leads, match the counterparty to a Matter or
 * Intake, upsert Notes, and account for every message.
 *
 * <p>Messages are processed in chunks gathered across extensions: each chunk's new numbers are looked up in one
 * {@link CaseDirectory} call and cached for the run, and Notes are written in full batches of
 * {@link NoteSink#maxBatchSize()} that may span extensions, so API calls grow with numbers and Notes, not with
 * extensions or messages.
 */
public final class SyncService implements SyncMessagesUseCase, IngestMessagesUseCase {
  /** Extensions in a row whose fetch fails with a connection error before the run stops. */
  static final int CONNECTION_FAILURES_TO_STOP = 2;

  private final SyncSettings settings;
  private final MessageSource source;
  private final Optional<ExtensionDirectory> extensionDirectory;
  private final CaseDirectory cases;
  private final NoteSink sink;
  private final SyncStateStore state;
  private final Clock clock;
  private final ApiCalls apiCalls;
  private final MatchPolicy policy;

  public SyncService(
      SyncSettings settings,
      MessageSource source,
      Optional<ExtensionDirectory> extensionDirectory,
      CaseDirectory cases,
      NoteSink sink,
      SyncStateStore state,
      Clock clock,
      ApiCalls apiCalls) {
    this.settings = Objects.requireNonNull(settings);
    this.source = Objects.requireNonNull(source);
    this.extensionDirectory = Objects.requireNonNull(extensionDirectory);
    this.cases = Objects.requireNonNull(cases);
    this.sink = Objects.requireNonNull(sink);
    this.state = Objects.requireNonNull(state);
    this.clock = Objects.requireNonNull(clock);
    this.apiCalls = Objects.requireNonNull(apiCalls);
    this.policy = new MatchPolicy(settings.schema());
  }

  @Override
  public RunReport sync(SyncCommand command) {
    return sync(command, RunObserver.NONE);
  }

  /** Observes a run's messages and Notes, for verification. */
  interface RunObserver {
    RunObserver NONE = new RunObserver() {};

    /** An extension the run syncs (resolved from the roster and directory), with the owner its Notes get. */
    default void target(ExtensionId extension, Optional<SalesforceId> owner) {}

    default void fetched(SmsMessage message) {}

    default void matched(NoteDraft draft) {}
  }

  RunReport sync(SyncCommand command, RunObserver observer) {
    Wave wave = settings.roster().wave(command.wave());
    Run run = new Run(command.dryRun(), command.progress());
    run.observer = observer;
    // whole seconds: windows and watermarks read cleanly in reports, and a text in the cut-off second goes to the next run
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    List<Target> targets = resolveTargets(wave, command, run);
    for (Target target : targets) {
      observer.target(target.extension, target.owner);
      if (run.aborted != null) {
        target.error = "not read: the run stopped first";
        continue;
      }
      Optional<TimeWindow> window = windowFor(command, target, now, run);
      if (window.isEmpty()) {
        continue;
      }
      fetchExtension(target, window.get(), run);
    }
    run.finish();
    if (!command.dryRun()) {
      saveWatermarks(command, targets, run);
    }
    return run.report("sync", command.mode().name().toLowerCase(java.util.Locale.ROOT), command.wave());
  }

  @Override
  public RunReport ingest(List<SmsMessage> messages, boolean dryRun) {
    Run run = new Run(dryRun, ProgressListener.NONE);
    for (SmsMessage m : messages) {
      String name = settings.roster().memberFor(m.extension()).map(StaffMember::name).orElse("?");
      Target target = run.targets.computeIfAbsent(m.extension(),
          ext -> new Target(ext, name, settings.roster().memberFor(ext).flatMap(StaffMember::sfUserId)));
      target.fetchCompleted = true;
      if (run.aborted == null) {
        try {
          run.accept(target, m);
        } catch (RunAborted e) {
          // recorded; the remaining messages are reported below
        }
      } else {
        target.counter.fetched++;
        run.fail(target, m, String.join(" ", m.counterparties()), "not processed: run stopped (" + run.aborted + ")");
      }
    }
    run.finish();
    return run.report("ingest", "push", "-");
  }

  // ---- targets and windows ----------------------------------------------------------------------------

  private List<Target> resolveTargets(Wave wave, SyncCommand command, Run run) {
    List<ExtensionDirectory.Extension> directory = null;
    boolean needDirectory = wave.members().stream().anyMatch(StaffMember::hasExtension);
    if (needDirectory && extensionDirectory.isPresent()) {
      try {
        directory = extensionDirectory.get().listExtensions();
      } catch (ExternalSystemException e) {
        if (e.kind() == ExternalSystemException.Kind.AUTHENTICATION) {
          throw e;
        }
        if (e.kind() == ExternalSystemException.Kind.CONNECTION) {
          // the adapter already retried: every extension's fetch would wait out the same retries against the same
          // service, one after the other (minutes each), so stop now and let the next run try again
          run.abort("RingCentral could not be reached: " + e.getMessage());
        } else {
          run.warnings.add("could not read the RingCentral extension directory (" + e.getMessage()
              + "): using the configured extension ids unchecked");
        }
      }
    }
    List<Target> targets = new ArrayList<>();
    Set<ExtensionId> seen = new HashSet<>();
    for (StaffMember member : wave.members()) {
      Optional<ExtensionId> ext = resolve(member, directory, run);
      if (ext.isEmpty()) {
        continue;
      }
      if (command.extension().isPresent() && !command.extension().get().equals(ext.get())) {
        continue;
      }
      if (!seen.add(ext.get())) {
        run.warnings.add("extension " + ext.get() + " is listed twice in wave " + wave.name() + "; synced once");
        continue;
      }
      Target t = new Target(ext.get(), member.name(), member.sfUserId());
      run.targets.put(t.extension, t);
      targets.add(t);
    }
    if (command.extension().isPresent() && targets.isEmpty()) {
      String ext = command.extension().get().value();
      // say why when the roster has it but the run skipped it (e.g. the account has no such extension)
      String why = run.skippedStaff.stream().filter(s -> s.contains(ext)).findFirst().map(s -> " (" + s + ")").orElse("");
      throw new IllegalArgumentException("extension " + ext + " is not a synced member of wave " + wave.name() + why);
    }
    return targets;
  }

  private Optional<ExtensionId> resolve(StaffMember member, List<ExtensionDirectory.Extension> directory, Run run) {
    if (!member.hasExtension()) {
      run.skippedStaff.add(member.name() + ": no RingCentral extension — skipped");
      return Optional.empty();
    }
    if (directory == null) {
      if (member.extensionId().isPresent()) {
        return member.extensionId();
      }
      run.skippedStaff.add(member.name() + ": only extension number " + member.extensionNumber().orElse("?")
          + " is known and no extension directory is available — skipped");
      return Optional.empty();
    }
    if (member.extensionId().isPresent()) {
      ExtensionId id = member.extensionId().get();
      if (directory.stream().anyMatch(e -> e.id().equals(id))) {
        return Optional.of(id);
      }
      run.skippedStaff.add(member.name() + ": extension id " + id + " not found in the RingCentral directory — skipped");
      return Optional.empty();
    }
    String number = member.extensionNumber().orElseThrow();
    Optional<ExtensionId> found = directory.stream().filter(e -> number.equals(e.number())).map(ExtensionDirectory.Extension::id).findFirst();
    if (found.isEmpty()) {
      run.skippedStaff.add(member.name() + ": extension number " + number + " not found in the RingCentral directory — skipped");
    }
    return found;
  }

  private Optional<TimeWindow> windowFor(SyncCommand command, Target target, Instant now, Run run) {
    Instant from;
    Instant to;
    if (command.mode() == SyncMode.BACKFILL) {
      from = command.since().orElseThrow();
      // texts cannot come from the future: reading up to now keeps the watermark from jumping past texts that
      // have not arrived yet (an --until after now would otherwise make later incremental runs read nothing)
      to = command.until().filter(u -> u.isBefore(now)).orElse(now);
    } else {
      Optional<Instant> mark = state.watermark(target.extension);
      to = now;
      if (mark.isPresent()) {
        from = mark.get().minus(settings.lookback());
      } else {
        from = now.minus(settings.lookback());
        run.warnings.add("extension " + target.extension + " (" + target.staffName + ") has no watermark yet: read the last "
            + settings.lookback().toMinutes() + " minutes only; run a backfill to cover earlier texts");
      }
    }
    if (!from.isBefore(to)) {
      run.warnings.add("extension " + target.extension + ": empty window " + from + " .. " + to + " — nothing to read");
      return Optional.empty();
    }
    TimeWindow w = new TimeWindow(from, to);
    target.window = w;
    return Optional.of(w);
  }

  private void fetchExtension(Target target, TimeWindow window, Run run) {
    run.progress.extensionStarted(target.extension, target.staffName);
    try {
      source.fetch(target.extension, window, page -> {
        for (MalformedMessage bad : page.malformed()) {
          run.acceptMalformed(target, bad);
        }
        for (SmsMessage m : page.messages()) {
          if (run.aborted == null) {
            try {
              run.accept(target, m);
            } catch (RunAborted e) {
              // recorded; the rest of this page is reported below so every delivered message is accounted for
            }
          } else if (run.seen.add(m.id())) {
            target.counter.fetched++;
            run.fail(target, m, String.join(" ", m.counterparties()), "not processed: run stopped (" + run.aborted + ")");
          }
        }
        run.progress.messagesFetched(target.extension, page.size());
        if (run.aborted != null) {
          throw new RunAborted(); // stop paging: no further call can succeed
        }
      });
      target.fetchCompleted = true;
      run.connectionFailuresInARow = 0;
    } catch (RunAborted e) {
      // already recorded
    } catch (ExternalSystemException e) {
      target.error = "fetch stopped after " + target.counter.fetched + " messages: " + e.getMessage();
      if (e.fatalToRun()) {
        run.abort(e.getMessage());
      } else if (e.kind() == ExternalSystemException.Kind.CONNECTION
          && ++run.connectionFailuresInARow >= CONNECTION_FAILURES_TO_STOP) {
        // one extension failing may be its own problem; several in a row (each after the adapter's retries) mean
        // RingCentral is down, and waiting out the retries for every remaining extension only delays the report
        run.abort("RingCentral stopped answering: " + run.connectionFailuresInARow
            + " extensions in a row could not be read (last: " + e.getMessage() + ")");
      }
    }
    run.progress.extensionFinished(target.extension);
  }

  private void saveWatermarks(SyncCommand command, List<Target> targets, Run run) {
    Map<ExtensionId, Instant> marks = new LinkedHashMap<>();
    for (Target t : targets) {
      if (!t.fetchCompleted || t.window == null) {
        continue;
      }
      Instant candidate = t.earliestUnwritten == null ? t.window.to() : t.earliestUnwritten;
      Optional<Instant> current = state.watermark(t.extension);
      boolean contiguous = command.mode() == SyncMode.INCREMENTAL
          || current.isEmpty()
          || !t.window.from().isAfter(current.get());
      boolean forward = current.isEmpty() || candidate.isAfter(current.get());
      if (command.mode() == SyncMode.INCREMENTAL && t.earliestUnwritten != null && current.isPresent()
          && candidate.isBefore(current.get())) {
        // a write failed inside the overlap: keep it in the next window
        marks.put(t.extension, candidate);
      } else if (contiguous && forward) {
        marks.put(t.extension, candidate);
      }
    }
    if (!marks.isEmpty()) {
      state.saveWatermarks(marks);
    }
  }

  // ---- one run ---------------------------------------------------------------------------------------

  private static final class RunAborted extends RuntimeException {
    RunAborted() {
      super(null, null, false, false);
    }
  }

  private static final class Target {
    final ExtensionId extension;
    final String staffName;
    final Optional<SalesforceId> owner;
    final Counter counter = new Counter();
    TimeWindow window;
    boolean fetchCompleted;
    String error;
    Instant earliestUnwritten;

    Target(ExtensionId extension, String staffName, Optional<SalesforceId> owner) {
      this.extension = extension;
      this.staffName = staffName;
      this.owner = owner;
    }

    void unwritten(Instant t) {
      if (earliestUnwritten == null || t.isBefore(earliestUnwritten)) {
        earliestUnwritten = t;
      }
    }
  }

  private static final class Counter {
    long fetched, intakerFiltered, matchedMatter, matchedIntake, unmatched, failed, created, updated, ambiguous;

    Counts toCounts() {
      return new Counts(fetched, intakerFiltered, matchedMatter, matchedIntake, unmatched, failed, created, updated, ambiguous);
    }
  }

  /** A message waiting for its numbers to be looked up. */
  private record Classified(Target target, SmsMessage message, List<PhoneNumber> numbers, List<NormalizedPhone.Rejected> rejected) {}

  /** A Note waiting to be written. */
  private record Pending(Target target, SmsMessage message, NoteDraft draft, boolean ambiguous) {}

  private final class Run {
    final boolean dryRun;
    final ProgressListener progress;
    final Instant startedAt = clock.instant();
    final Map<String, Long> apiBefore = apiCalls.snapshot();
    final Map<ExtensionId, Target> targets = new LinkedHashMap<>();
    final Set<MessageId> seen = new HashSet<>();
    final Map<PhoneNumber, MatchDecision> decisions = new HashMap<>();
    final List<Classified> chunk = new ArrayList<>();
    final List<Pending> pending = new ArrayList<>();
    final List<MessageIssue> failures = new ArrayList<>();
    final List<MessageIssue> unmatched = new ArrayList<>();
    final List<String> skippedStaff = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    long duplicates;
    int connectionFailuresInARow;
    RunObserver observer = RunObserver.NONE;
    String aborted;
    Instant finishedAt;

    Run(boolean dryRun, ProgressListener progress) {
      this.dryRun = dryRun;
      this.progress = progress;
    }

    void acceptMalformed(Target t, MalformedMessage bad) {
      t.counter.fetched++;
      t.counter.failed++;
      failures.add(new MessageIssue(bad.rawId(), t.extension.value(), "", "malformed record: " + bad.reason()));
    }

    void accept(Target t, SmsMessage m) {
      if (!seen.add(m.id())) {
        duplicates++;
        return;
      }
      t.counter.fetched++;
      observer.fetched(m);
      if (settings.intakerFilter().matches(m.text())) {
        t.counter.intakerFiltered++;
        return;
      }
      List<PhoneNumber> numbers = new ArrayList<>();
      List<NormalizedPhone.Rejected> rejected = new ArrayList<>();
      for (String raw : m.counterparties()) {
        NormalizedPhone n = PhoneNormalizer.normalize(raw);
        if (n instanceof NormalizedPhone.Valid v) {
          if (!numbers.contains(v.number())) {
            numbers.add(v.number());
          }
        } else {
          rejected.add((NormalizedPhone.Rejected) n);
        }
      }
      if (numbers.isEmpty()) {
        String raw = rejected.isEmpty() ? "" : rejected.get(0).raw();
        String why = rejected.isEmpty() ? "no counterparty number" : rejected.get(0).reason().description();
        t.counter.unmatched++;
        unmatched.add(new MessageIssue(m.id().value(), t.extension.value(), raw, why));
        return;
      }
      chunk.add(new Classified(t, m, numbers, rejected));
      if (chunk.size() >= settings.chunkSize()) {
        processChunk();
      }
    }

    void processChunk() {
      if (chunk.isEmpty()) {
        return;
      }
      Set<PhoneNumber> unknown = new LinkedHashSet<>();
      for (Classified c : chunk) {
        for (PhoneNumber n : c.numbers()) {
          if (!decisions.containsKey(n)) {
            unknown.add(n);
          }
        }
      }
      if (!unknown.isEmpty()) {
        try {
          lookup(unknown);
        } catch (ExternalSystemException e) {
          List<Classified> lost = List.copyOf(chunk);
          chunk.clear();
          for (Classified c : lost) {
            fail(c.target(), c.message(), c.numbers().get(0).digits(), "Matter/Intake lookup failed: " + e.getMessage());
          }
          if (e.fatalToRun()) {
            abort(e.getMessage());
            throw new RunAborted();
          }
          return;
        }
      }
      List<Classified> ready = List.copyOf(chunk);
      chunk.clear();
      for (Classified c : ready) {
        decide(c);
      }
      while (pending.size() >= sink.maxBatchSize()) {
        flush(sink.maxBatchSize());
      }
    }

    void lookup(Collection<PhoneNumber> numbers) {
      List<CaseRecord> found = cases.findByPhones(numbers);
      Map<PhoneNumber, List<CaseRecord>> byNumber = new HashMap<>();
      for (CaseRecord r : found) {
        Set<PhoneNumber> held = new HashSet<>();
        for (String field : settings.schema().phoneFields()) {
          String v = r.phoneValues().get(field);
          if (v != null) {
            held.addAll(PhoneNormalizer.findAll(v));
          }
        }
        for (PhoneNumber n : held) {
          byNumber.computeIfAbsent(n, k -> new ArrayList<>()).add(r);
        }
      }
      for (PhoneNumber n : numbers) {
        decisions.put(n, policy.decide(n, byNumber.getOrDefault(n, List.of())));
      }
    }

    void decide(Classified c) {
      List<MatchDecision> ds = c.numbers().stream().map(decisions::get).toList();
      MatchDecision best = policy.best(ds);
      SmsMessage m = c.message();
      Target t = c.target();
      if (!best.matched()) {
        t.counter.unmatched++;
        String nums = String.join(" ", c.numbers().stream().map(PhoneNumber::digits).toList());
        unmatched.add(new MessageIssue(m.id().value(), t.extension.value(), nums, "no Matter or Intake holds this number"));
        return;
      }
      if (t.owner.isEmpty()) {
        fail(t, m, c.numbers().get(0).digits(),
            "roster member " + t.staffName + " has no sfUserId: add it to the config so the Note gets the right owner");
        return;
      }
      CaseRecord chosen = best.chosen().orElseThrow();
      PhoneNumber counterparty = c.numbers().stream()
          .filter(n -> decisions.get(n).chosen().filter(chosen::equals).isPresent())
          .findFirst().orElse(c.numbers().get(0));
      NoteDraft draft = new NoteDraft(m.id(), t.extension, t.owner.get(), settings.topics().topicFor(m.direction()),
          body(m), chosen.kind(), chosen.id(), m.creationTime(), m.direction(), counterparty);
      pending.add(new Pending(t, m, draft, best.ambiguous()));
    }

    void flush(int max) {
      List<Pending> batch = new ArrayList<>(pending.subList(0, Math.min(max, pending.size())));
      pending.subList(0, batch.size()).clear();
      if (batch.isEmpty()) {
        return;
      }
      if (dryRun) {
        for (Pending p : batch) {
          matched(p);
        }
        return;
      }
      List<WriteOutcome> outcomes;
      try {
        outcomes = sink.upsert(batch.stream().map(Pending::draft).toList());
      } catch (ExternalSystemException e) {
        for (Pending p : batch) {
          fail(p.target(), p.message(), p.draft().counterparty().digits(), "not written: " + e.getMessage());
        }
        if (e.fatalToRun()) {
          abort(e.getMessage());
          throw new RunAborted();
        }
        return;
      }
      Map<String, WriteOutcome> byExternalId = new HashMap<>();
      for (WriteOutcome o : outcomes) {
        byExternalId.put(o.externalId(), o);
      }
      int written = 0;
      for (Pending p : batch) {
        WriteOutcome o = byExternalId.get(p.draft().externalId());
        if (o == null) {
          fail(p.target(), p.message(), p.draft().counterparty().digits(), "no result returned for this record");
        } else if (!o.succeeded()) {
          fail(p.target(), p.message(), p.draft().counterparty().digits(), o.describeError());
        } else {
          matched(p);
          written++;
          if (o.status() == WriteOutcome.Status.CREATED) {
            p.target().counter.created++;
          } else {
            p.target().counter.updated++;
          }
        }
      }
      progress.notesWritten(written);
    }

    void matched(Pending p) {
      observer.matched(p.draft());
      if (p.draft().kind() == CaseKind.MATTER) {
        p.target().counter.matchedMatter++;
      } else {
        p.target().counter.matchedIntake++;
      }
      if (p.ambiguous()) {
        p.target().counter.ambiguous++;
      }
    }

    void fail(Target t, SmsMessage m, String counterparty, String reason) {
      t.counter.failed++;
      t.unwritten(m.creationTime());
      failures.add(new MessageIssue(m.id().value(), t.extension.value(), counterparty, reason));
    }

    void abort(String reason) {
      if (aborted == null) {
        aborted = reason;
      }
    }

    void finish() {
      try {
        if (aborted == null) {
          processChunk();
          while (!pending.isEmpty()) {
            flush(sink.maxBatchSize());
          }
        }
      } catch (RunAborted e) {
        // recorded
      }
      String why = "not processed: run stopped (" + aborted + ")";
      for (Classified c : chunk) {
        fail(c.target(), c.message(), c.numbers().get(0).digits(), why);
      }
      chunk.clear();
      for (Pending p : pending) {
        fail(p.target(), p.message(), p.draft().counterparty().digits(), why);
      }
      pending.clear();
      if (duplicates > 0) {
        warnings.add(duplicates + " message(s) were delivered twice by the source and counted once");
      }
      finishedAt = clock.instant();
    }

    RunReport report(String verb, String mode, String wave) {
      List<ExtensionSummary> rows = new ArrayList<>();
      Counts total = Counts.ZERO;
      for (Target t : targets.values()) {
        Counts c = t.counter.toCounts();
        total = total.plus(c);
        rows.add(new ExtensionSummary(t.extension.value(), t.staffName, t.window == null ? null : t.window.from(),
            t.window == null ? null : t.window.to(), c, Optional.ofNullable(t.error)));
      }
      return new RunReport(verb, mode, dryRun, wave, startedAt, finishedAt, rows, total, failures, unmatched,
          skippedStaff, warnings, apiCalls.since(apiBefore), Optional.ofNullable(aborted));
    }
  }

  private static String body(SmsMessage m) {
    if (m.text().isBlank() && !m.attachments().isEmpty()) {
      return "(MMS with " + m.attachments().size() + " attachment(s))";
    }
    return m.text();
  }
}

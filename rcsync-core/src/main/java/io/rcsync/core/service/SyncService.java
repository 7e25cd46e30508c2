package io.rcsync.core.service;

import io.rcsync.core.domain.NoteFieldOwnership;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.UnmatchedText;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.in.IngestMessagesUseCase;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.SyncMessagesUseCase;
import io.rcsync.core.port.in.SyncMode;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.SyncStateStore;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.service.sync.CaseMatcher;
import io.rcsync.core.service.sync.FetchHandoff;
import io.rcsync.core.service.sync.FileCopier;
import io.rcsync.core.service.sync.MessageFetch;
import io.rcsync.core.service.sync.MessageSyncPolicy;
import io.rcsync.core.service.sync.NoteWriter;
import io.rcsync.core.service.sync.RunLedger;
import io.rcsync.core.service.sync.SeenIds;
import io.rcsync.core.service.sync.SyncTarget;
import io.rcsync.core.service.sync.SyncTargets;
import io.rcsync.core.service.sync.TextClassifier;
import io.rcsync.core.service.sync.TextPipeline;
import io.rcsync.core.service.sync.WatermarkPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The sync use case: fetch each extension's texts, drop Intaker leads, match the counterparty to a Matter or
 * Intake, upsert Notes, and account for every message. Each step is a class of {@code io.rcsync.core.service.sync};
 * this class only orders them: resolve the targets, read each one's window through the pipeline (classify, look up
 * in chunks across extensions, write in full batches), re-check the late-match list (incremental runs), then advance
 * the watermarks, save the late-match list and report.
 *
 * <p>Incremental runs by Message Sync (issue 11 item 1): when the source {@link MessageSource#supportsMessageSync()
 * serves it}, an incremental run reads each extension by RingCentral Message Sync as {@link MessageSyncPolicy} plans
 * it (incremental from the saved checkpoint; a full sync from the watermark minus the lookback when there is none;
 * a full sync in the same run when the token is rejected), and after the run saves the new checkpoints of the
 * extensions whose every text was written, and moves their watermarks. A backfill, and any run on a source without
 * Message Sync, reads creation-time windows as before.
 *
 * <p>Late matches (issue 10 item 3): a text no Matter or Intake holds is kept in the {@link SyncStateStore}'s
 * late-match list until it is {@code unmatchedRetryDays} old (by its {@code creationTime}); each incremental run
 * feeds the listed texts of its extensions into the pipeline after the fetch, so their numbers are looked up in the
 * run's batched calls, and a match is written and counted as matched and matchedLate. Expired texts are dropped with
 * a warning. A dry run re-checks but saves nothing.
 *
 * <p>MMS media (issue 12): the Notes of each batch go on to {@link FileCopier}, which copies their texts' media into
 * Salesforce Files; a file that failed holds its extension's watermark and checkpoint back like a failed text, so the
 * next run copies it. Pushed texts ({@link #ingest}) take the same path.
 *
 * <p>Overlap (issue 13 item 3): unless {@link SyncSettings#overlapPages()} is 0 ({@code sync.overlap: false}), a sync
 * reads on the calling thread and hands each page, and every other event of the fetch, to one worker thread
 * ({@link FetchHandoff}) that runs the pipeline in order, so Salesforce lookups and writes run while the next
 * extension is read and while RingCentral's rate-limit pauses run. Accounting stays in order on one thread at a time,
 * so the report equals the sequential run's; the state is saved only after the worker has ended. A stop the worker
 * makes (quota reserve, credentials) stops the reading within a page, and the texts read until then are counted; an
 * exception on the worker is rethrown here. An ingest ({@link #ingest}) stays sequential.
 *
 * <p>Interrupts: interrupting the thread running {@link #sync} asks the run to stop soon (e.g. {@code serve} shutting
 * down). It stops, with the reason {@value FetchHandoff#INTERRUPTED}, before its next page is read and before its next
 * Matter/Intake lookup or Note batch (a call already begun finishes); the texts still waiting are counted as fetched
 * and not processed, so their extensions' watermarks and checkpoints hold. The state of what was done is saved and
 * the report returned as after any stop, and the thread's interrupt status is set again before {@link #sync} returns.
 */
public final class SyncService implements SyncMessagesUseCase, IngestMessagesUseCase {
  private final SyncSettings settings;
  private final MessageSource source;
  private final CaseDirectory cases;
  private final NoteSink sink;
  private final SyncStateStore state;
  private final Clock clock;
  private final ApiCalls apiCalls;
  private final SyncTargets targets;
  private final WatermarkPolicy watermarks;
  private final MessageSyncPolicy messageSync;
  private final Optional<AttachmentSource> attachmentSource;
  private final Optional<FileStore> fileStore;

  /** Without MMS media copying: media is counted skipped, with one warning per run that has any. */
  public SyncService(
      SyncSettings settings,
      MessageSource source,
      Optional<ExtensionDirectory> extensionDirectory,
      CaseDirectory cases,
      NoteSink sink,
      SyncStateStore state,
      Clock clock,
      ApiCalls apiCalls) {
    this(settings, source, extensionDirectory, cases, sink, state, clock, apiCalls, Optional.empty(), Optional.empty());
  }

  /**
   * With MMS media copying (issue 12): after each batch of Notes, {@link FileCopier} copies the texts' media from
   * {@code attachmentSource} into {@code fileStore} under {@code settings.attachments()}; a sync and an ingest
   * (pushed texts) alike. Either empty: media is counted skipped and the run warns once.
   */
  public SyncService(
      SyncSettings settings,
      MessageSource source,
      Optional<ExtensionDirectory> extensionDirectory,
      CaseDirectory cases,
      NoteSink sink,
      SyncStateStore state,
      Clock clock,
      ApiCalls apiCalls,
      Optional<AttachmentSource> attachmentSource,
      Optional<FileStore> fileStore) {
    this.attachmentSource = Objects.requireNonNull(attachmentSource);
    this.fileStore = Objects.requireNonNull(fileStore);
    this.settings = Objects.requireNonNull(settings);
    this.source = Objects.requireNonNull(source);
    this.cases = Objects.requireNonNull(cases);
    this.sink = Objects.requireNonNull(sink);
    this.state = Objects.requireNonNull(state);
    this.clock = Objects.requireNonNull(clock);
    this.apiCalls = Objects.requireNonNull(apiCalls);
    this.targets = new SyncTargets(Objects.requireNonNull(extensionDirectory));
    this.watermarks = new WatermarkPolicy(settings.lookback());
    this.messageSync = new MessageSyncPolicy(settings.lookback());
  }

  @Override
  public RunReport sync(SyncCommand command) {
    Wave wave = settings.roster().wave(command.wave());
    RunLedger ledger = new RunLedger(command.dryRun(), clock, apiCalls);
    cases.startRun();
    // whole seconds: windows and watermarks read cleanly in reports, and a text in the cut-off second goes to the next run
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    // issue 13 item 2: rows streamed as they happen, and no late-match text that the save would drop anyway
    command.rows().ifPresent(ledger::streamRowsTo);
    ledger.keepLateMatchesSince(now.minus(settings.unmatchedRetry()));
    SyncTargets.Resolution resolved = targets.resolve(wave, command.extension());
    ledger.start(resolved);
    TextClassifier classifier = classifier();
    boolean bySync = command.mode() == SyncMode.INCREMENTAL && source.supportsMessageSync();
    // overlap (issue 13 item 3): the pipeline runs on the handoff's worker while this thread reads; everything after
    // the drain (late matches, the pipeline's finish, the saves) runs here once the worker has ended
    FetchHandoff handoff = settings.overlap()
        ? FetchHandoff.overlapped(ledger, settings.overlapPages()) : FetchHandoff.inline(ledger);
    try (handoff) {
      // an interrupt of this thread stops the run before the pipeline's next Salesforce call (see FetchHandoff)
      TextPipeline pipeline = pipeline(ledger, classifier, command.dryRun(), command.progress(), command.relink(),
          handoff::heedInterrupt);
      MessageFetch fetch = new MessageFetch(source, ledger, pipeline, command.progress(), handoff);
      if (bySync) {
        fetch.syncAll(resolved.targets(),
            t -> messageSync.plan(t, state.syncCheckpoint(t.extension()), state.watermark(t.extension()), now));
      } else {
        fetch.readAll(resolved.targets(), t -> window(command, t, now));
      }
      handoff.drain();
      return afterFetch(command, resolved, ledger, pipeline, classifier, bySync, now);
    } finally {
      // after the saves: an interrupt pending there would close the state files' channels
      handoff.restoreInterrupt();
    }
  }

  /** After the fetch, on the calling thread: late matches, the pipeline's finish, the saves and the report. */
  private RunReport afterFetch(SyncCommand command, SyncTargets.Resolution resolved, RunLedger ledger,
      TextPipeline pipeline, TextClassifier classifier, boolean bySync, Instant now) {
    List<UnmatchedText> waiting = state.pendingUnmatched();
    Instant oldest = now.minus(settings.unmatchedRetry());
    if (command.mode() == SyncMode.INCREMENTAL) {
      Map<ExtensionId, SyncTarget> byExtension = new LinkedHashMap<>();
      resolved.targets().forEach(t -> byExtension.put(t.extension(), t));
      for (UnmatchedText u : waiting) {
        SyncTarget t = byExtension.get(u.extension());
        if (t != null && !u.creationTime().isBefore(oldest)) {
          pipeline.acceptLate(t, u);
        }
      }
    }
    pipeline.finish();
    for (SyncTarget t : resolved.targets()) {
      long late = ledger.lateFetched(t.extension());
      if (late > 0) {
        command.progress().lateTextsCounted(t.extension(), late);
      }
    }
    long expired = waiting.stream().filter(u -> u.creationTime().isBefore(oldest)).count();
    if (expired > 0) {
      ledger.warn(expired + " unmatched text(s) found no Matter or Intake within unmatchedRetryDays ("
          + settings.unmatchedRetry().toDays() + " days) and are no longer re-checked");
    }
    ledger.finish();
    if (!command.dryRun()) {
      // the late-match list first: a crash between the two saves then re-reads texts rather than losing them
      saveLateMatchList(waiting, classifier.seen(), ledger, oldest);
      Map<ExtensionId, Instant> marks = bySync
          ? messageSync.watermarks(resolved.targets(), ledger, state::watermark)
          : watermarks.advances(command.mode(), resolved.targets(), ledger, state::watermark);
      if (!marks.isEmpty()) {
        state.saveWatermarks(marks);
      }
      // last: a crash before this save re-reads the same changes with the old token, which is harmless
      Map<ExtensionId, MessageSyncCheckpoint> checkpoints = bySync
          ? messageSync.checkpoints(resolved.targets(), ledger) : Map.of();
      if (!checkpoints.isEmpty()) {
        state.saveSyncCheckpoints(checkpoints);
      }
    }
    return ledger.report("sync", command.mode().name().toLowerCase(Locale.ROOT), command.wave());
  }

  @Override
  public RunReport ingest(List<SmsMessage> messages, boolean dryRun) {
    RunLedger ledger = new RunLedger(dryRun, clock, apiCalls);
    ledger.keepLateMatchesSince(clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(settings.unmatchedRetry()));
    cases.startRun();
    TextClassifier classifier = classifier();
    TextPipeline pipeline = pipeline(ledger, classifier, dryRun, ProgressListener.NONE, false);
    for (SmsMessage m : messages) {
      SyncTarget target = SyncTargets.ofPushed(settings.roster(), m.extension());
      ledger.add(target);
      if (ledger.stopped()) {
        ledger.fetchedAfterStop(target, m);
      } else {
        pipeline.accept(target, m);
      }
    }
    pipeline.finish();
    ledger.finish();
    if (!dryRun) {
      Instant oldest = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(settings.unmatchedRetry());
      saveLateMatchList(state.pendingUnmatched(), classifier.seen(), ledger, oldest);
    }
    return ledger.report("ingest", "push", "-");
  }

  private WatermarkPolicy.Window window(SyncCommand command, SyncTarget target, Instant now) {
    return command.mode() == SyncMode.BACKFILL
        ? watermarks.backfill(target, command.since().orElseThrow(), command.until(), now)
        : watermarks.incremental(target, state.watermark(target.extension()), now);
  }

  /**
   * The late-match list after a run: the listed texts this run did not see (other extensions, a backfill, a re-check
   * the run stopped before), then the texts the ledger keeps (no holder, still unmatched, a late write that failed),
   * each once and none created before {@code oldest}. Saved only when it changed.
   */
  private void saveLateMatchList(List<UnmatchedText> before, SeenIds seen, RunLedger ledger, Instant oldest) {
    Map<MessageId, UnmatchedText> next = new LinkedHashMap<>();
    for (UnmatchedText u : before) {
      if (!seen.contains(u.id()) && !u.creationTime().isBefore(oldest)) {
        next.put(u.id(), u);
      }
    }
    for (UnmatchedText u : ledger.keptForLateMatch()) {
      if (!u.creationTime().isBefore(oldest)) {
        next.put(u.id(), u);
      }
    }
    List<UnmatchedText> after = new ArrayList<>(next.values());
    if (!after.equals(before)) {
      state.savePendingUnmatched(after);
    }
  }

  private TextClassifier classifier() {
    return new TextClassifier(settings.intakerFilter());
  }

  private TextPipeline pipeline(RunLedger ledger, TextClassifier classifier, boolean dryRun, ProgressListener progress,
      boolean relink) {
    return pipeline(ledger, classifier, dryRun, progress, relink, () -> { });
  }

  private TextPipeline pipeline(RunLedger ledger, TextClassifier classifier, boolean dryRun, ProgressListener progress,
      boolean relink, Runnable beforeCalls) {
    NoteFieldOwnership ownership = NoteFieldOwnership.standard(settings.topics());
    FileCopier files = new FileCopier(settings.attachments(), attachmentSource, fileStore, dryRun,
        sink.findsExisting(), ledger);
    return new TextPipeline(ledger, classifier, new CaseMatcher(cases, settings.schema()),
        settings.topics(), settings.chunkSize(), new NoteWriter(sink, dryRun, ledger, progress,
        relink ? ownership.relinking() : ownership, files, settings.writeLanes()), beforeCalls);
  }
}

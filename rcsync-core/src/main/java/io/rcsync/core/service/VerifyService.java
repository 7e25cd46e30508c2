package io.rcsync.core.service;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.SyncMode;
import io.rcsync.core.port.in.VerifyNotesUseCase;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.report.VerifyReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verification: runs the sync's fetch/filter/match as a dry run to learn which texts should have a Note, then
 * reads the wave's Notes and compares external ids.
 *
 * <p>Orphans (Notes whose message is gone) are only checked when the Note has a message-time field: without it
 * a Note's only date is when it was written, which cannot place it in a message window.
 */
public final class VerifyService implements VerifyNotesUseCase {
  private final SyncService sync;
  private final NoteStore notes;
  private final SyncSettings settings;
  private final Clock clock;
  private final ApiCalls apiCalls;

  public VerifyService(SyncService sync, NoteStore notes, SyncSettings settings, Clock clock, ApiCalls apiCalls) {
    this.sync = sync;
    this.notes = notes;
    this.settings = settings;
    this.clock = clock;
    this.apiCalls = apiCalls;
  }

  @Override
  public VerifyReport verify(VerifyCommand command) {
    Instant started = clock.instant();
    Map<String, Long> before = apiCalls.snapshot();
    Set<String> fetchedIds = new HashSet<>();
    Map<String, NoteDraft> expected = new LinkedHashMap<>();
    // the owners of the extensions the check read (not every wave member: a member whose extension was skipped, or
    // known only by number under --ext, would otherwise have all their Notes counted as orphans or none found)
    Set<SalesforceId> owners = new HashSet<>();
    SyncCommand dry = new SyncCommand(SyncMode.BACKFILL, command.wave(), command.extension(),
        Optional.of(command.since()), command.until(), true, ProgressListener.NONE);
    RunReport run = sync.sync(dry, new SyncService.RunObserver() {
      @Override
      public void target(ExtensionId extension, Optional<SalesforceId> owner) {
        owner.ifPresent(owners::add);
      }

      @Override
      public void fetched(SmsMessage message) {
        fetchedIds.add(message.id().externalId());
      }

      @Override
      public void matched(NoteDraft draft) {
        expected.put(draft.externalId(), draft);
      }
    });
    Instant until = command.until().orElse(run.startedAt());
    LitifySchema schema = settings.schema();
    boolean timed = schema.messageTimeField().isPresent();
    // Without a message-time field, CreatedDate >= since still holds for every Note of a message in the window.
    List<NoteRecord> found = owners.isEmpty() ? List.of()
        : notes.find(new NoteStore.Query(owners, Optional.of(command.since()), timed ? Optional.of(until) : Optional.empty(),
            Optional.empty()));
    Set<String> noteIds = new HashSet<>();
    for (NoteRecord r : found) {
      noteIds.add(r.externalId());
    }
    List<MessageIssue> missing = new ArrayList<>();
    for (NoteDraft d : expected.values()) {
      if (!noteIds.contains(d.externalId())) {
        missing.add(new MessageIssue(d.messageId().value(), d.extension().value(), d.counterparty().digits(),
            "should have a Note on " + d.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + d.caseId() + " and has none"));
      }
    }
    List<String> orphaned = new ArrayList<>();
    Optional<String> orphanCheck = Optional.empty();
    if (!run.extensions().stream().allMatch(e -> e.error().isEmpty()) || run.aborted().isPresent()) {
      orphanCheck = Optional.of("skipped: not every extension could be read completely");
    } else if (!timed) {
      orphanCheck = Optional.of("skipped: set salesforce.note.messageTimeField to place Notes in a message window");
    } else {
      for (NoteRecord r : found) {
        if (!fetchedIds.contains(r.externalId())) {
          orphaned.add(r.externalId());
        }
      }
    }
    // what the check itself could not establish: an extension it could not read completely, a text it could not
    // classify (lookup failed, malformed record, no owner to write it with); without these the window is not proven
    List<String> problems = new ArrayList<>();
    run.aborted().ifPresent(a -> problems.add("the check stopped early: " + a));
    run.extensions().forEach(e -> e.error().ifPresent(err -> problems.add(e.extension() + " (" + e.staffName() + "): " + err)));
    return new VerifyReport(command.wave(), command.since(), until, started, clock.instant(), run.totals().fetched(),
        expected.size(), found.size(), missing, orphaned, orphanCheck, apiCalls.since(before), run.failures(), problems);
  }
}

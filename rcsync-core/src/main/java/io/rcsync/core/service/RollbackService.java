package io.rcsync.core.service;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.in.RestoreNotesUseCase;
import io.rcsync.core.port.in.RollbackCommand;
import io.rcsync.core.port.in.RollbackNotesUseCase;
import io.rcsync.core.port.out.ManifestStore;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rollback and restore of the Notes rcsync wrote.
 *
 * <p>Guards: only Notes whose external id starts with {@code rc_msg_} are deleted (the store's query filters on
 * it and every record is checked again here); nothing is deleted without {@code confirm}; the manifest of every
 * record is written before the first delete; a selection larger than {@code maxDelete} is refused.
 */
public final class RollbackService implements RollbackNotesUseCase, RestoreNotesUseCase {
  private static final int SAMPLE_SIZE = 10;

  private final Roster roster;
  private final NoteStore store;
  private final ManifestStore manifests;
  private final Clock clock;
  private final ApiCalls apiCalls;

  public RollbackService(Roster roster, NoteStore store, ManifestStore manifests, Clock clock, ApiCalls apiCalls) {
    this.roster = roster;
    this.store = store;
    this.manifests = manifests;
    this.clock = clock;
    this.apiCalls = apiCalls;
  }

  @Override
  public RollbackReport rollback(RollbackCommand command) {
    Instant started = clock.instant();
    Map<String, Long> before = apiCalls.snapshot();
    Set<SalesforceId> owners = new HashSet<>();
    command.wave().ifPresent(w -> {
      for (StaffMember m : roster.wave(w).members()) {
        m.sfUserId().ifPresent(owners::add);
      }
      if (owners.isEmpty()) {
        throw new IllegalArgumentException("wave " + w + " has no member with an sfUserId: nothing to select by owner");
      }
    });
    command.owner().ifPresent(o -> {
      if (command.wave().isPresent() && owners.stream().noneMatch(o::sameRecord)) {
        throw new IllegalArgumentException("owner " + o + " is not a member of wave " + command.wave().get());
      }
      owners.clear();
      owners.add(o);
    });
    List<NoteRecord> found = store.find(new NoteStore.Query(owners, command.since(), command.until(), command.messageId()));
    List<NoteRecord> deletable = new ArrayList<>();
    long refused = 0;
    for (NoteRecord r : found) {
      if (r.writtenByRcsync()) {
        deletable.add(r);
      } else {
        refused++;
      }
    }
    List<String> sample = deletable.stream().limit(SAMPLE_SIZE).map(RollbackService::describe).toList();
    if (!command.confirm()) {
      return new RollbackReport(true, started, clock.instant(), deletable.size(), refused, 0, 0, sample, List.of(),
          Optional.empty(), Optional.empty(), apiCalls.since(before));
    }
    if (deletable.size() > command.maxDelete()) {
      String why = deletable.size() + " Notes selected, more than the limit of " + command.maxDelete()
          + ": narrow the filters or pass --max-delete " + deletable.size();
      return new RollbackReport(false, started, clock.instant(), deletable.size(), refused, 0, 0, sample, List.of(),
          Optional.empty(), Optional.of(why), apiCalls.since(before));
    }
    if (deletable.isEmpty()) {
      return new RollbackReport(false, started, clock.instant(), 0, refused, 0, 0, sample, List.of(), Optional.empty(),
          Optional.empty(), apiCalls.since(before));
    }
    String manifest = manifests.write(deletable);
    long deleted = 0;
    long failed = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < deletable.size(); i += store.maxBatchSize()) {
      List<NoteRecord> batch = deletable.subList(i, Math.min(deletable.size(), i + store.maxBatchSize()));
      for (NoteRecord r : batch) {
        if (!r.writtenByRcsync()) {
          throw new IllegalStateException("refusing to delete " + r.id() + ": external id lacks rc_msg_ prefix");
        }
      }
      List<DeleteOutcome> outcomes;
      try {
        outcomes = store.delete(batch.stream().map(NoteRecord::id).toList());
      } catch (io.rcsync.core.port.out.ExternalSystemException e) {
        long notTried = deletable.size() - i;
        failed += notTried;
        failures.add("stopped after " + deleted + " deleted; " + notTried + " not deleted: " + e.getMessage()
            + " (re-run the same rollback to finish; the manifest " + manifest + " restores what was deleted)");
        break;
      }
      Set<String> answered = new HashSet<>();
      for (DeleteOutcome o : outcomes) {
        answered.add(o.id().shortForm());
        if (o.deleted()) {
          deleted++;
        } else {
          failed++;
          failures.add(o.id() + ": " + o.errorCode() + " " + o.message());
        }
      }
      for (NoteRecord r : batch) {
        if (!answered.contains(r.id().shortForm())) {
          failed++;
          failures.add(r.id() + ": no result returned for this record");
        }
      }
    }
    return new RollbackReport(false, started, clock.instant(), deletable.size(), refused, deleted, failed, sample,
        failures, Optional.of(manifest), Optional.empty(), apiCalls.since(before));
  }

  @Override
  public RestoreReport restore(String manifestLocation, boolean dryRun) {
    Instant started = clock.instant();
    Map<String, Long> before = apiCalls.snapshot();
    List<NoteRecord> records = manifests.read(manifestLocation);
    for (NoteRecord r : records) {
      if (!r.writtenByRcsync()) {
        throw new IllegalArgumentException("manifest " + manifestLocation + " holds record " + r.id()
            + " whose external id '" + r.externalId() + "' is not an rcsync id: refusing to restore it");
      }
    }
    if (dryRun) {
      return new RestoreReport(true, manifestLocation, started, clock.instant(), records.size(), 0, 0, 0, List.of(),
          apiCalls.since(before));
    }
    long created = 0;
    long updated = 0;
    long failed = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < records.size(); i += store.maxBatchSize()) {
      List<NoteRecord> batch = records.subList(i, Math.min(records.size(), i + store.maxBatchSize()));
      List<WriteOutcome> outcomes;
      try {
        outcomes = store.restore(batch);
      } catch (io.rcsync.core.port.out.ExternalSystemException e) {
        long notTried = records.size() - i;
        failed += notTried;
        failures.add("stopped after " + (created + updated) + " restored; " + notTried + " not restored: "
            + e.getMessage() + " (re-run the restore: it upserts by external id, so it is safe to repeat)");
        break;
      }
      Set<String> answered = new HashSet<>();
      for (WriteOutcome o : outcomes) {
        answered.add(o.externalId());
        switch (o.status()) {
          case CREATED -> created++;
          case UPDATED -> updated++;
          case FAILED -> {
            failed++;
            failures.add(o.externalId() + ": " + o.describeError());
          }
        }
      }
      for (NoteRecord r : batch) {
        if (!answered.contains(r.externalId())) {
          failed++;
          failures.add(r.externalId() + ": no result returned for this record");
        }
      }
    }
    return new RestoreReport(false, manifestLocation, started, clock.instant(), records.size(), created, updated, failed,
        failures, apiCalls.since(before));
  }

  private static String describe(NoteRecord r) {
    return r.id() + " " + r.externalId() + " owner=" + r.owner().map(SalesforceId::value).orElse("?") + " at="
        + r.effectiveTime();
  }
}

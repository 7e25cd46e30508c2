package io.rcsync.core.port.in;

import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.report.VerifyReport;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Prove an SMS-Magic import is complete (issue 15, {@code rcsync verify --source smsmagic}): re-read the history as
 * a dry-run import does (same matching, same de-duplication), then list the records that should have a Note and
 * have none, and the {@code smsmagic_} Notes whose record the history no longer holds.
 */
public interface VerifyHistoryUseCase {

  /**
   * One check.
   *
   * @param source the history, as the import read it (the org, or the same export)
   * @param since inclusive, on the record's creation time; empty = from the first record
   * @param until exclusive; empty = up to now
   * @param importedNotes every {@code smsmagic_} Note (e.g. {@code NoteStore.find} with the SMS-Magic source): the
   *     orphan check; empty, or a window given (the check would not see every record), skips it and the report
   *     says why
   */
  record VerifyHistoryCommand(HistorySource source, Optional<Instant> since, Optional<Instant> until,
      Optional<Supplier<List<NoteRecord>>> importedNotes) {
    public VerifyHistoryCommand {
      Objects.requireNonNull(source, "source");
      since = since == null ? Optional.empty() : since;
      until = until == null ? Optional.empty() : until;
      importedNotes = importedNotes == null ? Optional.empty() : importedNotes;
    }
  }

  /**
   * Runs the check; writes nothing.
   *
   * @return wave {@code "smsmagic"}; {@code expected} = records that should have a Note (matched, not de-duplicated),
   *     {@code missing} = those without one (by key, whoever owns it), {@code orphaned} = {@code smsmagic_} keys no
   *     record read has, {@code unchecked} = records the check could not classify (lookup failed, rejected row)
   * @throws IllegalStateException naming {@code smsmagic.defaultOwner} when the config does not set it
   */
  VerifyReport verifyHistory(VerifyHistoryCommand command);
}

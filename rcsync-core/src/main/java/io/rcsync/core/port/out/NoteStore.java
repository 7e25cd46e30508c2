package io.rcsync.core.port.out;

import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.WriteOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads, deletes and re-creates the Notes rcsync wrote: what rollback, restore and verify need. */
public interface NoteStore {

  /**
   * Which Notes to find. Only Notes whose external id starts with {@code rc_msg_} are ever returned.
   *
   * @param owners empty = any owner
   * @param since inclusive, on the message time field when configured, else CreatedDate
   * @param until exclusive
   * @param onRecord only the Notes whose Matter or Intake lookup is this record (issue 14: a record's transcript);
   *     empty = any record. Salesforce: {@code AND (matterField = :id OR intakeField = :id)}, both lookups, so
   *     indexed
   */
  record Query(Set<SalesforceId> owners, Optional<Instant> since, Optional<Instant> until, Optional<MessageId> messageId,
      Optional<SalesforceId> onRecord) {
    public Query {
      owners = Set.copyOf(owners);
      onRecord = onRecord == null ? Optional.empty() : onRecord;
    }

    /** Notes on any record. */
    public Query(Set<SalesforceId> owners, Optional<Instant> since, Optional<Instant> until,
        Optional<MessageId> messageId) {
      this(owners, since, until, messageId, Optional.empty());
    }

    public static Query all() {
      return new Query(Set.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Every rcsync Note on one Matter or Intake (its lookup to the record), any owner and time. */
    public static Query onRecord(SalesforceId record) {
      return new Query(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.of(java.util.Objects.requireNonNull(record, "record")));
    }
  }

  List<NoteRecord> find(Query query);

  /** Deletes at most {@link #maxBatchSize()} records; one outcome per id. */
  List<DeleteOutcome> delete(List<SalesforceId> ids);

  /** Re-creates (upserts by external id) Notes from a rollback manifest; one outcome per record. */
  List<WriteOutcome> restore(List<NoteRecord> records);

  default int maxBatchSize() {
    return 200;
  }
}

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

  /**
   * The period the {@code rc_msg_} Notes cover, for an SMS-Magic import's de-duplication (issue 15): history records
   * outside it need no look for a duplicate.
   *
   * @param known false when the store cannot tell with one cheap call (the default): every period may hold Notes
   * @param first the earliest message time (or CreatedDate when no message time field is configured); empty when
   *     known and there are no {@code rc_msg_} Notes
   * @param last the latest, likewise
   */
  record Span(boolean known, Optional<Instant> first, Optional<Instant> last) {
    /** The store cannot tell: every period may hold Notes. */
    public static final Span UNKNOWN = new Span(false, Optional.empty(), Optional.empty());
    /** There are no {@code rc_msg_} Notes. */
    public static final Span NONE = new Span(true, Optional.empty(), Optional.empty());

    public Span {
      first = first == null ? Optional.empty() : first;
      last = last == null ? Optional.empty() : last;
    }

    /** Notes from {@code first} to {@code last}, inclusive. */
    public static Span of(Instant first, Instant last) {
      return new Span(true, Optional.of(first), Optional.of(last));
    }

    /** False only when it is known that no {@code rc_msg_} Note lies in {@code [from, to]}. */
    public boolean mayHold(Instant from, Instant to) {
      if (!known) {
        return true;
      }
      if (first.isEmpty() || last.isEmpty()) {
        return false;
      }
      return !to.isBefore(first.get()) && !from.isAfter(last.get());
    }
  }

  /**
   * The {@link Span} of the {@code rc_msg_} Notes by the field {@link Query#since()}/{@link Query#until()} compare
   * (message time when configured, else CreatedDate). Salesforce can answer it with one aggregate query,
   * {@code SELECT MIN(f), MAX(f) FROM Note WHERE External_Id__c LIKE 'rc\_msg\_%'}. Default: {@link Span#UNKNOWN},
   * which costs nothing and makes the import look for duplicates in every batch.
   *
   * @throws ExternalSystemException when the store cannot be read
   */
  default Span rcNoteSpan() {
    return Span.UNKNOWN;
  }

  /** Deletes at most {@link #maxBatchSize()} records; one outcome per id. */
  List<DeleteOutcome> delete(List<SalesforceId> ids);

  /** Re-creates (upserts by external id) Notes from a rollback manifest; one outcome per record. */
  List<WriteOutcome> restore(List<NoteRecord> records);

  default int maxBatchSize() {
    return 200;
  }
}

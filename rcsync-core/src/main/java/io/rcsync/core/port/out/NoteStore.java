package io.rcsync.core.port.out;

import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.domain.WriteOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads, deletes and re-creates the Notes rcsync wrote: what rollback, restore, verify and transcript need. rcsync's
 * Notes are those keyed by a {@link TextSource} prefix: {@code rc_msg_} (RingCentral) and, since issue 15,
 * {@code smsmagic_} (imported SMS-Magic history); a {@link Query} names the sources it wants.
 */
public interface NoteStore {

  /**
   * Which Notes to find. Only Notes whose external id carries the prefix of one of {@code sources} are ever returned
   * ({@link TextSource#owns}: case-sensitive, something after the prefix); every other Note, a look-alike
   * ({@code RC_MSG_1}, {@code SMSMAGIC_1}, {@code xsmsmagic_1}) or a Note of a source not asked for, never is.
   *
   * @param owners empty = any owner
   * @param since inclusive, on the message time field when configured, else CreatedDate
   * @param until exclusive
   * @param messageId only the Notes of this text: {@code rc_msg_{id}} and a group text's {@code rc_msg_{id}_{caseId}},
   *     or the one {@code smsmagic_{record Id}} Note of an SMS-Magic record (never a group text); its source must be
   *     one of {@code sources}
   * @param onRecord only the Notes whose Matter or Intake lookup is this record (issue 14: a record's transcript);
   *     empty = any record. Salesforce: {@code AND (matterField = :id OR intakeField = :id)}, both lookups, so
   *     indexed
   * @param sources whose Notes (issue 15): {@code {RINGCENTRAL}} unless asked otherwise, so a rollback, verify or
   *     transcript that does not name SMS-Magic never sees an imported history Note; never empty
   * @param parties only the Notes of one of these {@link Parties} (issue 15: an SMS-Magic import's de-duplication
   *     reads only the Notes of a batch's Matters, Intakes and numbers); empty = any party
   * @throws IllegalArgumentException when {@code sources} is empty or does not hold {@code messageId}'s source
   */
  record Query(Set<SalesforceId> owners, Optional<Instant> since, Optional<Instant> until, Optional<MessageId> messageId,
      Optional<SalesforceId> onRecord, Set<TextSource> sources, Optional<Parties> parties) {
    /** What the constructors without sources ask for: RingCentral's Notes, as before issue 15. */
    public static final Set<TextSource> DEFAULT_SOURCES = Set.of(TextSource.RINGCENTRAL);

    /**
     * A set filter on who a Note is about: a Note is one of these parties' when its Matter lookup is one of
     * {@code matters}, OR its Intake lookup is one of {@code intakes}, OR (only when
     * {@link io.rcsync.core.domain.LitifySchema#counterpartyField()} is configured; else ignored) its counterparty
     * number is one of {@code counterparties}. All three empty = no Note. Ids compare as records (15 and 18
     * characters alike). A store may split a large set over several statements (Salesforce: each within the SOQL
     * statement and URL limits); the answer is their union, each Note once.
     *
     * <p>Salesforce compares the counterparty as stored text: the 10 digits the sink writes ({@code 5028138900}) and
     * the form the UI gives a 10-digit Phone value ({@code (502) 813-8900}) are both asked for; a number typed in any
     * other form is found only through the Note's Matter or Intake.
     */
    public record Parties(Set<SalesforceId> matters, Set<SalesforceId> intakes, Set<PhoneNumber> counterparties) {
      public Parties {
        matters = Set.copyOf(matters);
        intakes = Set.copyOf(intakes);
        counterparties = Set.copyOf(counterparties);
      }

      /** How many values the filter holds (ids plus numbers): what a store splits. */
      public int size() {
        return matters.size() + intakes.size() + counterparties.size();
      }

      /** True when no Note can match. */
      public boolean isEmpty() {
        return size() == 0;
      }
    }

    public Query {
      parties = parties == null ? Optional.empty() : parties;
      owners = Set.copyOf(owners);
      since = since == null ? Optional.empty() : since;
      until = until == null ? Optional.empty() : until;
      messageId = messageId == null ? Optional.empty() : messageId;
      onRecord = onRecord == null ? Optional.empty() : onRecord;
      sources = sources == null || sources.isEmpty() ? null : Set.copyOf(sources);
      if (sources == null) {
        throw new IllegalArgumentException("a Note query needs at least one text source (rc or smsmagic)");
      }
      if (messageId.isPresent() && !sources.contains(messageId.get().source())) {
        throw new IllegalArgumentException("message id " + messageId.get().externalId() + " is a "
            + messageId.get().source().cliName() + " Note key, but the query asks only for "
            + sources.stream().map(TextSource::cliName).sorted().toList() + " Notes");
      }
    }

    /**
     * Notes of {@link #DEFAULT_SOURCES} (or, when {@code messageId} is given, of that id's source: the Note asked
     * for by its key).
     */
    public Query(Set<SalesforceId> owners, Optional<Instant> since, Optional<Instant> until,
        Optional<MessageId> messageId, Optional<SalesforceId> onRecord) {
      this(owners, since, until, messageId, onRecord, sourcesFor(messageId));
    }

    /** Notes of any party (no {@link Parties} filter), of these sources. */
    public Query(Set<SalesforceId> owners, Optional<Instant> since, Optional<Instant> until,
        Optional<MessageId> messageId, Optional<SalesforceId> onRecord, Set<TextSource> sources) {
      this(owners, since, until, messageId, onRecord, sources, Optional.empty());
    }

    /** Notes on any record, of {@link #DEFAULT_SOURCES} (or of {@code messageId}'s source). */
    public Query(Set<SalesforceId> owners, Optional<Instant> since, Optional<Instant> until,
        Optional<MessageId> messageId) {
      this(owners, since, until, messageId, Optional.empty());
    }

    private static Set<TextSource> sourcesFor(Optional<MessageId> messageId) {
      return messageId == null || messageId.isEmpty() ? DEFAULT_SOURCES : Set.of(messageId.get().source());
    }

    /** Every RingCentral Note rcsync wrote ({@link #DEFAULT_SOURCES}). */
    public static Query all() {
      return new Query(Set.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Every Note rcsync wrote for these sources, any owner, time and record. */
    public static Query all(Set<TextSource> sources) {
      return all().withSources(sources);
    }

    /** Every rcsync RingCentral Note on one Matter or Intake (its lookup to the record), any owner and time. */
    public static Query onRecord(SalesforceId record) {
      return new Query(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.of(java.util.Objects.requireNonNull(record, "record")));
    }

    /**
     * The same query over the Notes of {@code newSources} instead.
     *
     * @throws IllegalArgumentException when empty, or when it leaves out the source of this query's message id
     */
    public Query withSources(Set<TextSource> newSources) {
      return new Query(owners, since, until, messageId, onRecord, newSources, parties);
    }

    /** The same query restricted to the Notes of these {@link Parties}. */
    public Query withParties(Parties newParties) {
      return new Query(owners, since, until, messageId, onRecord, sources,
          Optional.of(java.util.Objects.requireNonNull(newParties, "parties")));
    }

    /** True when a Note with this external id belongs to one of {@link #sources} (case-sensitive prefix check). */
    public boolean asksFor(String externalId) {
      return TextSource.ofExternalId(externalId).filter(sources::contains).isPresent();
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

  /**
   * Deletes at most {@link #maxBatchSize()} records; one outcome per id. Only a live Note whose external id is an
   * rcsync key of either source ({@link TextSource#ofExternalId} present: {@code rc_msg_…} or {@code smsmagic_…},
   * case-sensitive) is deleted; any other id fails for itself (never deleted), whatever the caller checked.
   */
  List<DeleteOutcome> delete(List<SalesforceId> ids);

  /** Re-creates (upserts by external id) Notes from a rollback manifest; one outcome per record. */
  List<WriteOutcome> restore(List<NoteRecord> records);

  default int maxBatchSize() {
    return 200;
  }
}

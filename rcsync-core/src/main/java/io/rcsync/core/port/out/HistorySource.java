package io.rcsync.core.port.out;

import io.rcsync.core.domain.SmsMagicRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The retired SMS-Magic package's message history, read page by page (issue 15): from the org (SOQL on SMS History and
 * Incoming SMS, {@code nextRecordsUrl} paging), from a Data Loader CSV export, or from memory in tests. Implementations
 * map the configured object and field API names ({@link io.rcsync.core.domain.SmsMagicFieldMap}) to
 * {@link SmsMagicRecord}s and never drop a row silently: a row they cannot read is returned in {@link Page#rejected()}
 * with one line naming the object or file, the record or line, the field and what to do.
 */
public interface HistorySource {

  /**
   * Which records to read.
   *
   * @param since inclusive lower bound on the record's creation time ({@code CreatedDate}, indexed); empty = from the
   *     first record
   * @param until exclusive upper bound on the same field; empty = up to now
   */
  record Query(Optional<Instant> since, Optional<Instant> until) {
    public Query {
      since = since == null ? Optional.empty() : since;
      until = until == null ? Optional.empty() : until;
    }

    /** Every record. */
    public static Query all() {
      return new Query(Optional.empty(), Optional.empty());
    }
  }

  /**
   * A row that could not become a {@link SmsMagicRecord}: counted and reported, never dropped.
   *
   * @param rawId the record's Id as found, or a CSV line reference such as {@code line 42} when it has none
   * @param reason one line naming the object/file, the field and what to do, e.g.
   *     {@code "smagicinteract__smsMagic__c a0X...: CreatedDate 'yesterday' is not a date-time; fix the export or
   *     remove the row"}
   */
  record Rejected(String rawId, String reason) {
    public Rejected {
      rawId = rawId == null || rawId.isBlank() ? "?" : rawId;
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * One page.
   *
   * @param records the page's records in the source's order
   * @param rejected rows of the page that could not be read
   * @param next the cursor of the next page; empty on the last
   */
  record Page(List<SmsMagicRecord> records, List<Rejected> rejected, Optional<String> next) {
    public Page {
      records = List.copyOf(records);
      rejected = List.copyOf(rejected);
      next = next == null ? Optional.empty() : next;
    }
  }

  /**
   * Reads one page: the first when {@code cursor} is empty, else the page the previous page's {@link Page#next()}
   * named. Pages of the org source hold up to 2,000 records (SOQL's batch size; 200 when two long-text fields are
   * selected).
   *
   * @throws ExternalSystemException when the org or file cannot be read at all (an unknown object, a missing
   *     required column, an authentication or quota error); the message names what to fix
   */
  Page read(Query query, Optional<String> cursor);

  /**
   * What the source found while preparing its reads that did not stop them, one line each, for the run's report: an
   * object the org lacks (skipped), an optional field it lacks (dropped, e.g. {@code Direction__c} or
   * {@code Sent_On__c} in older Interact orgs). Complete once the first {@link #read} has returned; empty by default.
   */
  default java.util.List<String> warnings() {
    return java.util.List.of();
  }

  /**
   * True when every record of a fixed-inbound object (Incoming SMS: no direction field, always inbound) comes before
   * any record of another object. The import then tells an SMS History {@code IN} record's migration copy as it
   * arrives and holds only a compact index of the Incoming SMS records; otherwise (the default) it holds every SMS
   * History {@code IN} record until the last page.
   */
  default boolean fixedInboundFirst() {
    return false;
  }

  /**
   * True when this source is the whole history (the org's objects, an in-memory history): a {@code smsmagic_} Note
   * whose record it does not hold is an orphan. False for Data Loader exports, which are often one of several (SMS
   * History and Incoming SMS, or one file a year): verify then skips the orphan check and says so. True by default.
   */
  default boolean wholeHistory() {
    return true;
  }

  /** What is being read, for reports: e.g. {@code "org: smagicinteract__smsMagic__c, smagicinteract__Incoming_SMS__c"}
   * or {@code "file: export.csv"}. */
  String description();
}

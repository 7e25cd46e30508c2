package io.rcsync.testkit.fake;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.HistorySource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An SMS-Magic history in memory (issue 15): a {@link HistorySource} over a list of records and rejected rows, in the
 * order added, served in pages of {@link #pageSize(int)} entries (default 2,000, SOQL's largest batch). A rejected
 * row is served in the page its position falls in, as a CSV reader or the org source reports a bad row where it met
 * it. The query's since (inclusive) and until (exclusive) filter the records by message time (the org source filters
 * by {@code CreatedDate}, which the fake does not keep); rejected rows are always served. The cursor is the position
 * of the next page's first entry. Each page read counts one {@link ApiCalls#SALESFORCE} call; a failure can be
 * injected for a page. Thread-safe.
 */
public final class InMemoryHistory implements HistorySource {
  private final ApiCalls apiCalls;
  private final List<Object> entries = new ArrayList<>();
  private int pageSize = 2000;
  private int reads;
  private int failAtRead = -1;
  private ExternalSystemException failure;
  private String description = "memory";
  private final List<String> warnings = new ArrayList<>();
  private boolean incomingFirst;

  public InMemoryHistory() {
    this(new ApiCalls());
  }

  public InMemoryHistory(ApiCalls apiCalls) {
    this.apiCalls = Objects.requireNonNull(apiCalls, "apiCalls");
  }

  /** Adds records, in order. */
  public synchronized InMemoryHistory add(SmsMagicRecord... records) {
    entries.addAll(List.of(records));
    return this;
  }

  /** Adds records, in order. */
  public synchronized InMemoryHistory addAll(List<SmsMagicRecord> records) {
    entries.addAll(records);
    return this;
  }

  /** Adds a row the source cannot read, at the current position. */
  public synchronized InMemoryHistory reject(String rawId, String reason) {
    entries.add(new Rejected(rawId, reason));
    return this;
  }

  /** Entries per page (at least 1). */
  public synchronized InMemoryHistory pageSize(int entriesPerPage) {
    if (entriesPerPage < 1) {
      throw new IllegalArgumentException("page size must be at least 1, got " + entriesPerPage);
    }
    this.pageSize = entriesPerPage;
    return this;
  }

  /** Makes the {@code n}-th read (1 = the first page) throw {@code e}; later reads succeed again. */
  public synchronized InMemoryHistory failRead(int n, ExternalSystemException e) {
    this.failAtRead = n;
    this.failure = Objects.requireNonNull(e);
    return this;
  }

  /**
   * Reads the Incoming SMS records ({@code SmsMagicFieldMap.incomingSms()}'s object) before the others, as the org
   * and CSV sources do, and says so ({@link #fixedInboundFirst()}); otherwise (the default) entries come in the order
   * added and the source does not say so.
   */
  public synchronized InMemoryHistory readingIncomingFirst() {
    this.incomingFirst = true;
    return this;
  }

  @Override
  public synchronized boolean fixedInboundFirst() {
    return incomingFirst;
  }

  /** What {@link #description()} says. */
  public synchronized InMemoryHistory describedAs(String text) {
    this.description = Objects.requireNonNull(text);
    return this;
  }

  @Override
  public synchronized Page read(Query query, Optional<String> cursor) {
    reads++;
    apiCalls.increment(ApiCalls.SALESFORCE);
    if (reads == failAtRead) {
      throw failure;
    }
    int from = cursor.map(Integer::parseInt).orElse(0);
    if (from < 0 || from > entries.size()) {
      throw new IllegalArgumentException("unknown cursor '" + cursor.get() + "'");
    }
    int to = Math.min(entries.size(), from + pageSize);
    List<SmsMagicRecord> records = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    List<Object> ordered = entries;
    if (incomingFirst) {
      String incoming = io.rcsync.core.domain.SmsMagicFieldMap.incomingSms().object();
      ordered = new ArrayList<>(entries);
      ordered.sort(java.util.Comparator.comparing(e -> !(e instanceof SmsMagicRecord r && r.object().equals(incoming))));
    }
    for (Object e : ordered.subList(from, to)) {
      if (e instanceof Rejected r) {
        rejected.add(r);
      } else {
        SmsMagicRecord r = (SmsMagicRecord) e;
        boolean in = query.since().map(s -> !r.messageTime().isBefore(s)).orElse(true)
            && query.until().map(u -> r.messageTime().isBefore(u)).orElse(true);
        if (in) {
          records.add(r);
        }
      }
    }
    return new Page(records, rejected, to < entries.size() ? Optional.of(Integer.toString(to)) : Optional.empty());
  }

  @Override
  public synchronized String description() {
    return description;
  }

  /** Adds a warning {@link #warnings()} returns, as a real source says what it noticed while reading. */
  public synchronized InMemoryHistory warn(String warning) {
    warnings.add(Objects.requireNonNull(warning));
    return this;
  }

  @Override
  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Pages read so far. */
  public synchronized int reads() {
    return reads;
  }
}

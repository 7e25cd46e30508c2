package io.rcsync.core.service.sync;

import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.report.DeduplicatedText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An SMS-Magic import's de-duplication against RingCentral's Notes (issue 15): stands in front of the import's
 * {@link NoteWriter} and keeps back every drafted history Note that is the same text as an {@code rc_msg_} Note, which
 * wins. Such a record is counted {@code deduplicated} (never written, never deleted) and streamed as a row of the
 * de-duplicated CSV; the rest of the batch goes on to the writer.
 *
 * <p>Calls, per run: one {@link NoteStore#rcNoteSpan()} (a store that cannot tell answers {@link NoteStore.Span#UNKNOWN}
 * for free), then per batch of the writer's size whose message times may overlap that span, ONE
 * {@link NoteStore#find} of the {@code rc_msg_} Notes of the batch's Matters, Intakes and numbers
 * ({@link NoteStore.Query.Parties}) with a message time in the batch's span widened by the window on both sides,
 * leaving out the records (groups of them, cut where two are more than twice the window apart) that the span cannot
 * reach: so the cost follows the history, not the RingCentral Notes of the period, and an export out of creation
 * order does not read the whole period's Notes; a batch outside the span costs nothing. When some records of a batch are duplicates, one
 * {@link NoteSink#findExisting} of their {@code smsmagic_} keys tells whether an earlier import already wrote them
 * (then their Note is left in place, and the run warns).
 *
 * <p>A history record and an {@code rc_msg_} Note are the same text when all of these hold (compared client-side:
 * the body is a long text area, which SOQL cannot filter on):
 *
 * <ul>
 *   <li>the same party: the same counterparty number when {@link LitifySchema#counterpartyField()} is configured and
 *       both sides have one; else the same Matter/Intake (the record's draft and the Note's lookup);
 *   <li>the same direction, read from the Note's topic ({@link TopicMap}: inbound topic = inbound; outbound or failed
 *       topic = outbound). A Note whose topic staff changed to another value is never taken for a duplicate;
 *   <li>the same body after normalising: the Note's body un-rendered ({@link NoteBodyFormat#unrender}) for a Rich
 *       Text Area, then on both sides CRLF/CR to LF, whitespace runs collapsed to one space, trimmed; an empty body
 *       matches nothing;
 *   <li>times at most the window apart ({@code smsmagic.dedupWindowMinutes}).
 * </ul>
 *
 * One {@code rc_msg_} Note absorbs at most one history record in a run: pairs are taken closest in time first, so two
 * identical texts a minute apart against one Note leave the second one to be written.
 *
 * <p>Without a message time field ({@code salesforce.note.messageTimeField}) a Note's only date is its CreatedDate,
 * when the sync wrote it (a backfill: possibly months after the text). Then the Notes are read once per run (every
 * {@code rc_msg_} Note, in the store's pages) and a Note is a record's duplicate only when it was CREATED within the
 * window of the record's time (an incremental sync writes a text's Note minutes after it). A Note of the same text
 * created later (a backfill, or another "ok" written months on: nothing tells them apart) never keeps a record back:
 * the record is written and listed in one "possible duplicates" warning, since losing a real text is worse than
 * showing one twice. The run warns once that this weaker rule was used.
 */
public final class HistoryDedup implements NoteBatches {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final NoteBatches next;
  private final NoteStore notes;
  private final NoteSink sink;
  private final LitifySchema schema;
  private final TopicMap topics;
  private final Duration window;
  private final RunLedger ledger;
  /** rc_msg_ keys that absorbed a history record in this run. */
  private final Set<String> absorbed = new HashSet<>();
  private NoteStore.Span span;
  private NoteBodyFormat bodyFormat;
  /** Without a message time field: every rc_msg_ Note, read once. */
  private List<Candidate> everyNote;
  private long alreadyImported;
  /** Without a message time field: records written although a later-created rc_msg_ Note holds the same text. */
  private long possibleDuplicates;
  private final List<String> possibleDuplicateExamples = new ArrayList<>();
  private static final int POSSIBLE_DUPLICATES_NAMED = 5;
  private long batchesLookedUp;
  private long batchesSkipped;
  private long groupsSkipped;

  /** An {@code rc_msg_} Note as the comparison needs it. */
  private record Candidate(String key, Instant time, Direction direction, String body, Optional<SalesforceId> matter,
      Optional<SalesforceId> intake, Optional<PhoneNumber> counterparty) {}

  /** A possible pairing of a batch's record and a Note. */
  private record Pair(int record, Candidate note, long apartMillis) {}

  /**
   * Bound to one run: make one per import run.
   *
   * @param next where the batch's other Notes go (the import's {@link NoteWriter}); its batch size is this one's
   * @param notes the {@code rc_msg_} Notes ({@link NoteStore#find} with since/until on the message time field)
   * @param sink the import's sink: its body format (to un-render stored bodies) and its {@code findExisting} (records
   *     imported earlier that now duplicate an rc Note)
   * @param schema the Note's fields (topic, body, lookups, counterparty, message time)
   * @param topics the topics by direction, to read a Note's direction
   * @param window {@code smsmagic.dedupWindowMinutes}
   * @param ledger the run's ledger: duplicates are settled there
   */
  public HistoryDedup(NoteBatches next, NoteStore notes, NoteSink sink, LitifySchema schema, TopicMap topics,
      Duration window, RunLedger ledger) {
    this.next = Objects.requireNonNull(next, "next");
    this.notes = Objects.requireNonNull(notes, "notes");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.window = Objects.requireNonNull(window, "window");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void expect(List<MessageId> texts, List<MessageId> groupTexts) {
    next.expect(texts, groupTexts);
  }

  @Override
  public int batchSize() {
    return next.batchSize();
  }

  /** Batches whose Notes were read to look for duplicates (for tests and benchmarks). */
  public long batchesLookedUp() {
    return batchesLookedUp;
  }

  /**
   * Groups of a looked-up batch's records (cut where two are more than twice the window apart) left out of its read
   * because the span of the {@code rc_msg_} Notes cannot reach them (for tests and benchmarks).
   */
  public long groupsSkipped() {
    return groupsSkipped;
  }

  /** Batches outside the span of the {@code rc_msg_} Notes, which cost no call. */
  public long batchesSkipped() {
    return batchesSkipped;
  }

  @Override
  public void take(List<Pending> batch) {
    if (batch.isEmpty()) {
      next.take(batch);
      return;
    }
    List<Candidate> candidates;
    try {
      candidates = candidates(batch);
    } catch (ExternalSystemException e) {
      for (Pending p : batch) {
        ledger.noteFailed(p, "not written: the look for an rc_msg_ Note of the same text failed: " + e.getMessage());
      }
      if (e.fatalToRun()) {
        ledger.abort(e.getMessage());
        throw new RunAborted();
      }
      return;
    }
    // by body: the fallback compares each record with every rc_msg_ Note of the org, so not all with all
    Map<String, List<Candidate>> byBody = new HashMap<>();
    for (Candidate c : candidates) {
      byBody.computeIfAbsent(c.body(), k -> new ArrayList<>()).add(c);
    }
    List<Pair> pairs = new ArrayList<>();
    Candidate[] laterNote = new Candidate[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      NoteDraft d = batch.get(i).draft();
      String body = normalise(d.body());
      if (body.isEmpty()) {
        continue;
      }
      for (Candidate c : byBody.getOrDefault(body, List.of())) {
        if (absorbed.contains(c.key()) || c.direction() != d.direction() || !sameParty(d, c)) {
          continue;
        }
        long apart = Duration.between(d.messageTime(), c.time()).toMillis();
        if (Math.abs(apart) <= window.toMillis()) {
          pairs.add(new Pair(i, c, Math.abs(apart)));
        } else if (apart > window.toMillis() && schema.messageTimeField().isEmpty()) {
          // CreatedDate only: a Note created later may be a backfill of this very text, or another "ok" written
          // months on; nothing tells them apart, and losing a real text is worse than showing one twice
          laterNote[i] = laterNote[i] == null || c.time().isBefore(laterNote[i].time()) ? c : laterNote[i];
        }
      }
    }
    pairs.sort(Comparator.comparingLong(Pair::apartMillis).thenComparingInt(Pair::record));
    Candidate[] dupOf = new Candidate[batch.size()];
    long[] apartOf = new long[batch.size()];
    for (Pair p : pairs) {
      if (dupOf[p.record()] == null && !absorbed.contains(p.note().key())) {
        dupOf[p.record()] = p.note();
        apartOf[p.record()] = p.apartMillis();
        absorbed.add(p.note().key());
      }
    }
    List<Pending> rest = new ArrayList<>(batch.size());
    List<Integer> dups = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (dupOf[i] == null) {
        rest.add(batch.get(i));
        if (laterNote[i] != null) {
          possibleDuplicate(batch.get(i), laterNote[i]);
        }
      } else {
        dups.add(i);
      }
    }
    if (!dups.isEmpty()) {
      Set<String> imported;
      try {
        imported = importedBefore(dups.stream().map(i -> batch.get(i).draft().externalId()).toList());
      } catch (ExternalSystemException e) {
        // as a failed look for candidates: the duplicates fail (never escape the run); a fatal failure stops the run
        for (int i = 0; i < batch.size(); i++) {
          if (dupOf[i] != null || e.fatalToRun()) {
            String why = dupOf[i] == null ? "not written: the run stopped" : "not written: same text as "
                + dupOf[i].key() + ", but could not tell whether it was imported before";
            ledger.noteFailed(batch.get(i), why + ": " + e.getMessage());
          }
        }
        if (e.fatalToRun()) {
          ledger.abort(e.getMessage());
          throw new RunAborted();
        }
        if (!rest.isEmpty()) {
          next.take(rest);
        }
        return;
      }
      for (int i : dups) {
        Pending p = batch.get(i);
        String key = p.draft().externalId();
        String reason = "same text as " + dupOf[i].key() + ", " + apart(apartOf[i])
            + (schema.messageTimeField().isPresent() ? " apart" : " between the text and the Note's CreatedDate");
        if (imported.contains(key)) {
          alreadyImported++;
          reason += "; already imported as " + key + " before the rc_msg_ Note existed: that Note is left in place";
        }
        ledger.noteDeduplicated(p, new DeduplicatedText(key, dupOf[i].key(),
            p.draft().counterparty() == null ? "" : p.draft().counterparty().digits(), reason));
      }
    }
    if (!rest.isEmpty()) {
      next.take(rest);
    }
  }

  private void possibleDuplicate(Pending p, Candidate later) {
    if (possibleDuplicates++ < POSSIBLE_DUPLICATES_NAMED) {
      long days = Duration.between(p.draft().messageTime(), later.time()).toDays();
      possibleDuplicateExamples.add(p.draft().externalId() + " ~ " + later.key() + " (Note created "
          + (days > 0 ? days + " day(s)" : apart(Duration.between(p.draft().messageTime(), later.time()).toMillis()))
          + " after the text)");
    }
  }

  @Override
  public void finish() {
    next.finish();
    if (possibleDuplicates > 0) {
      ledger.warn(possibleDuplicates + " SMS-Magic record(s) were written although an rc_msg_ Note of the same text"
          + " on the same party was created later than the window (a backfill of the same text, or another identical"
          + " text; without salesforce.note.messageTimeField nothing tells them apart), possible duplicates: "
          + String.join(", ", possibleDuplicateExamples)
          + (possibleDuplicates > POSSIBLE_DUPLICATES_NAMED ? ", …" : ""));
    }
    if (alreadyImported > 0) {
      ledger.warn(alreadyImported + " SMS-Magic record(s) imported earlier now duplicate an rc_msg_ Note: their"
          + " smsmagic_ Notes are left in place (see the de-duplicated CSV; run the import after the RingCentral"
          + " backfill covers the overlap period)");
    }
  }

  /** The rc_msg_ Notes a batch's records may duplicate: none when the batch is outside their span. */
  private List<Candidate> candidates(List<Pending> batch) {
    if (span == null) {
      span = notes.rcNoteSpan();
    }
    Instant min = batch.get(0).draft().messageTime();
    Instant max = min;
    for (Pending p : batch) {
      Instant t = p.draft().messageTime();
      min = t.isBefore(min) ? t : min;
      max = t.isAfter(max) ? t : max;
    }
    boolean timed = schema.messageTimeField().isPresent();
    // without a message time the span is by CreatedDate: a text's Note is created after the text, never before it
    boolean outside = timed ? !span.mayHold(min.minus(window), max.plus(window))
        : span.known() && (span.last().isEmpty() || min.minus(window).isAfter(span.last().get()));
    if (outside) {
      batchesSkipped++;
      return List.of();
    }
    if (!timed) {
      if (everyNote == null) {
        ledger.warn("salesforce.note.messageTimeField is not set: the SMS-Magic import compared history records with"
            + " rc_msg_ Notes by the Notes' CreatedDate (when the sync wrote them), a weaker rule that finds only Notes"
            + " created within the window of the text; set the message time field for the exact rule");
        everyNote = notes.find(NoteStore.Query.all()).stream().map(this::candidate).flatMap(Optional::stream).toList();
      }
      batchesLookedUp++;
      return everyNote;
    }
    return timedCandidates(batch);
  }

  /**
   * With a message time field: the batch's records sorted by time and cut into groups wherever two neighbours are
   * more than twice the window apart (a Note within the window of one record then cannot be within the window of a
   * record of another group, so no pair is lost); the groups whose widened period cannot hold an {@code rc_msg_}
   * Note (by the span) are dropped, and ONE {@link NoteStore#find} reads the rest: the {@code rc_msg_} Notes with a
   * message time from the first kept record − window to the last kept record + window whose Matter or Intake is one
   * of the kept records' or (with a counterparty field) whose number is one of theirs. Those are exactly the Notes
   * {@link #sameParty} can accept, so the duplicates found are those of reading every Note of the period; what is
   * read is the batch's parties' Notes, not the period's.
   *
   * <p>The kept groups are read together rather than one call each: each call costs one API request while the
   * party filter already bounds what the gaps between them hold (the same parties' Notes at other times), so a cut
   * would save a page only for a party with thousands of Notes in a gap; with a history 20 minutes apart on average
   * (50,000 records over two years), one call per group would be one per record.
   */
  private List<Candidate> timedCandidates(List<Pending> batch) {
    List<Pending> byTime = new ArrayList<>(batch);
    byTime.sort(Comparator.comparing(p -> p.draft().messageTime()));
    long gap = 2 * window.toMillis();
    List<Pending> kept = new ArrayList<>(byTime.size());
    int start = 0;
    for (int i = 1; i <= byTime.size(); i++) {
      if (i < byTime.size() && Duration.between(byTime.get(i - 1).draft().messageTime(),
          byTime.get(i).draft().messageTime()).toMillis() <= gap) {
        continue;
      }
      List<Pending> group = byTime.subList(start, i);
      start = i;
      Instant first = group.get(0).draft().messageTime();
      Instant last = group.get(group.size() - 1).draft().messageTime();
      if (span.mayHold(first.minus(window), last.plus(window))) {
        kept.addAll(group);
      } else {
        groupsSkipped++;
      }
    }
    if (kept.isEmpty()) {
      batchesSkipped++;
      return List.of();
    }
    batchesLookedUp++;
    Set<SalesforceId> matters = new HashSet<>();
    Set<SalesforceId> intakes = new HashSet<>();
    Set<PhoneNumber> numbers = new HashSet<>();
    for (Pending p : kept) {
      NoteDraft d = p.draft();
      (d.matter().isPresent() ? matters : intakes).add(d.caseId());
      if (d.counterparty() != null) {
        numbers.add(d.counterparty());
      }
    }
    Instant first = kept.get(0).draft().messageTime();
    Instant last = kept.get(kept.size() - 1).draft().messageTime();
    // until is exclusive and Salesforce keeps whole seconds: one more second keeps last + window in
    NoteStore.Query q = new NoteStore.Query(Set.of(), Optional.of(first.minus(window)),
        Optional.of(last.plus(window).plusSeconds(1)), Optional.empty())
        .withParties(new NoteStore.Query.Parties(matters, intakes, numbers));
    return notes.find(q).stream().map(this::candidate).flatMap(Optional::stream).toList();
  }

  private Optional<Candidate> candidate(NoteRecord r) {
    Direction direction = directionOf(text(r.fields(), schema.noteTopicField()));
    if (direction == null) {
      return Optional.empty();
    }
    if (bodyFormat == null) {
      bodyFormat = sink.bodyFormat();
    }
    Instant time = schema.messageTimeField().isPresent() ? r.messageTime().orElse(null) : r.createdDate();
    if (time == null) {
      return Optional.empty();
    }
    return Optional.of(new Candidate(r.externalId(), time, direction,
        normalise(bodyFormat.unrender(text(r.fields(), schema.noteBodyField()))), id(r.fields(), schema.noteMatterField()),
        id(r.fields(), schema.noteIntakeField()), r.counterparty(schema)));
  }

  private Direction directionOf(String topic) {
    if (topic == null) {
      return null;
    }
    if (topic.equals(topics.inbound())) {
      return Direction.INBOUND;
    }
    if (topic.equals(topics.outbound()) || topic.equals(topics.failed())) {
      return Direction.OUTBOUND;
    }
    return null;
  }

  private boolean sameParty(NoteDraft d, Candidate c) {
    if (schema.counterpartyField().isPresent() && d.counterparty() != null && c.counterparty().isPresent()) {
      return c.counterparty().get().equals(d.counterparty());
    }
    Optional<SalesforceId> theirs = d.matter().isPresent() ? c.matter() : c.intake();
    return theirs.filter(id -> id.sameRecord(d.caseId())).isPresent();
  }

  /** The smsmagic_ keys among {@code keys} that already have a Note; none when the sink cannot tell. */
  private Set<String> importedBefore(List<String> keys) {
    if (!sink.findsExisting()) {
      return Set.of();
    }
    Map<String, StoredNote> found = sink.findExistingInBatches(keys);
    return found.keySet();
  }

  /**
   * A body as the comparison sees it: every run of whitespace (line breaks of any kind, CRLF, CR or LF, included) one
   * space, trimmed. {@code null} reads as empty.
   */
  public static String normalise(String body) {
    return body == null ? "" : WHITESPACE.matcher(body).replaceAll(" ").strip();
  }

  private static String apart(long millis) {
    long s = Math.round(millis / 1000.0);
    return s < 120 ? s + " s" : (s / 60) + " min";
  }

  private static String text(Map<String, Object> fields, String field) {
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (e.getKey().equalsIgnoreCase(field)) {
        return e.getValue() == null ? null : e.getValue().toString();
      }
    }
    return null;
  }

  private static Optional<SalesforceId> id(Map<String, Object> fields, String field) {
    String v = text(fields, field);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SalesforceId.of(v));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

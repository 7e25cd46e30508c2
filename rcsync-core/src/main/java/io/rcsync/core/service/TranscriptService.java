package io.rcsync.core.service;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.FileKey;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNormalizer;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.TranscriptUseCase;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.port.out.FileStore.StoredFile;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.port.out.RecordDirectory;
import io.rcsync.core.port.out.RecordDirectory.CaseSummary;
import io.rcsync.core.report.Transcript;
import io.rcsync.core.report.Transcript.Conversation;
import io.rcsync.core.report.Transcript.Counts;
import io.rcsync.core.report.Transcript.Entry;
import io.rcsync.core.report.Transcript.FileLink;
import io.rcsync.core.report.Transcript.Side;
import io.rcsync.core.service.sync.MmsNoteBody;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a record's {@link Transcript} (issue 14) from Salesforce alone, in few calls: the record (one query, two for
 * an Intake), its rcsync Notes (one describe and one query, more pages for a long conversation), its MMS files (the
 * Notes' files: one query for the versions and one for the links per 200 Notes) and the names of owners the roster
 * does not name (one query per 200, none when the roster names them all).
 *
 * <ul>
 *   <li>Notes: rcsync's Notes of both sources (issue 15): RingCentral texts ({@code rc_msg_}) and the imported
 *       SMS-Magic history ({@code smsmagic_}), which is part of the same conversation; each entry is labelled by its
 *       source through {@link Transcript.Entry#messageId()}: RingCentral's message id as before ({@code 1234567}), an
 *       SMS-Magic record's whole Note key ({@code smsmagic_a1S…}). Any other Note (staff's, a look-alike) is left out.
 *   <li>Side: from the Note's topic, by the config's topic map (Inbound, Outbound, Failed); any other topic (staff
 *       changed it) is shown on the firm's side, marked with the topic, and counted apart.
 *   <li>Time: the configured message time field (RingCentral's {@code creationTime}); without one, the Note's
 *       CreatedDate, which for a backfill is the backfill's time, said in a caveat.
 *   <li>Counterparty: the number in the Note's counterparty field ({@code salesforce.note.counterpartyField}: the
 *       number the text was exchanged with; for a group text, the one that matched this record), one conversation
 *       per number. A Note without one (written before the field was configured, or none is configured) falls back
 *       to the record's phone fields, which every text of the record matched: under that number when the record holds
 *       one, else in one conversation under the record's numbers joined by "or"; a caveat says how many Notes were
 *       placed so ({@link Counts#withoutCounterparty()}).
 *   <li>Staff: the owner's roster name; else the Salesforce User's Name; else "unknown user {id}".
 *   <li>Files: rcsync's {@code Attachment: NAME (TYPE, SIZE)} lines ({@link MmsNoteBody}) are taken out of the text
 *       and become file links, matched to the Note's stored files by name (or, failing that, in order); a line
 *       without a stored file is listed without a link and counted; a stored file without a line is listed too.
 * </ul>
 */
public final class TranscriptService implements TranscriptUseCase {
  /** {@code Attachment: NAME (TYPE, SIZE)} as {@link MmsNoteBody#line} writes it. */
  private static final Pattern ATTACHMENT_LINE = Pattern.compile(
      "^" + Pattern.quote(MmsNoteBody.PREFIX) + "(.+) \\(([^,()]*), ([^()]*)\\)$");

  private final Roster roster;
  private final TopicMap topics;
  private final LitifySchema schema;
  private final ZoneId zone;
  private final NoteStore notes;
  private final Optional<FileStore> files;
  private final RecordDirectory records;
  private final Clock clock;
  private final ApiCalls calls;
  private final UnaryOperator<String> bodyToText;

  /** As the full constructor, for a plain-text body field (a Long Text Area: the body is the text as sent). */
  public TranscriptService(Roster roster, TopicMap topics, LitifySchema schema, ZoneId zone, NoteStore notes,
      Optional<FileStore> files, RecordDirectory records, Clock clock, ApiCalls calls) {
    this(roster, topics, schema, zone, notes, files, records, clock, calls, UnaryOperator.identity());
  }

  /**
   * @param zone the firm's time zone (config {@code timeZone}, else the system's)
   * @param files Salesforce Files; empty lists each attachment line without a link
   * @param calls the counter the adapters share, for the transcript's Salesforce call count
   * @param bodyToText how a stored body reads as text: identity for a Long Text Area; for a Rich Text Area
   *     ({@link io.rcsync.core.domain.NoteBodyFormat#RICH_TEXT}) the HTML's text with its line breaks, entities
   *     decoded (the caller brings an HTML parser; core stays JDK-only)
   */
  public TranscriptService(Roster roster, TopicMap topics, LitifySchema schema, ZoneId zone, NoteStore notes,
      Optional<FileStore> files, RecordDirectory records, Clock clock, ApiCalls calls,
      UnaryOperator<String> bodyToText) {
    this.bodyToText = Objects.requireNonNull(bodyToText, "bodyToText");
    this.roster = Objects.requireNonNull(roster, "roster");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.notes = Objects.requireNonNull(notes, "notes");
    this.files = Objects.requireNonNull(files, "files");
    this.records = Objects.requireNonNull(records, "records");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  @Override
  public Optional<Transcript> transcript(SalesforceId record) {
    long before = calls.count(ApiCalls.SALESFORCE);
    Optional<CaseSummary> found = records.findCase(record);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    CaseSummary c = found.get();
    List<NoteRecord> found2 = notes.find(NoteStore.Query.onRecord(c.id()).withSources(EnumSet.allOf(TextSource.class)))
        .stream()
        .filter(NoteRecord::writtenByRcsync)
        .sorted(Comparator.comparing(NoteRecord::effectiveTime).thenComparing(n -> n.id().value()))
        .toList();
    List<String> caveats = new ArrayList<>();
    if (found2.isEmpty()) {
      return Optional.of(new Transcript(c.id(), c.kind(), c.name(), zone, clock.instant(), List.of(),
          new Counts(0, 0, 0, 0, 0, 0, 0, calls.count(ApiCalls.SALESFORCE) - before), caveats));
    }
    Map<String, List<StoredFile>> filesByMessage = filesByMessage(found2);
    Map<String, String> staff = staffNames(found2);

    List<PhoneNumber> numbers = numbers(c);
    Optional<PhoneNumber> recordNumber = numbers.size() == 1 ? Optional.of(numbers.get(0)) : Optional.empty();
    String fallbackLabel = numbers.isEmpty() ? "unknown number"
        : String.join(" or ", numbers.stream().map(TranscriptService::format).toList());
    int withoutCounterparty = (int) found2.stream().filter(n -> n.counterparty(schema).isEmpty()).count();
    // a Note without its own number goes under the record's number; with several, under all of them ("A or B")
    boolean oneUnsure = withoutCounterparty > 0 && recordNumber.isEmpty();
    if (withoutCounterparty > 0) {
      String kind = c.kind().name().charAt(0) + c.kind().name().substring(1).toLowerCase(java.util.Locale.ROOT);
      String holds = numbers.isEmpty() ? "no phone number" : numbers.size() == 1 ? "one number"
          : numbers.size() + " numbers";
      String placed = oneUnsure ? "so they are shown as one conversation under " + fallbackLabel + "."
          : "so they are shown under it.";
      if (schema.counterpartyField().isEmpty()) {
        if (numbers.size() != 1) {
          caveats.add("The Notes do not record the other party's number (no salesforce.note.counterpartyField is "
              + "configured); this " + kind + " holds " + holds + ", " + placed);
        }
      } else {
        caveats.add(withoutCounterparty + " of " + found2.size() + (found2.size() == 1 ? " Note" : " Notes")
            + (withoutCounterparty == 1 ? " does" : " do") + " not record the other party's number (written before "
            + "salesforce.note.counterpartyField was set; a sync over their dates fills it in); this " + kind
            + " holds " + holds + ", " + placed);
      }
    }
    if (schema.messageTimeField().isEmpty()) {
      caveats.add("No message time field is configured (salesforce.note.messageTimeField): times are when each Note "
          + "was created, which for a backfill is the backfill's time, not the text's.");
    }

    int inbound = 0;
    int outbound = 0;
    int failed = 0;
    int other = 0;
    int linked = 0;
    int missing = 0;
    // conversations keyed by number ("" = the record's numbers, not known which), in order of their first text
    Map<String, List<Entry>> byCounterparty = new LinkedHashMap<>();
    Map<String, Optional<PhoneNumber>> numberOf = new HashMap<>();
    for (NoteRecord n : found2) {
      String topic = text(n.fields().get(schema.noteTopicField()));
      Side side;
      if (topic.equals(topics.inbound())) {
        side = Side.INBOUND;
        inbound++;
      } else if (topic.equals(topics.outbound())) {
        side = Side.OUTBOUND;
        outbound++;
      } else if (topic.equals(topics.failed())) {
        side = Side.FAILED;
        failed++;
      } else {
        side = Side.OTHER;
        other++;
      }
      String messageId = label(n);
      Body body = body(bodyToText.apply(text(n.fields().get(schema.noteBodyField()))),
          filesByMessage.getOrDefault(messageId, List.of()));
      for (FileLink f : body.files()) {
        if (f.stored()) {
          linked++;
        } else {
          missing++;
        }
      }
      String owner = n.owner().map(o -> staff.getOrDefault(o.shortForm(), "unknown user " + o.value()))
          .orElse("no owner");
      Optional<PhoneNumber> number = n.counterparty(schema).or(() -> recordNumber);
      String key = number.map(PhoneNumber::digits).orElse("");
      numberOf.putIfAbsent(key, number);
      byCounterparty.computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Entry(n.id(), messageId, side, topic, n.effectiveTime(), owner, body.text(), body.files()));
    }
    List<Conversation> conversations = new ArrayList<>();
    byCounterparty.forEach((key, entries) -> conversations.add(new Conversation(numberOf.get(key),
        numberOf.get(key).map(TranscriptService::format).orElse(fallbackLabel), entries)));
    Counts counts = new Counts(found2.size(), inbound, outbound, failed, other, linked, missing, 0,
        withoutCounterparty);
    return Optional.of(new Transcript(c.id(), c.kind(), c.name(), zone, clock.instant(), conversations,
        counts.withSalesforceCalls(calls.count(ApiCalls.SALESFORCE) - before), caveats));
  }

  /**
   * How an entry names its text, and so its source: RingCentral's message id ({@code rc_msg_123} and a group text's
   * {@code rc_msg_123_a0L…} → {@code 123}, as before issue 15; the MMS files are matched by it), an SMS-Magic record's
   * whole Note key ({@code smsmagic_a1S…}), which no RingCentral id can be mistaken for.
   */
  private static String label(NoteRecord n) {
    if (TextSource.RINGCENTRAL.owns(n.externalId())) {
      return MessageId.fromExternalId(n.externalId()).map(MessageId::value).orElse(n.externalId());
    }
    return n.externalId();
  }

  /** The record's distinct numbers, in the config's phone-field order; a field holding several numbers gives each. */
  private List<PhoneNumber> numbers(CaseSummary c) {
    Set<PhoneNumber> out = new LinkedHashSet<>();
    List<String> values = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (String field : schema.phoneFields()) {
      c.phoneValues().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(field)).findFirst().ifPresent(e -> {
        values.add(e.getValue());
        seen.add(e.getKey());
      });
    }
    c.phoneValues().entrySet().stream().filter(e -> !seen.contains(e.getKey()))
        .sorted(Map.Entry.comparingByKey()).forEach(e -> values.add(e.getValue()));
    for (String value : values) {
      Optional<PhoneNumber> n = PhoneNormalizer.normalize(value).asNumber();
      if (n.isPresent()) {
        out.add(n.get());
      } else {
        out.addAll(PhoneNormalizer.findAll(value));
      }
    }
    return List.copyOf(out);
  }

  /** {@code (502) 813-8900}. */
  public static String format(PhoneNumber n) {
    return "(" + n.areaCode() + ") " + n.exchange() + "-" + n.line();
  }

  /** The Notes' files by message id (from their {@code rc_att_{messageId}_{attachmentId}} keys). */
  private Map<String, List<StoredFile>> filesByMessage(List<NoteRecord> found) {
    if (files.isEmpty()) {
      return Map.of();
    }
    Map<String, List<StoredFile>> out = new HashMap<>();
    List<StoredFile> stored = files.get().findByNotes(found.stream().map(NoteRecord::id).toList());
    for (StoredFile f : stored) {
      FileKey.parse(f.key()).ifPresent(k -> out.computeIfAbsent(k.message().value(), m -> new ArrayList<>()).add(f));
    }
    out.values().forEach(l -> l.sort(Comparator.comparing(StoredFile::key)));
    return out;
  }

  /** Owner names by 15-character id: the roster's, then one batched User lookup for the rest. */
  private Map<String, String> staffNames(List<NoteRecord> found) {
    Map<String, String> names = new HashMap<>();
    for (StaffMember m : roster.allMembers()) {
      m.sfUserId().ifPresent(id -> names.putIfAbsent(id.shortForm(), m.name()));
    }
    Map<String, SalesforceId> unknown = new LinkedHashMap<>();
    for (NoteRecord n : found) {
      n.owner().filter(o -> !names.containsKey(o.shortForm())).ifPresent(o -> unknown.putIfAbsent(o.shortForm(), o));
    }
    if (!unknown.isEmpty()) {
      records.userNames(unknown.values()).forEach((id, name) -> {
        if (name != null && !name.isBlank()) {
          names.put(id, name);
        }
      });
    }
    return names;
  }

  private record Body(String text, List<FileLink> files) {}

  /**
   * Splits rcsync's trailing {@code Attachment:} lines from the text and pairs each with a stored file of its message:
   * by name first, then the remaining files in key order.
   */
  private Body body(String raw, List<StoredFile> stored) {
    List<String> lines = new ArrayList<>(List.of(raw.split("\r\n|\r|\n", -1)));
    List<Matcher> attachments = new ArrayList<>();
    while (!lines.isEmpty()) {
      Matcher m = ATTACHMENT_LINE.matcher(lines.get(lines.size() - 1));
      if (!m.matches()) {
        break;
      }
      attachments.add(0, m);
      lines.remove(lines.size() - 1);
    }
    List<StoredFile> left = new ArrayList<>(stored);
    List<FileLink> out = new ArrayList<>();
    List<Matcher> unpaired = new ArrayList<>();
    Map<Matcher, StoredFile> paired = new HashMap<>();
    for (Matcher m : attachments) {
      Optional<StoredFile> byName = left.stream()
          .filter(f -> f.fileName().map(n -> n.equals(m.group(1))).orElse(false)).findFirst();
      byName.ifPresentOrElse(f -> {
        paired.put(m, f);
        left.remove(f);
      }, () -> unpaired.add(m));
    }
    for (Matcher m : unpaired) {
      if (!left.isEmpty()) {
        paired.put(m, left.remove(0));
      }
    }
    for (Matcher m : attachments) {
      String type = m.group(2).equals("type unknown") ? "" : m.group(2);
      StoredFile f = paired.get(m);
      out.add(f == null
          ? new FileLink(m.group(1), type, OptionalLong.empty(), m.group(3).equals("size unknown") ? "" : m.group(3),
              Optional.empty(), Optional.empty())
          : link(f.fileName().orElse(m.group(1)), type, f));
    }
    for (StoredFile f : left) {
      out.add(link(f.fileName().orElse(f.key()), "", f));
    }
    return new Body(String.join("\n", lines).strip(), out);
  }

  private FileLink link(String name, String type, StoredFile f) {
    Optional<SalesforceId> doc = Optional.ofNullable(f.contentDocumentId());
    return new FileLink(name, type, OptionalLong.of(f.sizeBytes()), "", doc.flatMap(records::fileUrl), doc);
  }

  private static String text(Object v) {
    return v == null ? "" : String.valueOf(v);
  }
}

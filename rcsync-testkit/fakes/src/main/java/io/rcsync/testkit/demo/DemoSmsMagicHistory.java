package io.rcsync.testkit.demo;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The demo firm's SMS-Magic history (issue 15): the message records the retired package left in the org, as rows of
 * SMS History ({@code smagicinteract__smsMagic__c}) and Incoming SMS ({@code smagicinteract__Incoming_SMS__c}) with
 * SMS-Magic's field names (Interact admin guide, "Object/Data Model",
 * https://sms-magic.com/docs/technical-resources/sms-magic-interact-guide-for-salesforce-admin/sms-magic-object-data-model-1-48.html;
 * Converse user guide, https://sms-magic.com/docs/technical-resources/sms-magic-converse-guide-for-salesforce-users/object_data-model.html),
 * and the same records as a history source with {@link SmsMagicFieldMap#defaults()} reads them. Build it with
 * {@link DemoData#smsMagicHistory(DemoDataset)}; what each category holds is {@link DemoData#SMS_MAGIC_EXPECTED}.
 *
 * @param rows the org rows in insertion order ({@code Id}, {@code Name} and {@code CreatedDate} set, as a seeding
 *     administrator may): SMS History rows first, then Incoming SMS rows, each by creation time
 * @param records what a source reading {@code rows} with the default field map returns, in its order (SMS History by
 *     {@code CreatedDate, Id}, then Incoming SMS)
 * @param rcStart the day the firm's RingCentral texts start (the history lies in the two years before it, except the
 *     overlap duplicates)
 */
public record DemoSmsMagicHistory(List<Row> rows, List<SmsMagicRecord> records, Instant rcStart) {
  public DemoSmsMagicHistory {
    rows = List.copyOf(rows);
    records = List.copyOf(records);
  }

  /**
   * One org row.
   *
   * @param object the object's API name
   * @param values field API name to value ({@link Instant} for date/times, {@link String} otherwise)
   */
  public record Row(String object, Map<String, Object> values) {
    public Row {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /**
   * What importing the demo history must report once the demo's RingCentral backfill has run (categories add up to
   * {@link #read()}).
   *
   * @param smsHistoryOut SMS History rows with {@code Direction__c = OUT}
   * @param smsHistoryIn SMS History rows with {@code Direction__c = IN}
   * @param incomingSms Incoming SMS rows
   * @param matchedMatter records that become Notes on a Matter (by phone, or by their own {@code Matter__c})
   * @param matchedIntake records that become Notes on an Intake
   * @param byOwnLookup of {@code matchedMatter}: records whose own {@code Matter__c} names a Matter whose phone fields
   *     do NOT hold the number (a phone match would have found another record: the lookup wins)
   * @param unmatched records on numbers no Matter or Intake holds, with no lookup
   * @param intakerFiltered an Incoming SMS whose body starts with the Intaker prefix
   * @param failedStatus SMS History OUT rows whose status is FAILED, UNDELIVERED or ERROR (never reached the client),
   *     on Matter numbers: the import writes them as Notes with the failed topic (as RingCentral's DeliveryFailed
   *     texts), reported in its matchedMatter and deliveryFailed; not in {@code matchedMatter} here
   * @param rcDuplicates records in the RingCentral period that repeat a demo RingCentral text (same counterparty, same
   *     body, 30–110 seconds later): de-duplicated against its {@code rc_msg_} Note, never written
   * @param migrationCopies SMS History IN rows that copy an Incoming SMS (same number and body, created on the
   *     migration day): counted as duplicates within the history; the Incoming SMS row is imported
   */
  public record Expected(int smsHistoryOut, int smsHistoryIn, int incomingSms, int matchedMatter, int matchedIntake,
      int byOwnLookup, int unmatched, int intakerFiltered, int failedStatus, int rcDuplicates, int migrationCopies) {
    /** Every record read. */
    public int read() {
      return smsHistoryOut + smsHistoryIn + incomingSms;
    }

    /** Notes the import writes for delivered or received records; it writes {@link #failedStatus} more. */
    public int notes() {
      return matchedMatter + matchedIntake;
    }
  }

  // ---- generation -------------------------------------------------------------------------------------------

  private static final String NS = "smagicinteract__";
  private static final String HISTORY = SmsMagicFieldMap.smsHistory().object();
  private static final String INCOMING = SmsMagicFieldMap.incomingSms().object();
  /** The number the firm texted from in the SMS-Magic years (SenderId__c / Inbound_Number__c). */
  static final String FIRM_NUMBER = "+15025550199";
  private static final String[] OUT_BODIES = {
      "Hi %s, this is the firm. Please call us back about your claim.",
      "Reminder: bring your insurance card to tomorrow's appointment.",
      "We mailed the medical release to you today.",
      "Hola %s, su cita es el jueves a las 2 PM.",
      "Did the adjuster contact you this week?",
      "Your deposition is scheduled — we'll prepare you the day before.",
      "Thanks %s! We received the photos 👍",
      "Please sign and return the retainer \"as soon as you can\".",
  };
  private static final String[] IN_BODIES = {
      "Ok thank you", "Can you call me after 3?", "Got it 👍", "¿Necesitan algo más?", "I sent the pictures",
      "The adjuster called me today", "Running late, be there at 10:15", "Yes that works", "Who should I talk to?",
  };
  private static final String[] NAMES = {"Maria", "James", "Keisha", "Luis", "Tanya", "Robert", "Aaliyah", "Omar"};

  /** The counts the generator below produces (checked when it runs). */
  static final Expected EXPECTED = new Expected(128, 36, 74, 192, 17, 3, 6, 1, 4, 16, 2);

  static DemoSmsMagicHistory generate(DemoDataset data) {
    return new Generator(data).run();
  }

  private static final class Generator {
    private final DemoDataset data;
    private final Random random = new Random(15_015);
    private final Instant rcStart;
    private final SalesforceIds historyIds = SalesforceIds.withPrefix("a3S", 1_000);
    private final SalesforceIds incomingIds = SalesforceIds.withPrefix("a3I", 1_000);
    private final List<Draft> drafts = new ArrayList<>();
    /** Counterparty digits and body of every record drawn so far: only the planned duplicates repeat one. */
    private final Set<String> seen = new HashSet<>();
    private final List<String> matterNumbers = new ArrayList<>();
    private final List<String> intakeNumbers = new ArrayList<>();
    private final Map<String, CaseRecord> holder = new HashMap<>();
    private final List<SalesforceId> senders = new ArrayList<>();
    private int matterNotes;
    private int intakeNotes;

    /** One record before ids and names are given. */
    private record Draft(String object, Direction direction, String counterparty, String body, Instant created,
        Optional<Instant> sentOn, Optional<Instant> createdOn, Optional<SalesforceId> sender,
        Optional<SalesforceId> matter, Optional<SalesforceId> intake, String status, boolean mms) {}

    Generator(DemoDataset data) {
      this.data = data;
      Instant first = data.allMessages().stream().map(SmsMessage::creationTime).min(Comparator.naturalOrder())
          .orElseThrow(() -> new IllegalStateException("the demo firm has no RingCentral texts"));
      this.rcStart = first.truncatedTo(ChronoUnit.DAYS);
      indexCases();
      for (StaffMember m : data.roster().wave(DemoData.WAVE1).members()) {
        m.sfUserId().ifPresent(senders::add);
      }
    }

    /** Numbers held by exactly one open Matter or open Intake (no LIKE look-alike, no second holder). */
    private void indexCases() {
      Set<String> tried = new HashSet<>();
      for (CaseRecord c : data.cases()) {
        for (String v : c.phoneValues().values()) {
          String d = digits(v);
          String n = d.length() == 11 && d.startsWith("1") ? d.substring(1) : d;
          if (n.length() != 10 || !tried.add(n)) {
            continue;
          }
          int count = 0;
          CaseRecord only = null;
          for (CaseRecord other : data.cases()) {
            if (other.phoneValues().values().stream().anyMatch(x -> digits(x).contains(n))) {
              count++;
              only = other;
            }
          }
          if (count == 1 && "Open".equals(only.status())) {
            holder.put(n, only);
            (only.kind() == CaseKind.MATTER ? matterNumbers : intakeNumbers).add(n);
          }
        }
      }
      Collections.sort(matterNumbers);
      Collections.sort(intakeNumbers);
    }

    DemoSmsMagicHistory run() {
      Instant from = rcStart.minus(Duration.ofDays(730));
      // ordinary history: two years of texts with the firm's clients
      for (int i = 0; i < 110; i++) {
        boolean intake = i % 10 == 9;
        String n = pick(intake ? intakeNumbers : matterNumbers);
        Instant at = between(from, rcStart.minus(Duration.ofDays(1)));
        CaseRecord c = holder.get(n);
        Optional<SalesforceId> own = i % 3 == 0 ? Optional.of(c.id()) : Optional.empty();
        outgoing(n, outBody(), at, own.filter(x -> c.kind() == CaseKind.MATTER),
            own.filter(x -> c.kind() == CaseKind.INTAKE), i % 4 == 0 ? "" : "DELIVERED", true);
        count(c);
      }
      for (int i = 0; i < 30; i++) {
        boolean intake = i % 15 == 14;
        String n = pick(intake ? intakeNumbers : matterNumbers);
        Instant at = between(from, rcStart.minus(Duration.ofDays(1)));
        drafts.add(new Draft(HISTORY, Direction.INBOUND, format(n, i), inBody(n), at, Optional.of(at),
            Optional.of(at), Optional.empty(), Optional.empty(), Optional.empty(), "RECEIVED", false));
        count(holder.get(n));
      }
      for (int i = 0; i < 64; i++) {
        boolean intake = i % 16 == 15;
        String n = pick(intake ? intakeNumbers : matterNumbers);
        Instant at = between(from, rcStart.minus(Duration.ofDays(1)));
        incoming(format(n, i + 1), inBody(n), at, i % 21 == 3);
        count(holder.get(n));
      }
      // four texts that never reached the client
      String[] failed = {"FAILED", "UNDELIVERED", "ERROR", "FAILED"};
      for (String status : failed) {
        String n = pick(matterNumbers);
        outgoing(n, outBody(), between(from, rcStart.minus(Duration.ofDays(1))), Optional.empty(), Optional.empty(),
            status, true);
      }
      // six on numbers no Matter or Intake holds
      for (int i = 0; i < 6; i++) {
        String n = unknownNumber();
        Instant at = between(from, rcStart.minus(Duration.ofDays(1)));
        if (i % 2 == 0) {
          outgoing(n, outBody(), at, Optional.empty(), Optional.empty(), "DELIVERED", false);
        } else {
          incoming(format(n, i), inBody(n), at, false);
        }
      }
      // three whose own Matter lookup names a Matter that does not hold the number (an Intake's number): it wins
      for (int i = 0; i < 3; i++) {
        String n = pick(intakeNumbers);
        CaseRecord matter = holder.get(matterNumbers.get(matterNumbers.size() - 1 - i));
        outgoing(n, outBody(), between(from, rcStart.minus(Duration.ofDays(1))), Optional.of(matter.id()),
            Optional.empty(), "DELIVERED", true);
        matterNotes++;
      }
      // a lead from Intaker, forwarded by text
      incoming(DemoData.INTAKER_NUMBER, "New lead from Intaker: Dana R. — truck wreck, call back at (502) 555-0177",
          between(from, rcStart.minus(Duration.ofDays(1))), false);
      // two inbound texts the data migration copied from Incoming SMS into SMS History (created on migration day)
      Instant migration = rcStart.minus(Duration.ofDays(200)).plusSeconds(11 * 3_600);
      for (int i = 0; i < 2; i++) {
        String n = pick(matterNumbers);
        String body = inBody(n);
        Instant received = between(from, migration.minus(Duration.ofDays(30)));
        incoming(format(n, i), body, received, false);
        count(holder.get(n));
        drafts.add(new Draft(HISTORY, Direction.INBOUND, format(n, i + 3), body, migration.plusSeconds(i),
            Optional.empty(), Optional.of(received), Optional.empty(), Optional.empty(), Optional.empty(), "", false));
      }
      overlapDuplicates();
      check();
      return build();
    }

    /** SMS-Magic records of the first RingCentral weeks that repeat a wave-1 RingCentral text written as a Note. */
    private void overlapDuplicates() {
      List<SmsMessage> candidates = new ArrayList<>();
      for (SmsMessage m : data.messagesOfWave(DemoData.WAVE1)) {
        String other = m.direction() == Direction.INBOUND ? m.from() : m.to().size() == 1 ? m.to().get(0) : null;
        if (other == null || m.text().isBlank() || !m.attachments().isEmpty() || m.text().startsWith("Intaker")
            || m.text().startsWith("New lead") || !holder.containsKey(tenDigits(other))) {
          continue;
        }
        candidates.add(m);
      }
      candidates.sort(Comparator.comparing(SmsMessage::creationTime).thenComparing(m -> m.id().value()));
      Set<String> used = new HashSet<>();
      int outbound = 0;
      int inbound = 0;
      int half = EXPECTED.rcDuplicates() / 2;
      for (int i = 0; i < candidates.size() && outbound + inbound < EXPECTED.rcDuplicates(); i += 7) {
        SmsMessage m = candidates.get(i);
        boolean out = m.direction() == Direction.OUTBOUND;
        if (out ? outbound >= half : inbound >= half) {
          continue;
        }
        String other = out ? m.to().get(0) : m.from();
        String n = tenDigits(other);
        if (!used.add(n + "|" + m.text()) || !seen.add(n + "|" + m.text())) {
          continue;
        }
        Instant at = m.creationTime().plusSeconds(30 + random.nextInt(80));
        String shown = format(n, outbound + inbound);
        if (out) {
          drafts.add(new Draft(HISTORY, Direction.OUTBOUND, shown, m.text(), at, Optional.of(at), Optional.of(at),
              Optional.of(senders.get(outbound % senders.size())), Optional.empty(), Optional.empty(), "DELIVERED",
              false));
          outbound++;
        } else {
          // half of the inbound ones in Incoming SMS, half as Converse single-object SMS History IN rows
          if (inbound % 2 == 0) {
            drafts.add(new Draft(INCOMING, Direction.INBOUND, shown, m.text(), at, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "", false));
          } else {
            drafts.add(new Draft(HISTORY, Direction.INBOUND, shown, m.text(), at, Optional.of(at), Optional.of(at),
                Optional.empty(), Optional.empty(), Optional.empty(), "RECEIVED", false));
          }
          inbound++;
        }
      }
      if (outbound != half || inbound != half) {
        throw new IllegalStateException("demo history: only " + outbound + " outbound and " + inbound
            + " inbound RingCentral texts to repeat");
      }
    }

    private void outgoing(String n, String bodyTemplate, Instant at, Optional<SalesforceId> matter,
        Optional<SalesforceId> intake, String status, boolean known) {
      String body = unique(n, bodyTemplate.formatted(NAMES[random.nextInt(NAMES.length)]));
      // about a third were sent by automation (no Sent_By__c); Sent_On__c lags creation by a few seconds
      Optional<SalesforceId> sender = random.nextInt(3) == 0 ? Optional.empty()
          : Optional.of(senders.get(random.nextInt(senders.size())));
      Instant sent = at.plusSeconds(2 + random.nextInt(5));
      drafts.add(new Draft(HISTORY, Direction.OUTBOUND, format(n, random.nextInt(6)), body, at,
          status.equals("FAILED") || status.equals("ERROR") ? Optional.empty() : Optional.of(sent), Optional.of(at),
          sender, matter, intake, status, false));
    }

    private void incoming(String shown, String body, Instant at, boolean mms) {
      drafts.add(new Draft(INCOMING, Direction.INBOUND, shown, body, at, Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), "", mms));
    }

    private void count(CaseRecord c) {
      if (c.kind() == CaseKind.MATTER) {
        matterNotes++;
      } else {
        intakeNotes++;
      }
    }

    private void check() {
      Expected e = EXPECTED;
      long out = drafts.stream().filter(d -> d.object().equals(HISTORY) && d.direction() == Direction.OUTBOUND).count();
      long in = drafts.stream().filter(d -> d.object().equals(HISTORY) && d.direction() == Direction.INBOUND).count();
      long inc = drafts.stream().filter(d -> d.object().equals(INCOMING)).count();
      // the overlap duplicates of matched texts are Notes before de-dup, never after: not in matchedMatter/Intake
      if (out != e.smsHistoryOut() || in != e.smsHistoryIn() || inc != e.incomingSms()
          || matterNotes != e.matchedMatter() || intakeNotes != e.matchedIntake()
          || e.read() != e.notes() + e.unmatched() + e.intakerFiltered() + e.failedStatus() + e.rcDuplicates()
              + e.migrationCopies()) {
        throw new IllegalStateException("demo history counts changed: out " + out + ", in " + in + ", incoming " + inc
            + ", Matter " + matterNotes + ", Intake " + intakeNotes + "; update DemoSmsMagicHistory.EXPECTED and "
            + "DemoData's docstring");
      }
    }

    private DemoSmsMagicHistory build() {
      List<Draft> history = drafts.stream().filter(d -> d.object().equals(HISTORY))
          .sorted(Comparator.comparing(Draft::created)).toList();
      List<Draft> incoming = drafts.stream().filter(d -> d.object().equals(INCOMING))
          .sorted(Comparator.comparing(Draft::created)).toList();
      List<Row> rows = new ArrayList<>();
      List<SmsMagicRecord> records = new ArrayList<>();
      int k = 0;
      for (Draft d : history) {
        SalesforceId id = historyIds.next();
        String name = String.format(java.util.Locale.ROOT, "SM-%09d", ++k);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Id", id.value());
        v.put("Name", name);
        v.put("CreatedDate", d.created());
        v.put(NS + "SMSText__c", d.body());
        v.put(NS + "PhoneNumber__c", d.counterparty());
        v.put(NS + "SenderId__c", FIRM_NUMBER);
        v.put(NS + "Direction__c", d.direction() == Direction.INBOUND ? "IN" : "OUT");
        v.put(NS + "Type__c", d.direction() == Direction.INBOUND ? "Incoming" : "Outgoing");
        d.sentOn().ifPresent(t -> v.put(NS + "Sent_On__c", t));
        d.createdOn().ifPresent(t -> v.put(NS + "CreatedOn__c", t));
        if (!d.status().isEmpty() && !d.status().equals("RECEIVED")) {
          v.put(NS + "Status__c", d.status());
        }
        if (d.status().equals("FAILED") || d.status().equals("ERROR")) {
          v.put(NS + "sentStatus__c", "Failed");
          v.put(NS + "Delivery_Error_Message__c", "Carrier rejected the message (30006: landline or unreachable)");
        } else if (d.direction() == Direction.OUTBOUND) {
          v.put(NS + "sentStatus__c", "Submitted");
          v.put(NS + "deliveryStatus__c", d.status().equals("UNDELIVERED") ? "Failed" : "Success");
        }
        d.sender().ifPresent(s -> v.put(NS + "Sent_By__c", s.value()));
        d.matter().ifPresent(m -> v.put("Matter__c", m.value()));
        d.intake().ifPresent(m -> v.put("Intake__c", m.value()));
        v.put(NS + "Message_Type__c", d.mms() ? "MMS" : "SMS");
        v.put(NS + "external_field__c", externalKey(id));
        rows.add(new Row(HISTORY, v));
        Instant time = d.sentOn().or(d::createdOn).orElse(d.created());
        String status = d.status().equals("RECEIVED") ? "" : (String) firstNonNull(v.get(NS + "Status__c"),
            v.get(NS + "sentStatus__c"), v.get(NS + "deliveryStatus__c"));
        records.add(new SmsMagicRecord(id, name, HISTORY, d.direction(), d.counterparty(), FIRM_NUMBER, d.body(),
            time, d.sender(), d.matter(), d.intake(), status, d.mms()));
      }
      k = 0;
      for (Draft d : incoming) {
        SalesforceId id = incomingIds.next();
        String name = String.format(java.util.Locale.ROOT, "I-%08d", ++k);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Id", id.value());
        v.put("Name", name);
        v.put("CreatedDate", d.created());
        v.put(NS + "SMS_Text__c", d.body());
        v.put(NS + "Mobile_Number__c", d.counterparty());
        v.put(NS + "Inbound_Number__c", FIRM_NUMBER);
        v.put(NS + "MMS_Type__c", d.mms() ? "MMS" : "SMS");
        Optional<String> mediaUrl = d.mms()
            ? Optional.of("https://mms.sms-magic.example/media/" + id.value() + ".jpg") : Optional.empty();
        mediaUrl.ifPresent(u -> v.put(NS + "MMS_Url__c", u));
        v.put(NS + "external_field__c", externalKey(id));
        rows.add(new Row(INCOMING, v));
        // the link is all SMS-Magic kept of an MMS's media (Incoming SMS MMS_Url__c)
        records.add(new SmsMagicRecord(id, name, INCOMING, Direction.INBOUND, d.counterparty(), FIRM_NUMBER, d.body(),
            d.created(), Optional.empty(), Optional.empty(), Optional.empty(), "", d.mms(), mediaUrl));
      }
      return new DemoSmsMagicHistory(rows, records, rcStart);
    }

    private static Object firstNonNull(Object... values) {
      for (Object o : values) {
        if (o != null) {
          return o;
        }
      }
      return "";
    }

    /** SMS-Magic's backend key ({@code external_field__c}: "to push back delivery status"), unique per record. */
    private String externalKey(SalesforceId id) {
      return Long.toHexString(random.nextLong() & Long.MAX_VALUE) + "-" + id.shortForm().substring(10);
    }

    private String pick(List<String> numbers) {
      return numbers.get(random.nextInt(numbers.size()));
    }

    private Instant between(Instant from, Instant to) {
      long span = Duration.between(from, to).getSeconds();
      return from.plusSeconds((long) (random.nextDouble() * span));
    }

    private String outBody() {
      return OUT_BODIES[random.nextInt(OUT_BODIES.length)];
    }

    private String inBody(String n) {
      return unique(n, IN_BODIES[random.nextInt(IN_BODIES.length)]);
    }

    /** The body, numbered when this counterparty already had it (so only planned duplicates repeat). */
    private String unique(String n, String body) {
      String b = body;
      for (int i = 2; !seen.add(n + "|" + b); i++) {
        b = body + " (" + i + ")";
      }
      return b;
    }

    private String unknownNumber() {
      Set<String> known = new HashSet<>();
      for (CaseRecord c : data.cases()) {
        c.phoneValues().values().forEach(v -> known.add(digits(v)));
      }
      for (int attempt = 0; attempt < 10_000; attempt++) {
        String n = "606555" + (1000 + random.nextInt(9000));
        if (known.stream().noneMatch(d -> d.contains(n)) && !holder.containsKey(n)) {
          return n;
        }
      }
      throw new IllegalStateException("no unknown number left");
    }

    /** The number typed one of the ways SMS-Magic stored it (E.164 from the gateway, or as a user typed it). */
    private static String format(String d, int style) {
      if (d.startsWith("+")) {
        return d;
      }
      String a = d.substring(0, 3);
      String e = d.substring(3, 6);
      String l = d.substring(6);
      return switch (Math.floorMod(style, 4)) {
        case 0 -> "+1" + d;
        case 1 -> "1" + d;
        case 2 -> "(" + a + ") " + e + "-" + l;
        default -> d;
      };
    }

    private static String tenDigits(String raw) {
      String d = digits(raw);
      return d.length() == 11 && d.startsWith("1") ? d.substring(1) : d;
    }

    private static String digits(String v) {
      StringBuilder b = new StringBuilder();
      for (char c : Objects.requireNonNullElse(v, "").toCharArray()) {
        if (c >= '0' && c <= '9') {
          b.append(c);
        }
      }
      return b.toString();
    }
  }
}

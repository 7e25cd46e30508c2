package io.rcsync.testkit.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Generates a realistic firm for demos and end-to-end tests, deterministic for a seed.
 *
 * <p>Wave {@value #WAVE1} mirrors the seed tool's 60-day backfill: nine staff with the same text counts (Sam 1,
 * Alyssia 144, JaNette 92, Kyle Haney 86, Timmera 98, Angelica 185, Chymez 144, Austin J 270, Kathy 0 — 1,020
 * texts) and the same outcome: 26 Intaker leads, 742 texts on Matters, 173 on Intakes and 79 unmatched (short
 * codes, international and unknown numbers), so 915 Notes. Timmera is known to the roster only by extension
 * number. Other waves: case managers with texts, an attorney without a Salesforce user (their texts fail until
 * the roster is fixed), and {@code Sara Collins} in wave 4 without a RingCentral extension.
 *
 * <p>For {@code rcsync init} the extensions carry contact names and e-mails and {@link #salesforceUsers} gives the
 * users' names and e-mails: see {@link #INIT_EXPECTED} for what init finds.
 *
 * <p>Phone values on Matters and Intakes are typed every way people type them ({@code (502) 813-8900},
 * {@code 502.813.8900}, {@code +15028138900}, {@code 1-502-813-8900}, with {@code x12}, padded with spaces ...),
 * and the data holds the awkward cases: closed Matters, converted Intakes, a number on a Matter and an Intake,
 * two open Matters sharing a number, a group text, emoji and quotes in bodies, and MMS (issue 12) as RingCentral
 * lists them ({@code MmsAttachment} with {@code uri}, {@code contentType}, {@code size}, {@code fileName}): an injury
 * photo without text ({@code IMG_0412.jpg}, 184,322 bytes), a police report PDF, an insurance card's two PNG sides, a
 * release PDF the firm sends (all on Matters) and a lead's injury photo (1.8 MB, on an Intake). Their bytes are
 * served generated to the listed size by the simulator and the in-memory source. Generated
 * counterparties are fictional {@code 555-01XX} numbers; only Sam's test number is from the seed.
 */
public final class DemoData {
  /** Where the demo's MMS content is served: RingCentral's Get Message Content, {@code {extensionId}/message-store/...}. */
  public static final String CONTENT_BASE = "https://platform.ringcentral.com/restapi/v1.0/account/~/extension/";
  public static final String WAVE1 = "wave1_intake";
  public static final String WAVE2 = "wave2_case_managers";
  public static final String WAVE3 = "wave3_attorneys";
  public static final String WAVE4 = "wave4_support";

  /** Sam's number, held by the Sam Test Matter (seed: "any outbound text to that number ... matches it"). */
  public static final String SAM_NUMBER = "5028138900";
  public static final SalesforceId TEST_ACCOUNT = SalesforceId.of("001UV00000kZGyjYAG");
  public static final SalesforceId TEST_INTAKE = SalesforceId.of("a0CUV00006LMO7s2AH");
  public static final SalesforceId TEST_MATTER = SalesforceId.of("a0LUV00000G5NHJ2A3");
  public static final String INTAKER_NUMBER = "+18335550147";

  /** What a sync of a wave must report. */
  public record Expected(int fetched, int intakerFiltered, int matchedMatter, int matchedIntake, int unmatched) {
    public int notes() {
      return matchedMatter + matchedIntake;
    }
  }

  /** The seed's wave1_intake 60-day backfill: 1,020 SMS, 26 Intaker, 742 Matter, 173 Intake, 79 unmatched. */
  public static final Expected WAVE1_EXPECTED = new Expected(1_020, 26, 742, 173, 79);

  /**
   * The demo firm's SMS-Magic history (issue 15), {@link #smsMagicHistory}: 238 records, in the two years before the
   * RingCentral texts start unless noted. SMS History 164 rows (128 OUT, 36 IN), Incoming SMS 74 rows. Once the demo's
   * wave-1 RingCentral backfill has run, importing them reports:
   * <ul>
   *   <li>209 Notes of delivered or received texts: 192 on Matters (3 of them by the record's own
   *       {@code Matter__c}, which names a Matter whose phone fields do not hold the number — an Intake's number: the
   *       lookup wins) and 17 on Intakes;
   *   <li>6 unmatched (numbers no Matter or Intake holds, no lookup);
   *   <li>1 Intaker-filtered (an Incoming SMS "New lead from Intaker: ...");
   *   <li>4 with a status that never reached the client (FAILED 2, UNDELIVERED 1, ERROR 1; SMS History OUT, on Matter
   *       numbers): written like RingCentral's DeliveryFailed texts, as Notes with the failed topic, so the import
   *       reports them in Matter (196 = 192 + 4) and in deliveryFailed, and creates 213 Notes;
   *   <li>16 de-duplicated: in the RingCentral period, each repeats a wave-1 RingCentral text that the backfill writes
   *       as a Note (same counterparty, same body, 30–110 s later; 8 outbound in SMS History, 8 inbound: 4 in Incoming SMS and 4 as
   *       SMS History IN rows; before the backfill they would be Notes);
   *   <li>2 migration copies: SMS History IN rows created on the data-migration day that repeat an Incoming SMS (same
   *       number and body; the Incoming SMS row is the one imported).
   * </ul>
   * Ordinary records' bodies never repeat per counterparty, so nothing else looks like a duplicate. A third of the
   * ordinary records also carry their own (consistent) {@code Matter__c}/{@code Intake__c}; about two thirds of the
   * SMS History OUT rows name their sender in {@code Sent_By__c} (a wave-1 user), the rest were sent by automation.
   */
  public static final DemoSmsMagicHistory.Expected SMS_MAGIC_EXPECTED = DemoSmsMagicHistory.EXPECTED;

  /**
   * The firm's SMS-Magic history for this dataset (deterministic: a fixed seed, and the dataset's cases and wave-1
   * texts), as org rows to seed ({@link DemoSmsMagicHistory#rows()}) and as the records a history source reads from
   * them ({@link DemoSmsMagicHistory#records()}); counts in {@link #SMS_MAGIC_EXPECTED}.
   *
   * @throws IllegalStateException when the dataset has no RingCentral texts
   */
  public static DemoSmsMagicHistory smsMagicHistory(DemoDataset dataset) {
    return DemoSmsMagicHistory.generate(dataset);
  }

  /** Days of history generated before {@code now}. */
  public static final int HISTORY_DAYS = 60;

  private enum Label { MATTER, INTAKE, UNMATCHED, INTAKER }

  private record Staff(String name, String extensionId, String number, boolean rosterHasId, int texts, boolean hasUser) {}

  private static final List<Staff> WAVE1_STAFF = List.of(
      new Staff("Sam", "376557115", "115", true, 1, true),
      new Staff("Alyssia", "376557052", "104", true, 144, true),
      new Staff("JaNette", "376557061", "106", true, 92, true),
      new Staff("Kyle Haney", "376557074", "107", true, 86, true),
      new Staff("Timmera", "376557083", "108", false, 98, true),
      new Staff("Angelica", "376557090", "109", true, 185, true),
      new Staff("Chymez", "376557101", "110", true, 144, true),
      new Staff("Austin J", "376557112", "111", true, 270, true),
      new Staff("Kathy", "376557123", "112", true, 0, true));
  private static final List<Staff> WAVE2_STAFF = List.of(
      new Staff("Nathaniel", "376558001", "201", true, 40, true),
      new Staff("Priya Raman", "376558002", "202", true, 35, true));
  private static final List<Staff> WAVE3_STAFF = List.of(
      new Staff("Dana Whitfield", "376559001", "301", true, 12, false));
  private static final List<Staff> WAVE4_STAFF = List.of(
      new Staff("Marcus Bell", "376560001", "401", true, 8, true));

  /** The firm's e-mail domain (RFC 2606 reserved, so no real mailbox is named). */
  public static final String FIRM_DOMAIN = "hartwell-law.example";

  /**
   * A person behind a roster name: first and last name (the extension's contact, and the Salesforce user's name), the
   * e-mail RingCentral has and the one Salesforce has (null: no Salesforce user).
   */
  private record Person(String first, String last, String rcEmail, String sfEmail) {
    String fullName() {
      return first + " " + last;
    }
  }

  /**
   * The people for {@code rcsync init} (issue 14): most have the same firm address in both systems (letter case aside),
   * Priya Raman's Salesforce user still has the address of the practice she came from (found by name), Dana
   * Whitfield has no Salesforce user, and Rosa Delgado (reception, ext 100) joined after the roster was written.
   */
  private static final Map<String, Person> PEOPLE = Map.ofEntries(
      Map.entry("Sam", person("Sam", "Porter", "Sam.Porter@" + FIRM_DOMAIN)),
      Map.entry("Alyssia", person("Alyssia", "Grant", null)),
      Map.entry("JaNette", person("JaNette", "Owens", null)),
      Map.entry("Kyle Haney", person("Kyle", "Haney", "Kyle.Haney@" + FIRM_DOMAIN.toUpperCase(java.util.Locale.ROOT))),
      Map.entry("Timmera", person("Timmera", "Lewis", null)),
      Map.entry("Angelica", person("Angélica", "Ruiz", null)),
      Map.entry("Chymez", person("Chymez", "Okafor", null)),
      Map.entry("Austin J", person("Austin", "Jeffries", null)),
      Map.entry("Kathy", person("Kathy", "Dunn", null)),
      Map.entry("Nathaniel", person("Nathaniel", "Brooks", null)),
      Map.entry("Priya Raman", new Person("Priya", "Raman", "priya.raman@" + FIRM_DOMAIN,
          "priya@raman-mediation.example")),
      Map.entry("Dana Whitfield", new Person("Dana", "Whitfield", "dana.whitfield@" + FIRM_DOMAIN, null)),
      Map.entry("Marcus Bell", person("Marcus", "Bell", null)),
      Map.entry("Sara Collins", new Person("Sara", "Collins", null, "sara.collins@" + FIRM_DOMAIN)));

  /** Same address in both systems; {@code sfEmail} null: the RingCentral one. */
  private static Person person(String first, String last, String sfEmail) {
    String plain = java.text.Normalizer.normalize(first, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    String rc = (plain + "." + last).toLowerCase(java.util.Locale.ROOT) + "@" + FIRM_DOMAIN;
    return new Person(first, last, rc, sfEmail == null ? rc : sfEmail);
  }

  /** Reception: a user extension no roster row names (hired after the roster was written). */
  private static final Person RECEPTION = new Person("Rosa", "Delgado", "rosa.delgado@" + FIRM_DOMAIN,
      "rosa.delgado@" + FIRM_DOMAIN);
  private static final SalesforceId RECEPTION_USER = SalesforceIds.idFor(SalesforceIds.USER, 99_002);
  private static final Person ADMIN = new Person("Morgan", "Hartwell", null, "mhartwell@" + FIRM_DOMAIN);
  private static final SalesforceId ADMIN_USER = SalesforceIds.idFor(SalesforceIds.USER, 99_001);

  /** What {@code rcsync init} finds on the demo firm: the staff it matches, and how many user extensions are enabled. */
  public record InitExpected(int matchedByEmail, int matchedByName, int unmatched, int enabledUserExtensions) {
    public int matched() {
      return matchedByEmail + matchedByName;
    }
  }

  /**
   * The 14 enabled user extensions: 12 matched by e-mail, Priya Raman by name, Dana Whitfield unmatched; a Disabled
   * and a NotActivated user extension and a call queue stay out of the wave.
   */
  public static final InitExpected INIT_EXPECTED = new InitExpected(12, 1, 1, 14);

  /**
   * The demo firm's active Salesforce users with names and e-mails (the dataset's {@link DemoDataset#users()} ids):
   * every roster member's user, Sara Collins (no extension), reception and the firm's admin.
   */
  public static List<io.rcsync.core.port.out.StaffDirectory.SalesforceUser> salesforceUsers(DemoDataset dataset) {
    Map<SalesforceId, Person> byId = new LinkedHashMap<>();
    for (StaffMember m : dataset.roster().allMembers()) {
      Person p = PEOPLE.get(m.name());
      if (m.sfUserId().isPresent() && p != null && p.sfEmail() != null) {
        byId.putIfAbsent(m.sfUserId().get(), p);
      }
    }
    byId.put(RECEPTION_USER, RECEPTION);
    byId.put(ADMIN_USER, ADMIN);
    List<io.rcsync.core.port.out.StaffDirectory.SalesforceUser> out = new ArrayList<>();
    for (SalesforceId id : dataset.users()) {
      Person p = byId.get(id);
      if (p != null) {
        out.add(new io.rcsync.core.port.out.StaffDirectory.SalesforceUser(id, p.fullName(), p.first(), p.last(),
            p.sfEmail(), p.sfEmail().toLowerCase(java.util.Locale.ROOT) + ".hartwell"));
      }
    }
    return out;
  }

  private static final String[] AREA_CODES = {"502", "859", "270", "606", "812", "317", "615", "513"};
  private static final String[] SHORT_CODES = {"22395", "839363", "72975", "33733", "262966", "96687", "44144", "88022"};
  private static final String[] INTERNATIONAL = {"+447911123456", "+5215512345678", "+61412345678"};
  private static final String[] FIRST_NAMES = {"Maria", "James", "Keisha", "Luis", "Tanya", "Robert", "Aaliyah",
      "Dmitri", "Guadalupe", "Ethan", "Precious", "Nguyen", "Brandon", "Zoë", "Omar", "Shelby"};
  private static final String[] CASE_TYPES = {"car accident", "slip and fall", "workers comp", "dog bite",
      "truck wreck", "medical bills", "motorcycle crash"};
  private static final String[] OUTBOUND = {
      "Hi %1$s, this is %2$s with the firm. Do you have a minute to talk about your case?",
      "Reminder: your appointment is tomorrow at 10:00 AM. Reply YES to confirm.",
      "We received your documents, thank you! 👍",
      "Hola %1$s, le llamaremos mañana por la mañana. ¡Gracias!",
      "Please send a photo of the police report when you can.",
      "Your settlement check is ready for pickup — bring a photo ID.",
      "Hi %1$s, the adjuster called back. I'll update you after we review the offer.",
      "Can you sign the medical release today? Link is in your email 📄",
  };
  private static final String[] INBOUND = {
      "Ok thanks",
      "Can you call me back? I'm at work until 5",
      "Sent the pics 📷",
      "¿Cuándo es mi cita?",
      "I got a letter from the insurance co. What do I do??",
      "👍",
      "My new address is 123 Main St, Apt \"B\"",
      "Yes",
      "Running 10 min late, sorry 🙏",
      "Who is this?",
  };
  /** A body with quotes and backslashes, to catch escaping bugs in JSON and SOQL. */
  public static final String TRICKY_BODY =
      "He said \"call me back\" — file is at C:\\Users\\client\\docs\\claim.pdf, 100% sure it's there \\o/";
  private static final String[] SHORT_CODE_BODIES = {
      "Your verification code is 482913", "FedEx: your package is scheduled for delivery today",
      "Reply STOP to opt out of alerts", "Walgreens: your prescription is ready"};

  /** The demo org's Note field for each text's own time (RingCentral {@code creationTime}): a Date/Time. */
  public static final String MESSAGE_TIME_FIELD = "Message_Time__c";
  /** The demo org's Note field for the counterparty's 10-digit number: a Text(20). */
  public static final String COUNTERPARTY_FIELD = "RcSync_Counterparty__c";
  /** The demo firm's time zone (config {@code timeZone}). */
  public static final String TIME_ZONE = "America/Kentucky/Louisville";

  private DemoData() {}

  /** Generates the firm for a seed, with texts over the {@value #HISTORY_DAYS} days before {@code now}. */
  public static DemoDataset generate(long seed, Instant now) {
    return new Generator(seed, now.truncatedTo(ChronoUnit.SECONDS)).run();
  }

  /** The earliest instant a backfill must start at to cover every generated text. */
  public static Instant historyStart(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(HISTORY_DAYS));
  }

  // ---- config file -----------------------------------------------------------------------------------

  /** The seed-compatible {@code config/sync-config.json} text for the dataset's roster (design.md §1). */
  public static String demoConfigJson(DemoDataset dataset) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("activeWave", WAVE1);
    Map<String, Object> waves = new LinkedHashMap<>();
    for (Wave w : dataset.roster().waves().values()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (StaffMember m : w.members()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", m.name());
        row.put("extensionId", m.extensionId().map(ExtensionId::value).orElse(null));
        m.extensionNumber().ifPresent(n -> row.put("extensionNumber", n));
        row.put("sfUserId", m.sfUserId().map(SalesforceId::value).orElse(null));
        rows.add(row);
      }
      waves.put(w.name(), rows);
    }
    root.put("waves", waves);
    root.put("phoneFields", LitifySchema.DEFAULT_PHONE_FIELDS);
    root.put("intakerFilter", Map.of("bodyPrefixRegex", "^(Intaker|New lead from Intaker)"));
    Map<String, Object> topics = new LinkedHashMap<>();
    topics.put("Outbound", "Text message sent");
    topics.put("Inbound", "Text message received");
    root.put("topicMap", topics);
    Map<String, Object> hot = new LinkedHashMap<>();
    hot.put("intervalMinutes", 5);
    hot.put("lookbackMinutes", 30);
    root.put("pollWindows", Map.of("hot", hot));
    Map<String, Object> testIds = new LinkedHashMap<>();
    testIds.put("account", TEST_ACCOUNT.value());
    testIds.put("intake", TEST_INTAKE.value());
    testIds.put("matter", TEST_MATTER.value());
    root.put("testRecordIds", testIds);
    // the Note fields a transcript needs (each text's own time, and the number it was exchanged with), which the
    // simulated org and the in-memory fakes create from this config; and the firm's zone (its numbers are 502:
    // Louisville)
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("messageTimeField", MESSAGE_TIME_FIELD);
    note.put("counterpartyField", COUNTERPARTY_FIELD);
    Map<String, Object> salesforce = new LinkedHashMap<>();
    salesforce.put("targetOrg", "LITIFY_ORG");
    salesforce.put("note", note);
    root.put("salesforce", salesforce);
    root.put("timeZone", TIME_ZONE);
    root.put("ringcentral", Map.of("credentialsFile", ".credentials/rc-credentials.json"));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render demo config", e);
    }
  }

  // ---- generation ------------------------------------------------------------------------------------

  private static final class Generator {
    private final Random random;
    private final Instant now;
    private final SalesforceIds users = SalesforceIds.withPrefix(SalesforceIds.USER, 12_345);
    private final SalesforceIds matterIds = SalesforceIds.withPrefix(SalesforceIds.MATTER, 100_000);
    private final SalesforceIds intakeIds = SalesforceIds.withPrefix(SalesforceIds.INTAKE, 100_000);
    private final Set<String> usedNumbers = new LinkedHashSet<>();
    private final List<CaseRecord> cases = new ArrayList<>();
    /** Numbers whose best record is a Matter, and whose best is an Intake. */
    private final List<String> matterNumbers = new ArrayList<>();
    private final List<String> intakeNumbers = new ArrayList<>();
    /** Matter numbers every run must exercise (ambiguous, shared with an Intake, closed), used first. */
    private final Deque<String> mustUseMatterNumbers = new ArrayDeque<>();
    private final Deque<String> mustUseIntakeNumbers = new ArrayDeque<>();
    private final List<Draft> drafts = new ArrayList<>();
    private int matterMessages;
    private int unmatchedMessages;

    /** A message before its id is known (ids follow creation time, as RingCentral's do). */
    private record Draft(ExtensionId ext, Direction direction, String from, List<String> to, String text, Instant at,
        List<Attachment> attachments) {}

    Generator(long seed, Instant now) {
      this.random = new Random(seed);
      this.now = now;
    }

    DemoDataset run() {
      buildCases();
      Roster roster = Roster.of(
          wave(WAVE1, WAVE1_STAFF, List.of()),
          wave(WAVE2, WAVE2_STAFF, List.of()),
          wave(WAVE3, WAVE3_STAFF, List.of()),
          wave(WAVE4, WAVE4_STAFF, List.of(new StaffMember("Sara Collins", Optional.empty(), Optional.empty(),
              Optional.of(SalesforceIds.idFor(SalesforceIds.USER, 67_890))))));
      Set<SalesforceId> userIds = new LinkedHashSet<>();
      roster.allMembers().forEach(m -> m.sfUserId().ifPresent(userIds::add));
      userIds.add(ADMIN_USER); // an admin who owns no texts
      userIds.add(RECEPTION_USER); // reception: not on the roster yet, found by rcsync init

      List<Extension> extensions = new ArrayList<>();
      for (List<Staff> staff : List.of(WAVE1_STAFF, WAVE2_STAFF, WAVE3_STAFF, WAVE4_STAFF)) {
        for (Staff s : staff) {
          Person p = PEOPLE.get(s.name());
          extensions.add(new Extension(ExtensionId.of(s.extensionId()), s.number(), p.fullName(), "Enabled",
              io.rcsync.core.port.out.ExtensionDirectory.TYPE_USER, p.first(), p.last(), p.rcEmail()));
        }
      }
      extensions.add(new Extension(ExtensionId.of("376550001"), "100", RECEPTION.fullName(), "Enabled",
          io.rcsync.core.port.out.ExtensionDirectory.TYPE_USER, RECEPTION.first(), RECEPTION.last(), RECEPTION.rcEmail()));
      extensions.add(new Extension(ExtensionId.of("376550002"), "199", "Brenda Sykes", "Disabled",
          io.rcsync.core.port.out.ExtensionDirectory.TYPE_USER, "Brenda", "Sykes", "brenda.sykes@" + FIRM_DOMAIN));
      extensions.add(new Extension(ExtensionId.of("376550003"), "198", "Jordan Pike", "NotActivated",
          io.rcsync.core.port.out.ExtensionDirectory.TYPE_USER, "Jordan", "Pike", "jordan.pike@" + FIRM_DOMAIN));
      extensions.add(new Extension(ExtensionId.of("376550004"), "500", "Intake Queue", "Enabled", "Department", null,
          null, "intake@" + FIRM_DOMAIN));

      generateWave1();
      for (List<Staff> staff : List.of(WAVE2_STAFF, WAVE3_STAFF, WAVE4_STAFF)) {
        for (Staff s : staff) {
          for (int i = 0; i < s.texts(); i++) {
            message(s, randomLabel());
          }
        }
      }
      return new DemoDataset(roster, extensions, assignIds(extensions), cases, userIds);
    }

    private Wave wave(String name, List<Staff> staff, List<StaffMember> extra) {
      List<StaffMember> members = new ArrayList<>();
      for (Staff s : staff) {
        SalesforceId user = s.hasUser() ? users.next() : null;
        members.add(new StaffMember(s.name(),
            s.rosterHasId() ? Optional.of(ExtensionId.of(s.extensionId())) : Optional.empty(),
            Optional.of(s.number()), Optional.ofNullable(user)));
      }
      members.addAll(extra);
      return new Wave(name, members);
    }

    // -- Matters and Intakes --

    private void buildCases() {
      // the seed's test records: Sam's number on a Matter and an (unconverted) Intake; the Matter wins
      cases.add(new CaseRecord(TEST_MATTER, CaseKind.MATTER, "Open", now.minus(Duration.ofDays(21)),
          Map.of("Matter_Phone__c", "(502) 813-8900")));
      cases.add(new CaseRecord(TEST_INTAKE, CaseKind.INTAKE, "Open", now.minus(Duration.ofDays(22)),
          Map.of("litify_pm__Phone__c", "502.813.8900")));
      matterNumbers.add(SAM_NUMBER);
      mustUseMatterNumbers.add(SAM_NUMBER);

      for (int i = 0; i < 150; i++) {
        String n = freshNumber();
        cases.add(matter("Open", n));
        matterNumbers.add(n);
        if (i < 25) {
          // converted into this Matter: the Intake keeps the number, the open Matter wins
          cases.add(intake("Converted", n));
          mustUseMatterNumbers.add(n);
        } else if (i < 28) {
          cases.add(intake("Open", n));
          mustUseMatterNumbers.add(n);
        }
      }
      for (int i = 0; i < 40; i++) {
        String n = freshNumber();
        cases.add(matter("Closed", n));
        matterNumbers.add(n);
        if (i < 10) {
          cases.add(intake("Converted", n));
        }
        if (i < 4) {
          mustUseMatterNumbers.add(n);
        }
      }
      for (int i = 0; i < 2; i++) {
        // two open Matters share a number (family members, or a duplicate): ambiguous, the newer wins
        String n = freshNumber();
        cases.add(matter("Open", n));
        cases.add(matter("Open", n));
        matterNumbers.add(n);
        for (int k = 0; k < 3; k++) {
          mustUseMatterNumbers.add(n);
        }
      }
      for (int i = 0; i < 70; i++) {
        String n = freshNumber();
        cases.add(intake("Open", n));
        intakeNumbers.add(n);
      }
      for (int i = 0; i < 15; i++) {
        String n = freshNumber();
        cases.add(intake("Converted", n));
        intakeNumbers.add(n);
        if (i < 3) {
          mustUseIntakeNumbers.add(n);
        }
      }
      // what a LIKE query also finds: another number that contains an Intake's digits; core must drop it
      for (int i = 0; i < 2; i++) {
        String n = intakeNumbers.get(i);
        cases.add(new CaseRecord(matterIds.next(), CaseKind.MATTER, "Open", createdDate(),
            Map.of("Matter_Phone__c", "1" + n.substring(0, 3) + "-" + n.substring(3, 6) + "-" + n.substring(6) + "1")));
        mustUseIntakeNumbers.add(n);
      }
      // records whose phone fields hold nothing usable
      String[] junk = {"", "   ", "N/A", "call office", "(502) 555-01", "see notes", "O'Neil's cell \\ unknown"};
      for (String j : junk) {
        cases.add(new CaseRecord(matterIds.next(), CaseKind.MATTER, "Open", createdDate(), Map.of("Client_Phone__c", j)));
      }
    }

    private CaseRecord matter(String status, String digits) {
      return new CaseRecord(matterIds.next(), CaseKind.MATTER, status, createdDate(), phones(digits));
    }

    private CaseRecord intake(String status, String digits) {
      return new CaseRecord(intakeIds.next(), CaseKind.INTAKE, status, createdDate(), phones(digits));
    }

    private Instant createdDate() {
      return now.minus(Duration.ofDays(30 + random.nextInt(4 * 365))).minusSeconds(random.nextInt(86_400));
    }

    private Map<String, String> phones(String digits) {
      Map<String, String> out = new LinkedHashMap<>();
      String field = LitifySchema.DEFAULT_PHONE_FIELDS.get(random.nextInt(3));
      out.put(field, formatted(digits));
      if (random.nextInt(3) == 0) {
        out.put("Phone_10_Digit__c", digits);
      }
      return out;
    }

    /** The number typed one of the ways Salesforce users type numbers. */
    private String formatted(String d) {
      String a = d.substring(0, 3);
      String e = d.substring(3, 6);
      String l = d.substring(6);
      return switch (random.nextInt(12)) {
        case 0 -> "(" + a + ") " + e + "-" + l;
        case 1 -> a + "." + e + "." + l;
        case 2 -> "+1" + d;
        case 3 -> "1-" + a + "-" + e + "-" + l;
        case 4 -> a + " " + e + " " + l;
        case 5 -> d;
        case 6 -> a + "-" + e + "-" + l + " x12";
        case 7 -> " " + a + "-" + e + "-" + l + "  ";
        case 8 -> "+1 (" + a + ") " + e + "-" + l;
        case 9 -> "(" + a + ")" + e + "-" + l;
        case 10 -> a + "-" + e + "-" + l;
        default -> "(" + a + ") " + e + "-" + l + " ext. 204";
      };
    }

    private String freshNumber() {
      for (int attempt = 0; attempt < 10_000; attempt++) {
        String n = AREA_CODES[random.nextInt(AREA_CODES.length)] + "5550" + (100 + random.nextInt(100));
        if (!n.equals(SAM_NUMBER) && usedNumbers.add(n)) {
          return n;
        }
      }
      throw new IllegalStateException("ran out of fictional numbers");
    }

    private String unknownNumber() {
      // a fictional number no record holds
      return freshNumber();
    }

    // -- texts --

    private void generateWave1() {
      List<Label> labels = new ArrayList<>();
      add(labels, Label.MATTER, WAVE1_EXPECTED.matchedMatter() - 1);
      add(labels, Label.INTAKE, WAVE1_EXPECTED.matchedIntake());
      add(labels, Label.UNMATCHED, WAVE1_EXPECTED.unmatched());
      add(labels, Label.INTAKER, WAVE1_EXPECTED.intakerFiltered());
      Collections.shuffle(labels, random);
      int next = 0;
      for (Staff s : WAVE1_STAFF) {
        if (s.name().equals("Sam")) {
          message(s, Label.MATTER);
          continue;
        }
        for (int i = 0; i < s.texts(); i++) {
          message(s, labels.get(next++));
        }
      }
      if (next != labels.size()) {
        throw new IllegalStateException("wave1 texts do not add up: " + next + " of " + labels.size());
      }
    }

    private static void add(List<Label> labels, Label label, int n) {
      for (int i = 0; i < n; i++) {
        labels.add(label);
      }
    }

    private Label randomLabel() {
      int r = random.nextInt(100);
      return r < 70 ? Label.MATTER : r < 87 ? Label.INTAKE : r < 96 ? Label.UNMATCHED : Label.INTAKER;
    }

    private void message(Staff s, Label label) {
      ExtensionId ext = ExtensionId.of(s.extensionId());
      String firm = "+150255501" + s.number().substring(s.number().length() - 2);
      Instant at = now.minusSeconds(60 + random.nextInt(HISTORY_DAYS * 86_400 - 120));
      Direction direction = random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
      String client = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
      switch (label) {
        case INTAKER -> {
          String body = random.nextBoolean()
              ? "New lead from Intaker: " + client + " " + (char) ('A' + random.nextInt(26)) + ". — "
                  + CASE_TYPES[random.nextInt(CASE_TYPES.length)] + ", call back at (502) 555-01" + (10 + random.nextInt(90))
              : "Intaker: chat lead \"" + client + "\" asked about a " + CASE_TYPES[random.nextInt(CASE_TYPES.length)];
          add(ext, Direction.INBOUND, INTAKER_NUMBER, List.of(firm), body, at, List.of());
        }
        case UNMATCHED -> {
          int k = unmatchedMessages++;
          String other;
          String body;
          if (k % 25 == 6) {
            other = INTERNATIONAL[(k / 25) % INTERNATIONAL.length];
            body = direction == Direction.INBOUND ? "Hello, I am calling from abroad about my cousin's case" : body(direction, s, client);
          } else if (k % 5 == 3) {
            other = "+1" + unknownNumber();
            body = body(direction, s, client);
          } else {
            other = SHORT_CODES[random.nextInt(SHORT_CODES.length)];
            body = direction == Direction.INBOUND ? SHORT_CODE_BODIES[random.nextInt(SHORT_CODE_BODIES.length)] : "STOP";
          }
          counterpart(ext, direction, firm, other, body, at);
        }
        case INTAKE -> {
          int k = intakeMessages++;
          String n = mustUseIntakeNumbers.isEmpty()
              ? intakeNumbers.get(random.nextInt(intakeNumbers.size())) : mustUseIntakeNumbers.poll();
          String text = body(direction, s, client);
          if (!intakeMmsDone && k >= 12 && direction == Direction.INBOUND) {
            intakeMmsDone = true;
            // a lead sends the photo of their injury with their first message
            add(ext, direction, "+1" + n, List.of(firm), text, at,
                List.of(media(1_000 + k, 0, "image/jpeg", 1_843_211, "IMG_2087.jpg")));
          } else {
            counterpart(ext, direction, firm, "+1" + n, text, at);
          }
        }
        case MATTER -> {
          int k = matterMessages++;
          String n = mustUseMatterNumbers.isEmpty()
              ? matterNumbers.get(random.nextInt(matterNumbers.size())) : mustUseMatterNumbers.poll();
          if (k == 40) {
            // a group text: one client on a Matter, one number nobody knows
            add(ext, Direction.OUTBOUND, firm, List.of("+1" + n, "+1" + unknownNumber()),
                "Group update: mediation is set for Tuesday at 9am at the courthouse.", at, List.of());
          } else if (k == 41) {
            // an MMS: a photo of the injury and no text
            add(ext, Direction.INBOUND, "+1" + n, List.of(firm), "", at,
                List.of(media(k, 0, "image/jpeg", 184_322, "IMG_0412.jpg")));
          } else if (k > 42 && !plannedMms.isEmpty() && k >= plannedMms.peek().fromIndex()
              && direction == plannedMms.peek().direction()) {
            // an MMS with a text, drawn as any other text's so the seed's other texts stay as they were
            PlannedMms mms = plannedMms.poll();
            List<Attachment> parts = new ArrayList<>();
            parts.add(new Attachment(attachmentId(k, 9), null, "Text", "text/plain"));
            parts.addAll(mms.media().apply(k));
            String text = body(direction, s, client);
            if (direction == Direction.INBOUND) {
              add(ext, direction, "+1" + n, List.of(firm), text, at, parts);
            } else {
              add(ext, direction, firm, List.of("+1" + n), text, at, parts);
            }
          } else if (k == 42) {
            counterpart(ext, Direction.OUTBOUND, firm, "+1" + n, TRICKY_BODY, at);
          } else {
            counterpart(ext, direction, firm, "+1" + n, body(direction, s, client), at);
          }
        }
        default -> throw new IllegalStateException(label.name());
      }
    }

    /** An MMS with a text planned among the wave-1 Matter texts: the first at or after the index going that way. */
    private record PlannedMms(int fromIndex, Direction direction, IntFunction<List<Attachment>> media) {}

    /** A police report and the insurance card's two sides the clients send, a release the firm sends out. */
    private final Deque<PlannedMms> plannedMms = new ArrayDeque<>(List.of(
        new PlannedMms(60, Direction.INBOUND,
            k -> List.of(media(k, 0, "application/pdf", 412_880, "Police_Report_LMPD-26-014873.pdf"))),
        new PlannedMms(77, Direction.OUTBOUND,
            k -> List.of(media(k, 0, "application/pdf", 96_214, "Medical_Records_Release.pdf"))),
        new PlannedMms(95, Direction.INBOUND, k -> List.of(media(k, 0, "image/png", 256_118, "insurance_card_front.png"),
            media(k, 1, "image/png", 231_907, "insurance_card_back.png")))));
    private int intakeMessages;
    private boolean intakeMmsDone;

    /** An {@code MmsAttachment} as the message store lists it (its {@code uri} is set once the message has its id). */
    private static Attachment media(int k, int part, String contentType, long size, String fileName) {
      return new Attachment(attachmentId(k, part), null, Attachment.MMS_ATTACHMENT, contentType, size, fileName);
    }

    private static String attachmentId(int k, int part) {
      return Long.toString(6_100_000_000L + k * 10L + part);
    }

    private String body(Direction direction, Staff s, String client) {
      if (direction == Direction.OUTBOUND) {
        return OUTBOUND[random.nextInt(OUTBOUND.length)].formatted(client, s.name());
      }
      return INBOUND[random.nextInt(INBOUND.length)];
    }

    private void counterpart(ExtensionId ext, Direction direction, String firm, String other, String body, Instant at) {
      if (direction == Direction.INBOUND) {
        add(ext, direction, other, List.of(firm), body, at, List.of());
      } else {
        add(ext, direction, firm, List.of(other), body, at, List.of());
      }
    }

    private void add(ExtensionId ext, Direction direction, String from, List<String> to, String text, Instant at,
        List<Attachment> attachments) {
      drafts.add(new Draft(ext, direction, from, to, text, at, attachments));
    }

    /**
     * Each attachment's {@code uri} at RingCentral's Get Message Content
     * ({@code .../extension/{extensionId}/message-store/{messageId}/content/{attachmentId}}).
     */
    private static List<Attachment> withUris(ExtensionId ext, long messageId, List<Attachment> attachments) {
      return attachments.stream().map(a -> new Attachment(a.id(), CONTENT_BASE + ext.value() + "/message-store/"
          + messageId + "/content/" + a.id(), a.type(), a.contentType(), a.size(), a.fileName())).toList();
    }

    /** Ids follow creation time across the account, as RingCentral's do. */
    private Map<ExtensionId, List<SmsMessage>> assignIds(List<Extension> extensions) {
      List<Draft> sorted = new ArrayList<>(drafts);
      sorted.sort(Comparator.comparing(Draft::at));
      Map<ExtensionId, List<SmsMessage>> out = new LinkedHashMap<>();
      for (Extension e : extensions) {
        out.put(e.id(), new ArrayList<>());
      }
      Map<String, String> conversations = new HashMap<>();
      long id = 1_830_000_000_000L;
      for (Draft d : sorted) {
        id += 1 + random.nextInt(40);
        String other = d.direction() == Direction.INBOUND ? d.from() : String.join(",", d.to());
        String conversation = conversations.computeIfAbsent(d.ext() + "|" + other,
            k -> Long.toString(7_000_000_000L + conversations.size() * 7_919L));
        SmsMessage m = new SmsMessage(MessageId.of(Long.toString(id)), d.ext(), d.direction(), d.from(), d.to(), d.text(),
            d.at(), d.at().plusSeconds(d.direction() == Direction.OUTBOUND ? 2 : 0), conversation,
            d.direction() == Direction.INBOUND ? "Received" : "Delivered", withUris(d.ext(), id, d.attachments()));
        out.get(d.ext()).add(m);
      }
      for (List<SmsMessage> list : out.values()) {
        list.sort(Comparator.comparing(SmsMessage::creationTime).reversed());
      }
      return out;
    }
  }
}

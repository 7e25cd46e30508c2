package io.rcsync.testkit.demo;

import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Availability;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NormalizedPhone;
import io.rcsync.core.domain.PhoneNormalizer;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What happens at the demo firm after its wave-1 backfill, for the demo's incremental step: every kind of text the
 * message store really holds (issue 10), with the outcome an incremental run must report for it.
 *
 * <ul>
 *   <li>three ordinary texts with Sam's test number (on the Sam Test Matter): 3 Notes;
 *   <li>an outbound text Alyssia deleted in RingCentral after sending it ({@code availability: Deleted}): still a Note;
 *   <li>an outbound text whose sending failed ({@code messageStatus: SendingFailed}): a Note with the failed topic;
 *   <li>an outbound text still {@code Queued}: held, no Note yet;
 *   <li>a group text to Sam and a client of another Matter: one Note on each record;
 *   <li>a purged record ({@code availability: Purged}, no text left): counted as purged;
 *   <li>a lead who texted during the backfill window from a number no Matter or Intake held (unmatched then) and whose
 *       Intake is created now: the incremental run matches those texts late.
 * </ul>
 *
 * @param messages the texts that arrive (add them to the message store)
 * @param newCases the Intake created for the lead (add it to Salesforce before the incremental run)
 * @param notesCreated Notes the incremental run creates
 * @param held texts it holds ({@code Queued}/{@code Sending})
 * @param purged purged records it counts
 * @param deliveryFailed texts it writes with the failed topic
 * @param matchedLate backfill-window texts it matches late (a subset of {@code notesCreated})
 */
public record DemoActivity(
    List<SmsMessage> messages,
    List<CaseRecord> newCases,
    int notesCreated,
    int held,
    int purged,
    int deliveryFailed,
    int matchedLate) {

  public DemoActivity {
    messages = List.copyOf(messages);
    newCases = List.copyOf(newCases);
  }

  private static final String FIRM = "+15025550100";

  /**
   * The activity arriving at {@code now} for {@code data}'s wave 1, whose texts the Intaker {@code filter} applies to.
   *
   * @throws IllegalStateException if the dataset has no wave-1 text from an unknown 10-digit number to late-match
   */
  public static DemoActivity at(DemoDataset data, IntakerFilter filter, Instant now) {
    StaffMember alyssia = data.roster().wave(DemoData.WAVE1).members().stream()
        .filter(m -> m.name().equals("Alyssia")).findFirst()
        .orElse(data.roster().wave(DemoData.WAVE1).members().get(0));
    ExtensionId ext = data.extensionOf(alyssia).orElseThrow();
    String sam = "+1" + DemoData.SAM_NUMBER;
    String client = otherMatterClient(data);
    List<SmsMessage> out = new ArrayList<>();
    out.add(text("990000000001", ext, Direction.OUTBOUND, FIRM, List.of(sam), "Hi Sam, the new sync picked this up 👍",
        now.minusSeconds(170), "Delivered"));
    out.add(text("990000000002", ext, Direction.INBOUND, sam, List.of(FIRM), "Got it, thanks!", now.minusSeconds(110),
        "Received"));
    out.add(text("990000000003", ext, Direction.OUTBOUND, FIRM, List.of(sam), "Great — see you Monday.",
        now.minusSeconds(50), "Delivered"));
    out.add(text("990000000004", ext, Direction.OUTBOUND, FIRM, List.of(sam), "Sorry, wrong photo — please ignore",
        now.minusSeconds(160), "Delivered").withAvailability(Availability.DELETED));
    out.add(text("990000000005", ext, Direction.OUTBOUND, FIRM, List.of(sam), "Your hearing moved to 2 pm",
        now.minusSeconds(150), "SendingFailed"));
    out.add(text("990000000006", ext, Direction.OUTBOUND, FIRM, List.of(sam), "Reminder: bring your insurance card",
        now.minusSeconds(40), "Queued"));
    out.add(text("990000000007", ext, Direction.OUTBOUND, FIRM, List.of(sam, client),
        "Both of you: the mediation is confirmed for Friday 10 am", now.minusSeconds(140), "Delivered"));
    out.add(text("990000000008", ext, Direction.INBOUND, "+15025550177", List.of(FIRM), "", now.minusSeconds(130),
        "Received").withAvailability(Availability.PURGED));

    Lead lead = lead(data, filter);
    CaseRecord intake = new CaseRecord(SalesforceIds.withPrefix(SalesforceIds.INTAKE, 990_000).next(), CaseKind.INTAKE,
        "Open", now.minus(Duration.ofMinutes(3)), Map.of("litify_pm__Phone__c", format(lead.number())));
    // 3 ordinary + deleted + failed + 2 for the group text + the lead's texts
    return new DemoActivity(out, List.of(intake), 3 + 1 + 1 + 2 + lead.texts(), 1, 1, 1, lead.texts());
  }

  /**
   * What the demo's push step makes happen while {@code rcsync serve} runs, after {@link #at}'s activity: two inbound
   * texts from Sam (RingCentral pushes each whole, as an instant SMS event; the second an MMS with a photo of the
   * parking sign, {@code parking_sign.jpg}, 142,580 bytes), an outbound reply (only a message-store
   * change: serve reads it by Message Sync), and the text {@link #at} left {@code Queued} turning {@code Delivered} (a
   * status change, also a message-store change). Each ends as a Note on the Sam Test Matter.
   *
   * @param instant the inbound texts (add them to the message store)
   * @param storeChanges the outbound texts (add them to the message store)
   * @param delivered the queued text of {@link #at} whose status becomes {@code Delivered}
   * @param extension the extension all of them belong to
   */
  public record Push(List<SmsMessage> instant, List<SmsMessage> storeChanges, MessageId delivered,
      ExtensionId extension) {
    public Push {
      instant = List.copyOf(instant);
      storeChanges = List.copyOf(storeChanges);
    }

    /** Every message whose Note the step waits for, in arrival order. */
    public List<MessageId> expectedNotes() {
      List<MessageId> ids = new ArrayList<>();
      instant.forEach(m -> ids.add(m.id()));
      storeChanges.forEach(m -> ids.add(m.id()));
      ids.add(delivered);
      return List.copyOf(ids);
    }
  }

  /** The push step's texts for {@code data}'s wave 1, arriving at {@code now} (see {@link Push}). */
  public static Push pushed(DemoDataset data, Instant now) {
    StaffMember alyssia = data.roster().wave(DemoData.WAVE1).members().stream()
        .filter(m -> m.name().equals("Alyssia")).findFirst()
        .orElse(data.roster().wave(DemoData.WAVE1).members().get(0));
    ExtensionId ext = data.extensionOf(alyssia).orElseThrow();
    String sam = "+1" + DemoData.SAM_NUMBER;
    return new Push(
        List.of(text("990000000011", ext, Direction.INBOUND, sam, List.of(FIRM), "Running 10 min late, sorry",
                now.minusSeconds(3), "Received"),
            text("990000000012", ext, Direction.INBOUND, sam, List.of(FIRM), "Is parking at the courthouse free?",
                now.minusSeconds(2), "Received", List.of(
                    new Attachment("99000000001290", DemoData.CONTENT_BASE + ext.value()
                        + "/message-store/990000000012/content/99000000001290", "Text", "text/plain"),
                    new Attachment("99000000001291", DemoData.CONTENT_BASE + ext.value()
                        + "/message-store/990000000012/content/99000000001291", Attachment.MMS_ATTACHMENT,
                        "image/jpeg", 142_580L, "parking_sign.jpg")))),
        List.of(text("990000000013", ext, Direction.OUTBOUND, FIRM, List.of(sam),
            "No problem. Parking is free in the garage on 6th St.", now.minusSeconds(1), "Delivered")),
        MessageId.of("990000000006"), ext);
  }

  private record Lead(PhoneNumber number, int texts) {}

  /**
   * The wave-1 counterparty no Matter or Intake holds with the fewest (but at least one) texts, none of them an
   * Intaker lead: the "lead who texted before their Intake existed".
   */
  private static Lead lead(DemoDataset data, IntakerFilter filter) {
    Set<PhoneNumber> held = new HashSet<>();
    for (CaseRecord c : data.cases()) {
      c.phoneValues().values().forEach(v -> held.addAll(PhoneNormalizer.findAll(v)));
    }
    Map<PhoneNumber, Integer> texts = new LinkedHashMap<>();
    Set<PhoneNumber> spoiled = new HashSet<>();
    for (SmsMessage m : data.messagesOfWave(DemoData.WAVE1)) {
      for (String raw : m.counterparties()) {
        if (PhoneNormalizer.normalize(raw) instanceof NormalizedPhone.Valid v && !held.contains(v.number())) {
          texts.merge(v.number(), 1, Integer::sum);
          if (filter.matches(m.text()) || m.counterparties().size() > 1) {
            spoiled.add(v.number());
          }
        }
      }
    }
    return texts.entrySet().stream().filter(e -> !spoiled.contains(e.getKey()))
        .min(Comparator.comparingInt((Map.Entry<PhoneNumber, Integer> e) -> e.getValue())
            .thenComparing(e -> e.getKey().digits()))
        .map(e -> new Lead(e.getKey(), e.getValue()))
        .orElseThrow(() -> new IllegalStateException("the demo firm has no unmatched 10-digit number to late-match"));
  }

  /** A phone number of an open Matter other than the Sam Test Matter, for the group text. */
  private static String otherMatterClient(DemoDataset data) {
    for (CaseRecord c : data.cases()) {
      if (c.kind() == CaseKind.MATTER && "Open".equals(c.status()) && !c.id().equals(DemoData.TEST_MATTER)) {
        for (String v : c.phoneValues().values()) {
          List<PhoneNumber> found = PhoneNormalizer.findAll(v);
          if (found.size() == 1 && !found.get(0).digits().equals(DemoData.SAM_NUMBER)) {
            return "+1" + found.get(0).digits();
          }
        }
      }
    }
    throw new IllegalStateException("the demo firm has no open Matter with a phone number");
  }

  private static String format(PhoneNumber n) {
    String d = n.digits();
    return "(" + d.substring(0, 3) + ") " + d.substring(3, 6) + "-" + d.substring(6);
  }

  private static SmsMessage text(String id, ExtensionId ext, Direction dir, String from, List<String> to, String body,
      Instant at, String status) {
    return text(id, ext, dir, from, to, body, at, status, List.of());
  }

  private static SmsMessage text(String id, ExtensionId ext, Direction dir, String from, List<String> to, String body,
      Instant at, String status, List<Attachment> attachments) {
    return new SmsMessage(MessageId.of(id), ext, dir, from, to, body, at, at, "demo-conversation", status, attachments);
  }
}

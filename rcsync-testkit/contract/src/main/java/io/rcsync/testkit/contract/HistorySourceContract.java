package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.port.out.HistorySource.Page;
import io.rcsync.core.port.out.HistorySource.Query;
import io.rcsync.core.port.out.HistorySource.Rejected;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HistorySource} must do (issue 15): hand back every record it holds exactly once, page by page
 * through its cursors; each object's records in creation-time order, objects one after the other; {@code since}
 * (inclusive) and {@code until} (exclusive) on the record's creation time; a row it cannot read returned in
 * {@link Page#rejected()} naming the record, never dropped, so records plus rejected rows add up to what it holds.
 *
 * <p>The fixtures are SMS-Magic records of the default objects ({@link SmsMagicFieldMap#smsHistory()} then
 * {@link SmsMagicFieldMap#incomingSms()}; ids with key prefixes {@value #HISTORY_PREFIX} and {@value #INCOMING_PREFIX}),
 * each created at its own message time (an implementation seeds the creation time, e.g. {@code CreatedDate}, and the
 * message time fields with {@link SmsMagicRecord#messageTime()}), with distinct times within an object. Matter and
 * Intake lookups name {@link SalesforceIds#MATTER}/{@link SalesforceIds#INTAKE} ids, senders
 * {@link SalesforceIds#USER} ids: a backend that checks lookups must hold those records first. The suite seeds more
 * than 450 records of one object, so an org source reading 200 a page shows its paging.
 */
public abstract class HistorySourceContract {
  /** Key prefix of the fixtures' SMS History ids (the Salesforce simulator's for that object). */
  public static final String HISTORY_PREFIX = "a3S";
  /** Key prefix of the fixtures' Incoming SMS ids. */
  public static final String INCOMING_PREFIX = "a3I";
  protected static final Instant T0 = Instant.parse("2024-02-01T14:00:00Z");

  /**
   * A row the source cannot read: an SMS History record with no message time in any of the source's time fields.
   *
   * @param id the record's id
   * @param createdDate when it was created (within the fixtures' window)
   */
  public record Unreadable(SalesforceId id, Instant createdDate) {}

  /**
   * A source holding exactly these records and unreadable rows, reading the objects in the order of
   * {@link SmsMagicFieldMap#defaults()}.
   */
  protected abstract HistorySource sourceWith(List<SmsMagicRecord> records, List<Unreadable> unreadable);

  // ---- fixtures -----------------------------------------------------------------------------------------

  /** {@code outgoing} SMS History records and {@code incoming} Incoming SMS records, deterministic. */
  protected static List<SmsMagicRecord> fixtures(int outgoing, int incoming) {
    Random random = new Random(15);
    List<SmsMagicRecord> out = new ArrayList<>();
    String[] bodies = {"See you at 10 \"sharp\" 👍", "Olá, ¿cómo está?\nLine two", "C:\\claims\\file.pdf 100%", "ok"};
    String[] statuses = {"DELIVERED", "SUBMITTED", "FAILED", ""};
    for (int i = 0; i < outgoing; i++) {
      boolean inbound = i % 5 == 4;
      Optional<SalesforceId> matter = i % 7 == 0 ? Optional.of(SalesforceIds.idFor(SalesforceIds.MATTER, 1 + i % 3))
          : Optional.empty();
      Optional<SalesforceId> intake = i % 11 == 0 ? Optional.of(SalesforceIds.idFor(SalesforceIds.INTAKE, 1 + i % 2))
          : Optional.empty();
      Optional<SalesforceId> sender = inbound || i % 3 == 0 ? Optional.empty()
          : Optional.of(SalesforceIds.idFor(SalesforceIds.USER, 12_345 + i % 4));
      out.add(new SmsMagicRecord(SalesforceIds.idFor(HISTORY_PREFIX, 10 + i), String.format("SM-%09d", 10 + i),
          SmsMagicFieldMap.smsHistory().object(), inbound ? Direction.INBOUND : Direction.OUTBOUND,
          "(502) 555-0" + (100 + random.nextInt(99)), "+15025550147", bodies[i % bodies.length] + " #" + i,
          T0.plusSeconds(3_600L * i + random.nextInt(3_000)), sender, matter, intake, statuses[i % statuses.length],
          i % 13 == 0));
    }
    for (int i = 0; i < incoming; i++) {
      out.add(new SmsMagicRecord(SalesforceIds.idFor(INCOMING_PREFIX, 10 + i), String.format("I-%08d", 10 + i),
          SmsMagicFieldMap.incomingSms().object(), Direction.INBOUND, "+1502555" + (1000 + random.nextInt(8_999)),
          "5025550147", "reply " + i + (i % 2 == 0 ? " 📷" : ""), T0.plusSeconds(5_400L * i + random.nextInt(3_000)),
          Optional.empty(), i % 4 == 0 ? Optional.of(SalesforceIds.idFor(SalesforceIds.MATTER, 1)) : Optional.empty(),
          Optional.empty(), "", i % 9 == 0,
          // an Incoming SMS MMS keeps its media only as a link (MMS_Url__c)
          i % 9 == 0 ? Optional.of("https://mms.sms-magic.example/media/I-" + (10 + i) + ".jpg") : Optional.empty()));
    }
    return out;
  }

  /** Every page of a query: records and rejected rows in the order read. */
  protected record Read(List<SmsMagicRecord> records, List<Rejected> rejected, int pages) {}

  protected static Read readAll(HistorySource source, Query query) {
    List<SmsMagicRecord> records = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    int pages = 0;
    do {
      Page page = source.read(query, cursor);
      pages++;
      records.addAll(page.records());
      rejected.addAll(page.rejected());
      cursor = page.next();
      assertThat(pages).as("pages (a cursor that never ends?)").isLessThan(10_000);
    } while (cursor.isPresent());
    return new Read(records, rejected, pages);
  }

  private static String key(SmsMagicRecord r) {
    return r.object() + "/" + r.id().shortForm();
  }

  // ---- the contract --------------------------------------------------------------------------------------

  @Test
  public void everyRecordComesBackOnceWithItsValues() {
    List<SmsMagicRecord> seeded = fixtures(460, 130);
    HistorySource source = sourceWith(seeded, List.of());

    Read read = readAll(source, Query.all());

    assertThat(read.records()).extracting(HistorySourceContract::key).doesNotHaveDuplicates();
    assertThat(read.records()).containsExactlyInAnyOrderElementsOf(seeded);
    assertThat(read.rejected()).isEmpty();
  }

  @Test
  public void eachObjectsRecordsComeInCreationOrderAndObjectsOneAfterTheOther() {
    List<SmsMagicRecord> seeded = fixtures(460, 130);
    HistorySource source = sourceWith(seeded, List.of());

    Read read = readAll(source, Query.all());

    List<String> objects = read.records().stream().map(SmsMagicRecord::object).distinct().toList();
    // a source that says so reads the fixed-inbound object (Incoming SMS) first; else the configured order
    boolean incomingFirst = source.fixedInboundFirst();
    String first = incomingFirst ? SmsMagicFieldMap.incomingSms().object() : SmsMagicFieldMap.smsHistory().object();
    String second = incomingFirst ? SmsMagicFieldMap.smsHistory().object() : SmsMagicFieldMap.incomingSms().object();
    assertThat(objects).containsExactly(first, second);
    for (String object : objects) {
      List<SmsMagicRecord> ofObject = read.records().stream().filter(r -> r.object().equals(object)).toList();
      assertThat(ofObject).extracting(SmsMagicRecord::messageTime).isSortedAccordingTo(Comparator.naturalOrder());
    }
    int lastOfFirst = read.records().stream().map(SmsMagicRecord::object).toList().lastIndexOf(first);
    assertThat(lastOfFirst).isEqualTo((incomingFirst ? 130 : 460) - 1);
  }

  @Test
  public void sinceIsInclusiveAndUntilExclusiveOnTheCreationTime() {
    List<SmsMagicRecord> seeded = fixtures(300, 100);
    HistorySource source = sourceWith(seeded, List.of());
    List<Instant> times = seeded.stream().map(SmsMagicRecord::messageTime).sorted().toList();
    Instant since = times.get(57);
    Instant until = times.get(301);

    Read read = readAll(source, new Query(Optional.of(since), Optional.of(until)));
    Read before = readAll(source, new Query(Optional.empty(), Optional.of(since)));

    List<SmsMagicRecord> expected = seeded.stream()
        .filter(r -> !r.messageTime().isBefore(since) && r.messageTime().isBefore(until)).toList();
    assertThat(read.records()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(read.records()).extracting(SmsMagicRecord::messageTime).contains(since).doesNotContain(until);
    assertThat(before.records()).hasSize((int) seeded.stream().filter(r -> r.messageTime().isBefore(since)).count());
  }

  @Test
  public void aRowThatCannotBeReadIsRejectedNamingItsRecordNeverDropped() {
    List<SmsMagicRecord> seeded = fixtures(240, 20);
    List<Unreadable> unreadable = List.of(
        new Unreadable(SalesforceIds.idFor(HISTORY_PREFIX, 5_001), T0.plusSeconds(90)),
        new Unreadable(SalesforceIds.idFor(HISTORY_PREFIX, 5_002), T0.plusSeconds(3_600L * 230 + 3_500)));
    HistorySource source = sourceWith(seeded, unreadable);

    Read read = readAll(source, Query.all());

    assertThat(read.records().size() + read.rejected().size()).isEqualTo(seeded.size() + unreadable.size());
    assertThat(read.records()).containsExactlyInAnyOrderElementsOf(seeded);
    assertThat(read.rejected()).hasSize(2);
    for (Unreadable u : unreadable) {
      assertThat(read.rejected()).anySatisfy(r -> {
        assertThat(r.rawId()).startsWith(u.id().shortForm());
        assertThat(r.reason()).contains(u.id().shortForm()).doesNotContain("\n");
      });
    }
  }

  @Test
  public void aWindowWithNothingInItIsOneEmptyPage() {
    HistorySource source = sourceWith(fixtures(20, 5), List.of());
    Instant after = T0.plusSeconds(86_400L * 365);

    Page page = source.read(new Query(Optional.of(after), Optional.empty()), Optional.empty());

    assertThat(page.records()).isEmpty();
    assertThat(page.rejected()).isEmpty();
    assertThat(page.next()).isEmpty();
  }

  @Test
  public void readingAgainFromTheStartGivesTheSameRecords() {
    HistorySource source = sourceWith(fixtures(230, 30), List.of());

    Read first = readAll(source, Query.all());
    Read second = readAll(source, Query.all());

    assertThat(second.records()).containsExactlyElementsOf(first.records());
    assertThat(source.description()).isNotBlank();
  }

  /** The distinct Matter, Intake and User ids the fixtures' lookups name, for backends that check lookups. */
  protected static List<SalesforceId> referencedIds(List<SmsMagicRecord> records, String prefix) {
    return records.stream()
        .flatMap(r -> java.util.stream.Stream.of(r.matter(), r.intake(), r.sender()))
        .flatMap(Optional::stream)
        .filter(id -> id.value().startsWith(prefix))
        .map(SalesforceId::value).distinct().sorted().map(SalesforceId::of)
        .collect(Collectors.toList());
  }
}

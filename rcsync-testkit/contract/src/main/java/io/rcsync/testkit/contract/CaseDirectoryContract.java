package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link CaseDirectory} must do. Extend it and return a directory over the given Matters and Intakes
 * that searches the schema's phone fields.
 *
 * <p>A directory may return extra candidates (a LIKE query's false positives; core confirms them) but must never
 * miss a record whose configured phone field holds a queried number in any formatting.
 */
public abstract class CaseDirectoryContract {

  protected abstract CaseDirectory directoryHolding(List<CaseRecord> records, LitifySchema schema);

  private final SalesforceIds matterIds = SalesforceIds.withPrefix(SalesforceIds.MATTER, 40_000);
  private final SalesforceIds intakeIds = SalesforceIds.withPrefix(SalesforceIds.INTAKE, 40_000);

  /**
   * Issue 15 (fresh16 #2): a record's own Matter/Intake lookup is checked before its Note is drafted. A directory that
   * can tell ({@link CaseDirectory#kindsOf} not empty) names the kind of each id that is a Matter or Intake, by its
   * 15-character id, whether given in 15 or 18 characters, and leaves out a deleted record's id and another object's
   * (a User's 005 Id).
   */
  @Test
  void kindsOfNamesMattersAndIntakesAndLeavesOutEveryOtherId() {
    CaseRecord matter = Cases.matter().id(matterIds.next()).phone("(502) 813-8900").build();
    CaseRecord intake = Cases.intake().id(intakeIds.next()).phone("(606) 555-0123").build();
    CaseDirectory directory = directoryHolding(List.of(matter, intake), LitifySchema.defaults());
    SalesforceId gone = matterIds.next();
    SalesforceId user = SalesforceIds.idFor(SalesforceIds.USER, 77);
    SalesforceId intake15 = SalesforceId.of(intake.id().shortForm());

    java.util.Optional<Map<String, CaseKind>> kinds = directory.kindsOf(List.of(matter.id(), intake15, gone, user));

    kinds.ifPresent(k -> assertThat(k).containsOnly(Map.entry(matter.id().shortForm(), CaseKind.MATTER),
        Map.entry(intake.id().shortForm(), CaseKind.INTAKE)));
    assertThat(directory.kindsOf(List.of()).orElse(Map.of())).as("no ids: nothing to tell").isEmpty();
  }

  /** Ways Salesforce users type a number, for area code / exchange / line. */
  public static Stream<String> storedFormats() {
    return formatters().stream().map(f -> f.apply(new String[] {"502", "813", "8900"}));
  }

  private static List<Function<String[], String>> formatters() {
    return List.of(
        p -> "(" + p[0] + ") " + p[1] + "-" + p[2],
        p -> p[0] + "." + p[1] + "." + p[2],
        p -> "+1" + p[0] + p[1] + p[2],
        p -> "1-" + p[0] + "-" + p[1] + "-" + p[2],
        p -> p[0] + " " + p[1] + " " + p[2],
        p -> p[0] + p[1] + p[2],
        p -> p[0] + "-" + p[1] + "-" + p[2],
        p -> "(" + p[0] + ")" + p[1] + "-" + p[2],
        p -> "+1 (" + p[0] + ") " + p[1] + "-" + p[2],
        p -> p[0] + "-" + p[1] + "-" + p[2] + " x12",
        p -> "(" + p[0] + ") " + p[1] + "-" + p[2] + " ext. 204",
        p -> "  " + p[0] + "." + p[1] + "." + p[2] + " ");
  }

  private static String format(int formatter, PhoneNumber n) {
    return formatters().get(formatter % formatters().size()).apply(new String[] {n.areaCode(), n.exchange(), n.line()});
  }

  private static PhoneNumber number(int i) {
    return PhoneNumber.of(String.format("502%03d%04d", 200 + (i / 10_000) % 800, i % 10_000));
  }

  private CaseRecord matter(String field, String value) {
    return Cases.matter().id(matterIds.next()).phone(field, value).build();
  }

  private static Set<SalesforceId> ids(List<CaseRecord> records) {
    Set<SalesforceId> out = new HashSet<>();
    records.forEach(r -> out.add(SalesforceId.of(r.id().shortForm())));
    return out;
  }

  private static SalesforceId key(CaseRecord r) {
    return SalesforceId.of(r.id().shortForm());
  }

  @ParameterizedTest(name = "stored as \"{0}\"")
  @MethodSource("storedFormats")
  public void findsARecordWhateverTheStoredFormatting(String stored) {
    CaseRecord holder = matter("Matter_Phone__c", stored);
    CaseDirectory directory = directoryHolding(List.of(holder), LitifySchema.defaults());

    List<CaseRecord> got = directory.findByPhones(List.of(PhoneNumber.of("5028138900")));

    assertThat(ids(got)).contains(key(holder));
  }

  @Test
  public void findsEveryFormattingInOneCall() {
    List<CaseRecord> records = new ArrayList<>();
    List<PhoneNumber> numbers = new ArrayList<>();
    for (int i = 0; i < formatters().size(); i++) {
      PhoneNumber n = number(300 + i);
      numbers.add(n);
      records.add(matter("Matter_Phone__c", format(i, n)));
    }
    CaseDirectory directory = directoryHolding(records, LitifySchema.defaults());

    assertThat(ids(directory.findByPhones(numbers))).containsAll(ids(records));
  }

  @Test
  public void findsANumberInEachConfiguredPhoneField() {
    LitifySchema schema = LitifySchema.defaults();
    List<CaseRecord> records = new ArrayList<>();
    List<PhoneNumber> numbers = new ArrayList<>();
    int i = 0;
    for (String field : schema.phoneFields()) {
      PhoneNumber n = number(500 + i);
      numbers.add(n);
      records.add(i % 2 == 0 ? matter(field, format(i, n))
          : Cases.intake().id(intakeIds.next()).phone(field, format(i, n)).build());
      i++;
    }
    CaseDirectory directory = directoryHolding(records, schema);

    for (int k = 0; k < numbers.size(); k++) {
      assertThat(ids(directory.findByPhones(List.of(numbers.get(k)))))
          .as("record holding %s in %s", numbers.get(k), schema.phoneFields().get(k))
          .contains(key(records.get(k)));
    }
  }

  @Test
  public void searchesPhoneFieldsRenamedInTheConfig() {
    LitifySchema schema = LitifySchema.defaults().withPhoneFields(List.of("Mobile__c", "Home_Phone__c"));
    CaseRecord mobile = matter("Mobile__c", "(812) 555-0142");
    CaseRecord home = Cases.intake().id(intakeIds.next()).phone("Home_Phone__c", "812.555.0143").build();
    CaseDirectory directory = directoryHolding(List.of(mobile, home), schema);

    List<CaseRecord> got = directory.findByPhones(List.of(PhoneNumber.of("8125550142"), PhoneNumber.of("8125550143")));

    assertThat(ids(got)).contains(key(mobile), key(home));
  }

  @Test
  public void findsFourHundredNumbersInOneCall() {
    List<CaseRecord> records = new ArrayList<>();
    List<PhoneNumber> numbers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      PhoneNumber n = number(1_000 + i * 37);
      numbers.add(n);
      String field = LitifySchema.DEFAULT_PHONE_FIELDS.get(i % 4);
      records.add(i % 3 == 0
          ? Cases.intake().id(intakeIds.next()).phone(field, format(i, n)).build()
          : matter(field, format(i, n)));
    }
    CaseDirectory directory = directoryHolding(records, LitifySchema.defaults());

    assertThat(ids(directory.findByPhones(numbers))).containsAll(ids(records));
  }

  @Test
  public void findsMattersAndIntakesHoldingTheSameNumber() {
    CaseRecord matter = matter("Client_Phone__c", "502-813-8900");
    CaseRecord intake = Cases.intake().id(intakeIds.next()).converted().phone("litify_pm__Phone__c", "5028138900").build();
    CaseDirectory directory = directoryHolding(List.of(matter, intake), LitifySchema.defaults());

    List<CaseRecord> got = directory.findByPhones(List.of(PhoneNumber.of("5028138900")));

    assertThat(got).extracting(CaseRecord::kind).contains(CaseKind.MATTER, CaseKind.INTAKE);
    assertThat(ids(got)).contains(key(matter), key(intake));
  }

  @Test
  public void preservesKindStatusCreatedDateAndPhoneValues() {
    CaseRecord open = Cases.matter().id(matterIds.next()).open().createdAt("2024-02-03T04:05:06Z")
        .phone("Matter_Phone__c", "(502) 555-0101").build();
    CaseRecord closed = Cases.matter().id(matterIds.next()).closed().createdAt("2023-11-12T13:14:15Z")
        .phone("Client_Phone__c", "502.555.0102").build();
    CaseRecord unconverted = Cases.intake().id(intakeIds.next()).open().createdAt("2026-01-02T03:04:05Z")
        .phone("litify_pm__Phone__c", "+15025550103").build();
    CaseRecord converted = Cases.intake().id(intakeIds.next()).converted().createdAt("2025-07-08T09:10:11Z")
        .phone("Phone_10_Digit__c", "5025550104").build();
    List<CaseRecord> stored = List.of(open, closed, unconverted, converted);
    CaseDirectory directory = directoryHolding(stored, LitifySchema.defaults());

    List<CaseRecord> got = directory.findByPhones(List.of(PhoneNumber.of("5025550101"), PhoneNumber.of("5025550102"),
        PhoneNumber.of("5025550103"), PhoneNumber.of("5025550104")));

    for (CaseRecord expected : stored) {
      CaseRecord actual = got.stream().filter(r -> r.id().sameRecord(expected.id())).findFirst()
          .orElseThrow(() -> new AssertionError("not found: " + expected.id()));
      assertThat(actual.kind()).isEqualTo(expected.kind());
      assertThat(actual.status()).isEqualTo(expected.status());
      assertThat(actual.createdDate()).isEqualTo(expected.createdDate());
      for (Map.Entry<String, String> e : expected.phoneValues().entrySet()) {
        assertThat(actual.phoneValues()).containsEntry(e.getKey(), e.getValue());
      }
    }
  }

  @Test
  public void neverMissesARecordHoldingAQueriedNumber() {
    Random random = new Random(20260420L);
    List<CaseRecord> records = new ArrayList<>();
    List<PhoneNumber> pool = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      pool.add(number(5_000 + i * 53));
    }
    for (int i = 0; i < 300; i++) {
      PhoneNumber n = pool.get(random.nextInt(pool.size()));
      String field = LitifySchema.DEFAULT_PHONE_FIELDS.get(random.nextInt(4));
      boolean matter = random.nextBoolean();
      Cases.Builder b = matter ? Cases.matter().id(matterIds.next()) : Cases.intake().id(intakeIds.next());
      if (random.nextInt(4) == 0) {
        b = matter ? b.closed() : b.converted();
      }
      b.createdAt(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextInt(30_000_000)));
      records.add(b.phone(field, format(random.nextInt(100), n)).build());
    }
    List<PhoneNumber> queried = new ArrayList<>(pool.subList(0, 70));
    for (int i = 0; i < 30; i++) {
      queried.add(number(90_000 + i));
    }
    CaseDirectory directory = directoryHolding(records, LitifySchema.defaults());

    Set<SalesforceId> got = ids(directory.findByPhones(queried));

    Set<PhoneNumber> wanted = new HashSet<>(queried);
    List<SalesforceId> mustFind = records.stream()
        .filter(r -> r.phoneValues().values().stream().anyMatch(v ->
            io.rcsync.core.domain.PhoneNormalizer.normalize(v).asNumber().filter(wanted::contains).isPresent()))
        .map(CaseDirectoryContract::key)
        .toList();
    assertThat(mustFind).isNotEmpty();
    assertThat(got).containsAll(mustFind);
  }

  @Test
  public void storedValuesWithQuotesBackslashesPercentAndUnderscoreDoNotBreakTheSearch() {
    List<CaseRecord> records = List.of(
        matter("Matter_Phone__c", "O'Brien's cell 502'813'8900"),
        matter("Client_Phone__c", "502\\813\\8900"),
        matter("litify_pm__Phone__c", "100% 502_813_8900"),
        matter("Phone_10_Digit__c", "\"502\" 813 %_% 8900"),
        matter("Matter_Phone__c", "%"),
        matter("Matter_Phone__c", "_"));
    CaseRecord real = matter("Client_Phone__c", "(502) 813-8900");
    List<CaseRecord> all = new ArrayList<>(records);
    all.add(real);
    CaseDirectory directory = directoryHolding(all, LitifySchema.defaults());

    List<CaseRecord> got = directory.findByPhones(List.of(PhoneNumber.of("5028138900"), PhoneNumber.of("5025550199")));

    assertThat(ids(got)).contains(key(real));
  }

  @Test
  public void findsNothingForNoNumbers() {
    CaseDirectory directory = directoryHolding(List.of(matter("Matter_Phone__c", "5028138900")), LitifySchema.defaults());

    assertThat(directory.findByPhones(List.of())).isEmpty();
  }

  @Test
  public void findsNothingForNumbersNoRecordHolds() {
    CaseDirectory directory = directoryHolding(List.of(matter("Matter_Phone__c", "5028138900")), LitifySchema.defaults());

    List<CaseRecord> got = directory.findByPhones(List.of(PhoneNumber.of("3125550100")));

    assertThat(got).noneMatch(r -> r.phoneValues().values().stream().anyMatch(v -> v.contains("312")));
  }
}

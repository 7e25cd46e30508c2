package io.rcsync.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.salesforce.SalesforceCaseDirectory.LookupPlan;
import io.rcsync.salesforce.SalesforceCaseDirectory.PhoneMatch;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13, selective lookups: phone fields in {@code exactPhoneFields} are searched with {@code IN (...)} in their
 * own statement, never OR'ed with a leading-wildcard LIKE; the matches are those of the all-LIKE lookup; and
 * {@link SalesforceCaseDirectory#explainLookups} reads Salesforce's query plan of each statement.
 */
class SelectivePhoneLookupTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String DATA = "/services/data/v67.0";
  private static final String EMPTY = "{\"totalSize\":0,\"done\":true,\"records\":[]}";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LitifySchema LIKE_ONLY = LitifySchema.defaults();
  private static final LitifySchema EXACT = LitifySchema.defaults().withExactPhoneFields(Set.of("Phone_10_Digit__c"));
  private static final List<PhoneNumber> TWO = List.of(PhoneNumber.of("5028138900"), PhoneNumber.of("5025550199"));

  private final ApiCalls apiCalls = new ApiCalls();
  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  private SalesforceCaseDirectory onWireMock(LitifySchema schema, boolean composite) {
    SalesforceConfig config = SalesforceConfig.builder().schema(schema).sleeper(new RecordingSleeper())
        .compositeQueries(composite).build();
    return new SalesforceCaseDirectory(config, new StaticTokenAuth(wm.baseUrl(), "00Dx!tok"), apiCalls);
  }

  private static String soql(String url) {
    return URLDecoder.decode(url.substring(url.indexOf("q=") + 2), StandardCharsets.UTF_8);
  }

  private List<String> getStatements() {
    return wm.findAll(getRequestedFor(urlPathEqualTo(DATA + "/query"))).stream().map(LoggedRequest::getUrl)
        .map(SelectivePhoneLookupTest::soql).toList();
  }

  // ---- SOQL shape (WireMock) --------------------------------------------------------------------------

  @Test
  void anExactFieldIsSearchedWithInInAStatementOfItsOwnAndTheLikeFieldsKeepTheirLike() {
    wm.stubFor(get(urlPathEqualTo(DATA + "/query")).willReturn(okJson(EMPTY)));

    onWireMock(EXACT, false).findByPhones(TWO);

    List<String> statements = getStatements();
    assertThat(statements).hasSize(4);
    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(4);
    String matterLike = statements.get(0);
    String matterExact = statements.get(1);
    assertThat(matterLike).contains("FROM litify_pm__Matter__c WHERE ")
        .contains("Matter_Phone__c LIKE '%502%813%8900%'", "litify_pm__Phone__c LIKE '%502%555%0199%'")
        .doesNotContain("Phone_10_Digit__c LIKE").doesNotContain(" IN (");
    assertThat(matterExact).isEqualTo("SELECT Id, CreatedDate, litify_pm__Status__c, Matter_Phone__c, Client_Phone__c, "
        + "litify_pm__Phone__c, Phone_10_Digit__c FROM litify_pm__Matter__c WHERE "
        + "(Phone_10_Digit__c IN ('5028138900','5025550199'))");
    assertThat(statements.get(2)).contains("FROM litify_pm__Intake__c").contains(" LIKE ").doesNotContain(" IN (");
    assertThat(statements.get(3)).endsWith("FROM litify_pm__Intake__c WHERE (Phone_10_Digit__c IN ('5028138900','5025550199'))");
  }

  @Test
  void withoutExactPhoneFieldsTheLookupIsTheLikeItWasTwoStatementsAChunk() {
    wm.stubFor(get(urlPathEqualTo(DATA + "/query")).willReturn(okJson(EMPTY)));

    onWireMock(LIKE_ONLY, false).findByPhones(TWO);

    List<String> statements = getStatements();
    assertThat(statements).hasSize(2).allSatisfy(s -> assertThat(s).doesNotContain(" IN ("));
    assertThat(statements.get(0)).contains("Phone_10_Digit__c LIKE '%502%813%8900%'");
  }

  @Test
  void whenEveryFieldIsExactThereIsNoLikeAndNoFullwidthScan() {
    wm.stubFor(get(urlPathEqualTo(DATA + "/query")).willReturn(okJson(EMPTY)));
    LitifySchema allExact = LitifySchema.defaults().withPhoneFields(List.of("Phone_10_Digit__c", "Mobile_10__c"))
        .withExactPhoneFields(Set.of("Phone_10_Digit__c", "Mobile_10__c"));

    onWireMock(allExact, false).findByPhones(TWO);

    assertThat(getStatements()).hasSize(2).allSatisfy(s -> assertThat(s).doesNotContain("LIKE")
        .contains("WHERE (Phone_10_Digit__c IN ('5028138900','5025550199') OR Mobile_10__c IN ('5028138900','5025550199'))"));
  }

  @Test
  void bothKindsOfStatementOfBothObjectsTravelInOneCompositeCall() throws Exception {
    wm.stubFor(post(urlEqualTo(DATA + "/composite")).willReturn(okJson("{\"compositeResponse\":["
        + IntStream.range(0, 4).mapToObj(i -> "{\"body\":" + EMPTY + ",\"httpHeaders\":{},\"httpStatusCode\":200,"
            + "\"referenceId\":\"q" + i + "\"}").collect(Collectors.joining(",")) + "]}")));

    onWireMock(EXACT, true).findByPhones(TWO);

    assertThat(apiCalls.count(ApiCalls.SALESFORCE)).isEqualTo(1);
    JsonNode body = JSON.readTree(wm.findAll(postRequestedFor(urlEqualTo(DATA + "/composite"))).get(0).getBodyAsString());
    List<String> statements = new ArrayList<>();
    body.path("compositeRequest").forEach(r -> statements.add(soql(r.path("url").asText())));
    assertThat(statements).hasSize(4);
    assertThat(statements).filteredOn(s -> s.contains(" IN (")).hasSize(2)
        .allSatisfy(s -> assertThat(s).doesNotContain("LIKE"));
  }

  @Test
  void withCompositeLookupsExactStatementsAreBoundByTheSoqlLimitAloneAndTogetherHoldEveryNumber() {
    SalesforceConfig config = SalesforceConfig.builder().schema(EXACT).maxUrlLength(2_000).maxSoqlLength(5_000).build();
    SalesforceCaseDirectory directory = new SalesforceCaseDirectory(config, new StaticTokenAuth(wm.baseUrl(), "t"), apiCalls);
    List<PhoneNumber> numbers = IntStream.range(0, 400).mapToObj(i -> PhoneNumber.of(String.valueOf(5_025_550_000L + i)))
        .toList();

    List<String> statements = directory.exactStatements(CaseKind.MATTER, List.of("Phone_10_Digit__c"), numbers);

    assertThat(statements).hasSizeGreaterThan(1);
    assertThat(statements).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(5_000));
    int base = wm.baseUrl().length() + DATA.length() + "/query?q=".length();
    assertThat(statements).anySatisfy(s -> assertThat(base + Soql.encodedLength(s)).isGreaterThan(2_000));
    String all = String.join(" ", statements);
    assertThat(numbers).allSatisfy(n -> assertThat(all).contains("'" + n.digits() + "'"));
  }

  @Test
  void manyNumbersSplitIntoExactStatementsThatEachFitTheUrlAndTogetherHoldEveryNumber() {
    wm.stubFor(get(urlPathEqualTo(DATA + "/query")).willReturn(okJson(EMPTY)));
    SalesforceConfig config = SalesforceConfig.builder().schema(EXACT).maxUrlLength(2_000).compositeQueries(false)
        .build();
    SalesforceCaseDirectory directory = new SalesforceCaseDirectory(config, new StaticTokenAuth(wm.baseUrl(), "t"), apiCalls);
    List<PhoneNumber> numbers = IntStream.range(0, 400).mapToObj(i -> PhoneNumber.of(String.valueOf(5_025_550_000L + i)))
        .toList();

    List<String> statements = directory.exactStatements(CaseKind.MATTER, List.of("Phone_10_Digit__c"), numbers);

    assertThat(statements).hasSizeGreaterThan(1);
    int base = wm.baseUrl().length() + DATA.length() + "/query?q=".length();
    assertThat(statements).allSatisfy(s -> assertThat(base + Soql.encodedLength(s)).isLessThanOrEqualTo(2_000));
    String all = String.join(" ", statements);
    assertThat(numbers).allSatisfy(n -> assertThat(all).contains("'" + n.digits() + "'"));
    // IN packs about 5 times as many numbers into a statement as a four-field LIKE does
    List<String> like = directory.statements(CaseKind.MATTER, LIKE_ONLY.phoneFields(), numbers, null);
    assertThat(like.size()).isGreaterThan(3 * statements.size());
  }

  // ---- the same matches (simulator) -------------------------------------------------------------------

  /** 40 Matters and 40 Intakes: a normalized copy in Phone_10_Digit__c, some also formatted in another field. */
  private static List<CaseRecord> cases() {
    List<CaseRecord> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String digits = String.valueOf(5_025_550_100L + i);
      String formatted = "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
      var matter = Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 100 + i)).phone("Phone_10_Digit__c", digits);
      var intake = Cases.intake().id(SalesforceIds.idFor(SalesforceIds.INTAKE, 100 + i)).phone("Phone_10_Digit__c", digits);
      if (i % 3 == 0) {
        matter.phone("Matter_Phone__c", formatted);
      }
      if (i % 4 == 0) {
        intake.phone("Client_Phone__c", "+1 " + formatted);
      }
      out.add(matter.build());
      out.add(intake.build());
    }
    // held only formatted: exact mode still finds it through its LIKE field
    out.add(Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 999)).phone("Client_Phone__c", "502.555.0105").build());
    return out;
  }

  private static List<PhoneNumber> numbers(int count) {
    return IntStream.range(0, count).mapToObj(i -> PhoneNumber.of(String.valueOf(5_025_550_100L + i))).toList();
  }

  private record Lookup(Set<SalesforceId> ids, long calls) {}

  private Lookup lookUp(LitifySchema schema, boolean composite, List<PhoneNumber> numbers, UnaryOperator<SalesforceConfig.Builder> more) {
    SalesforceSimulator sim = orgs.org(LIKE_ONLY, cases(), Set.of());
    SalesforceCaseDirectory directory = orgs.adapters(sim, schema, b -> more.apply(b.compositeQueries(composite)))
        .newCaseDirectory();
    long before = sim.totalCalls();
    Set<SalesforceId> ids = directory.findByPhones(numbers).stream().map(CaseRecord::id).collect(Collectors.toSet());
    return new Lookup(ids, sim.totalCalls() - before);
  }

  @Test
  void exactAndLikeLookupsFindTheSameMattersAndIntakesOnTheSimulator() {
    List<PhoneNumber> numbers = numbers(45); // five of them held by nobody

    Lookup like = lookUp(LIKE_ONLY, true, numbers, UnaryOperator.identity());
    Lookup exact = lookUp(EXACT, true, numbers, UnaryOperator.identity());
    Lookup exactGet = lookUp(EXACT, false, numbers, UnaryOperator.identity());

    assertThat(like.ids()).hasSize(81);
    assertThat(exact.ids()).isEqualTo(like.ids());
    assertThat(exactGet.ids()).isEqualTo(like.ids());
  }

  @Test
  void callsPerLookupChunkInBothModes() {
    List<PhoneNumber> numbers = numbers(45);
    UnaryOperator<SalesforceConfig.Builder> none = UnaryOperator.identity();

    long likeComposite = lookUp(LIKE_ONLY, true, numbers, none).calls();
    long exactComposite = lookUp(EXACT, true, numbers, none).calls();
    long likeGet = lookUp(LIKE_ONLY, false, numbers, none).calls();
    long exactGet = lookUp(EXACT, false, numbers, none).calls();

    // one chunk: LIKE = 2 statements (Matter, Intake); with an exact field 4 (LIKE and IN on each object)
    assertThat(likeComposite).isEqualTo(1);
    assertThat(exactComposite).isEqualTo(1);
    assertThat(likeGet).isEqualTo(2);
    assertThat(exactGet).isEqualTo(4);
  }

  /**
   * Measured calls for one lookup of the 50,000-text firm's 2,812 numbers (issue 13), all four ways; the figures go
   * to {@code target/selective-lookups.txt}. An exact statement holds about ten times as many numbers as a LIKE
   * statement, so adding them costs few statements, while the LIKE statements lose a field and so hold more numbers.
   */
  @Test
  void callsForTheFiftyThousandTextFirmsNumbersInBothModes() throws Exception {
    List<PhoneNumber> numbers = IntStream.range(0, 2_812)
        .mapToObj(i -> PhoneNumber.of(String.valueOf(5_025_550_100L + i * 7L))).toList();
    LitifySchema allExact = LitifySchema.defaults().withPhoneFields(List.of("Phone_10_Digit__c"))
        .withExactPhoneFields(Set.of("Phone_10_Digit__c"));
    UnaryOperator<SalesforceConfig.Builder> none = UnaryOperator.identity();

    Lookup like = lookUp(LIKE_ONLY, true, numbers, none);
    Lookup mixed = lookUp(EXACT, true, numbers, none);
    Lookup exact = lookUp(allExact, true, numbers, none);
    long likeGet = lookUp(LIKE_ONLY, false, numbers, none).calls();
    long mixedGet = lookUp(EXACT, false, numbers, none).calls();
    long exactGet = lookUp(allExact, false, numbers, none).calls();

    String figures = String.format(java.util.Locale.ROOT, "2,812 numbers, one lookup, Salesforce calls%n"
        + "  4 LIKE fields:            composite %d, GET /query %d (= statements)%n"
        + "  3 LIKE + 1 exact (IN):    composite %d, GET /query %d%n"
        + "  1 exact field only (IN):  composite %d, GET /query %d%n",
        like.calls(), likeGet, mixed.calls(), mixedGet, exact.calls(), exactGet);
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "selective-lookups.txt"), figures);
    System.out.print(figures);
    assertThat(mixed.ids()).isEqualTo(like.ids());
    assertThat(exactGet).isLessThan(likeGet / 5);
    // measured: LIKE 18 composite / 86 GET; mixed 15 / 74 (its LIKE statements search one field fewer); exact 2 / 8
    assertThat(mixedGet).isLessThanOrEqualTo(likeGet);
    assertThat(mixed.calls()).isLessThanOrEqualTo(like.calls());
    assertThat(exact.calls()).isLessThanOrEqualTo(2);
  }

  // ---- query plans (simulator) ------------------------------------------------------------------------

  @Test
  void explainShowsTheLikeStatementsScanAndTheExactStatementsUseTheIndex() {
    SalesforceSimulator sim = orgs.org(SalesforceSimulator.litify(LIKE_ONLY).largeObjectRows(20)
        .indexedField("litify_pm__Matter__c", "Phone_10_Digit__c").indexedField("litify_pm__Intake__c", "Phone_10_Digit__c"),
        LIKE_ONLY, cases(), Set.of());
    SalesforceCaseDirectory directory = orgs.adapters(sim, EXACT).newCaseDirectory();

    List<LookupPlan> plans = directory.explainLookups(PhoneNumber.of("5025550100"));

    assertThat(plans).extracting(LookupPlan::object, LookupPlan::match).containsExactly(
        org.assertj.core.groups.Tuple.tuple("litify_pm__Matter__c", PhoneMatch.LIKE),
        org.assertj.core.groups.Tuple.tuple("litify_pm__Matter__c", PhoneMatch.EXACT),
        org.assertj.core.groups.Tuple.tuple("litify_pm__Intake__c", PhoneMatch.LIKE),
        org.assertj.core.groups.Tuple.tuple("litify_pm__Intake__c", PhoneMatch.EXACT));
    LookupPlan matterLike = plans.get(0);
    assertThat(matterLike.leadingOperationType()).isEqualTo("TableScan");
    assertThat(matterLike.relativeCost()).isEqualTo(41 / 20.0);
    assertThat(matterLike.selective()).isFalse();
    assertThat(matterLike.sobjectCardinality()).isEqualTo(41);
    assertThat(matterLike.fields()).containsExactly("Matter_Phone__c", "Client_Phone__c", "litify_pm__Phone__c");
    assertThat(matterLike.notes()).isNotEmpty();
    LookupPlan matterExact = plans.get(1);
    assertThat(matterExact.leadingOperationType()).isEqualTo("Index");
    assertThat(matterExact.selective()).isTrue();
    assertThat(matterExact.cardinality()).isEqualTo(1);
    assertThat(matterExact.soql()).endsWith("WHERE (Phone_10_Digit__c IN ('5025550100'))");
    assertThat(sim.totalCalls()).isEqualTo(4);
  }

  @Test
  void explainOfAnExactFieldWithoutAnIndexSaysItScans() {
    SalesforceSimulator sim = orgs.org(SalesforceSimulator.litify(LIKE_ONLY).largeObjectRows(20), LIKE_ONLY, cases(), Set.of());

    List<LookupPlan> plans = orgs.adapters(sim, EXACT).newCaseDirectory().explainLookups(PhoneNumber.of("5025550100"));

    assertThat(plans).filteredOn(p -> p.match() == PhoneMatch.EXACT).isNotEmpty()
        .allSatisfy(p -> assertThat(p.leadingOperationType()).isEqualTo("TableScan"))
        .noneMatch(LookupPlan::selective);
  }
}

package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code import-smsmagic} in-process on the CLI's live adapters against the Salesforce simulator with SMS-Magic's
 * objects: the org path (SOQL pages through the adapter's history source), then the same records from a Data Loader
 * export of them, which finds every Note the org import wrote (same keys, 15-character Ids widened) and creates
 * nothing. No RingCentral credential is present: the import needs none.
 */
class ImportSmsMagicSimulatorTest {
  private static final String NS = "smagicinteract__";
  /** A sender the org lists as an active user but the roster does not know; an Id with its real checksum. */
  private static final String SENDER = "005UV0000012349" + io.rcsync.core.domain.SalesforceId.checksum("005UV0000012349");

  @TempDir
  Path dir;

  TestWorld w;
  SalesforceSimulator sf;
  Map<String, String> env;

  @BeforeEach
  void start() {
    w = new TestWorld(dir);
    w.write("config/sync-config.json", ImportSmsMagicVerbTest.CONFIG_WITH_SMSMAGIC);
    sf = SalesforceSimulator.builder()
        .schema(OrgSchema.litifyDefaults(w.config.schema()).withSmsMagic(w.config.schema())).build().start();
    List.of(TestWorld.ALYSSIA_USER, TestWorld.KYLE_USER, TestWorld.DANA_USER,
        io.rcsync.core.domain.SalesforceId.of(SENDER)).forEach(sf::addUser);
    sf.seedCases(List.of(TestWorld.MATTER, TestWorld.INTAKE), w.config.schema());
    history("a3S000000000001EAA", "SM-000000001", "2024-03-01T14:05:09Z", "Court date moved,\nsee you there",
        "(502) 813-8900", "OUT", SENDER);
    history("a3S000000000002EAA", "SM-000000002", "2024-03-02T09:00:00Z", "Is my claim filed?", "502.555.0199", "IN",
        null);
    history("a3S000000000003EAA", "SM-000000003", "2024-03-03T09:00:00Z", "who is this", "5029990001", "IN", null);
    env = Map.of("SF_ACCESS_TOKEN", sf.issueToken(), "SF_INSTANCE_URL", sf.instanceUrl());
  }

  @AfterEach
  void stop() {
    sf.close();
  }

  private void history(String id, String name, String at, String body, String phone, String direction,
      String sentBy) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("Id", id);
    v.put("Name", name);
    v.put("CreatedDate", Instant.parse(at));
    v.put(NS + "external_field__c", "ext-" + id);
    v.put(NS + "SMSText__c", body);
    v.put(NS + "PhoneNumber__c", phone);
    v.put(NS + "SenderId__c", "15025550147");
    v.put(NS + "Direction__c", direction);
    v.put(NS + "Sent_On__c", Instant.parse(at));
    v.put(NS + "Status__c", "DELIVERED");
    if (sentBy != null) {
      v.put(NS + "Sent_By__c", sentBy);
    }
    sf.insert(OrgSchema.SMS_HISTORY, v);
  }

  private TestWorld.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment e = CliEnvironment.of(dir).withEnv(env).withClock(w.clock).withAdapters(new LiveAdapters());
    CommandLine cl = RcsyncCommand.commandLine(e);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  private List<Map<String, Object>> smsMagicNotes() {
    return sf.records(w.config.schema().noteObject()).stream()
        .filter(r -> String.valueOf(r.get("External_Id__c")).startsWith("smsmagic_")).toList();
  }

  @Test
  void theOrgsHistoryIsImportedThenItsDataLoaderExportFindsTheSameNotes() throws Exception {
    TestWorld.Result org = run("import-smsmagic");

    assertThat(org.code()).as(org.toString()).isZero();
    assertThat(org.out()).contains("rcsync import-smsmagic · org: smagicinteract__smsMagic__c,"
            + " smagicinteract__Incoming_SMS__c · first record .. now")
        .contains("Check: read 3 = Intaker-filtered 0 + Matter 1 + Intake 1 + unmatched 1 + failed 0"
            + " + de-duplicated 0 — balanced");
    assertThat(smsMagicNotes()).extracting(n -> n.get("External_Id__c"))
        .containsExactlyInAnyOrder("smsmagic_a3S000000000001EAA", "smsmagic_a3S000000000002EAA");
    Map<String, Object> sent = sf.findBy(w.config.schema().noteObject(), "External_Id__c",
        "smsmagic_a3S000000000001EAA").get(0);
    assertThat(sent).as("the sender is an active user of the org (not on the roster)").containsEntry("OwnerId", SENDER)
        .containsEntry("litify_pm__lit_Matter__c", TestWorld.MATTER.id().value())
        .containsEntry("litify_pm__lit_Topic__c", "Text message sent");
    JsonNode json = new ObjectMapper().readTree(Files.readString(w.lastReport("-import-smsmagic.json")));
    long orgCalls = json.path("apiCalls").path("salesforce").asLong();
    assertThat(orgCalls).isPositive();

    // the same three records as Data Loader exports them: upper-case API names, 15-character Ids, GMT date-times
    w.write("exports/sms-history.csv", "\"ID\",\"NAME\",\"CREATEDDATE\",\"SMAGICINTERACT__SMSTEXT__C\","
        + "\"SMAGICINTERACT__PHONENUMBER__C\",\"SMAGICINTERACT__DIRECTION__C\",\"SMAGICINTERACT__SENT_ON__C\","
        + "\"SMAGICINTERACT__SENT_BY__C\",\"SMAGICINTERACT__STATUS__C\"\r\n"
        + "\"a3S000000000001\",\"SM-000000001\",\"2024-03-01T14:05:09.000Z\",\"Court date moved,\nsee you there\","
        + "\"(502) 813-8900\",\"OUT\",\"2024-03-01T14:05:09.000Z\",\"" + SENDER
        + "\",\"DELIVERED\"\r\n"
        + "\"a3S000000000002\",\"SM-000000002\",\"2024-03-02T09:00:00.000Z\",\"Is my claim filed?\",\"502.555.0199\","
        + "\"IN\",\"2024-03-02T09:00:00.000Z\",\"\",\"DELIVERED\"\r\n"
        + "\"a3S000000000003\",\"SM-000000003\",\"2024-03-03T09:00:00.000Z\",\"who is this\",\"5029990001\",\"IN\","
        + "\"2024-03-03T09:00:00.000Z\",\"\",\"DELIVERED\"\r\n");
    w.clock.advance(java.time.Duration.ofMinutes(1));
    TestWorld.Result csv = run("import-smsmagic", "--from-csv", "exports/sms-history.csv");

    assertThat(csv.code()).as(csv.toString()).isZero();
    JsonNode again = new ObjectMapper().readTree(Files.readString(w.lastReport("-import-smsmagic.json")));
    assertThat(again.path("totals").path("created").asLong()).isZero();
    assertThat(again.path("totals").path("updated").asLong()).isZero();
    assertThat(again.path("totals").path("unchanged").asLong()).isEqualTo(2);
    assertThat(smsMagicNotes()).hasSize(2);
    System.out.println("Salesforce calls: org import of 3 records " + orgCalls + ", CSV re-import "
        + again.path("apiCalls").path("salesforce").asLong());
  }

  /** fresh16 #1: a well-formed defaultOwner that is no active User of the org is a config error before any write. */
  @Test
  void aDefaultOwnerTheOrgDoesNotKnowIsAConfigErrorOfOneLineForTheDryRunAndTheImport() {
    w.write("config/sync-config.json", ImportSmsMagicVerbTest.CONFIG_WITH_SMSMAGIC.replace("005UV0000012346AAA",
        "005UV0000067890AAA"));

    for (String[] args : List.of(new String[] {"import-smsmagic", "--dry-run"}, new String[] {"import-smsmagic"},
        new String[] {"verify", "--source", "smsmagic"})) {
      TestWorld.Result r = run(args);

      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err().strip().lines()
          .filter(l -> l.contains("smsmagic.defaultOwner")).toList()).as(r.toString()).singleElement().asString()
          .contains("config/sync-config.json: smsmagic.defaultOwner: 005UV0000067890AAA is not an active standard"
              + " User of the org");
      assertThat(r.out()).doesNotContain("balanced");
    }
    assertThat(smsMagicNotes()).isEmpty();
  }

  /**
   * fresh16 #4: an object or field named in the config that the org lacks is a config error (exit 2, one line naming
   * the file, the key and the org's nearest name; no table), for the dry run, the import and verify alike.
   */
  @Test
  void aConfiguredObjectOrFieldTheOrgLacksIsAConfigErrorOfOneLineWithoutATable() {
    Map<String, String> typos = Map.of(
        "\"incoming\": { \"object\": \"smagicinteract__Incoming_SMSx__c\" }",
        "smsmagic.objects.incoming.object: object smagicinteract__Incoming_SMSx__c is not in the org for this user;"
            + " did you mean smagicinteract__Incoming_SMS__c?",
        "\"outgoing\": { \"body\": \"smagicinteract__SMSTxt__c\" }",
        "smsmagic.objects.outgoing.body: field smagicinteract__SMSTxt__c is not in the org on"
            + " smagicinteract__smsMagic__c; did you mean smagicinteract__SMSText__c?",
        "\"outgoing\": { \"matterLookup\": \"NoSuch__c\" }",
        "smsmagic.objects.outgoing.matterLookup: field NoSuch__c is not in the org");
    typos.forEach((objects, line) -> {
      w.write("config/sync-config.json", ImportSmsMagicVerbTest.CONFIG_WITH_SMSMAGIC.replace(
          "\"defaultOwner\": \"005UV0000012346AAA\" }",
          "\"defaultOwner\": \"005UV0000012346AAA\", \"objects\": { " + objects + " } }"));
      for (String[] args : List.of(new String[] {"import-smsmagic", "--dry-run"}, new String[] {"import-smsmagic"},
          new String[] {"verify", "--source", "smsmagic"})) {
        TestWorld.Result r = run(args);

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.contains("smsmagic.objects."))).as(r.toString())
            .singleElement().asString().contains("config/sync-config.json: " + line);
        assertThat(r.out()).as(r.toString()).doesNotContain("balanced").doesNotContain("TOTAL");
      }
    });
    assertThat(smsMagicNotes()).isEmpty();
  }

  /**
   * fresh16 #2: an export's Matter lookup that names no Matter (none with that Id; a User's Id) is found in the dry
   * run, and neither run fails a record with a raw Salesforce error: the phone match decides, with one warning.
   */
  @Test
  void anExportsMatterLookupThatIsNoMatterFallsBackToThePhoneMatchInTheDryRunAndTheImport() throws Exception {
    w.write("config/sync-config.json", ImportSmsMagicVerbTest.CONFIG_WITH_SMSMAGIC.replace(
        "\"defaultOwner\": \"005UV0000012346AAA\" }",
        "\"defaultOwner\": \"005UV0000012346AAA\", \"objects\": { \"outgoing\": { \"matterLookup\":"
            + " \"Matter__c\" } } }"));
    w.write("exports/lookup2.csv", "\"ID\",\"CREATEDDATE\",\"SMAGICINTERACT__SMSTEXT__C\","
        + "\"SMAGICINTERACT__PHONENUMBER__C\",\"SMAGICINTERACT__DIRECTION__C\",\"MATTER__C\"\r\n"
        + "\"a3SUV0000F16M02\",\"2024-03-01T14:05:09.000Z\",\"no such Matter\",\"(502) 813-8900\",\"OUT\","
        + "\"a0LUV0000000ZZZZZZ\"\r\n"
        + "\"a3SUV0000F16M03\",\"2024-03-01T14:06:09.000Z\",\"a User's Id\",\"(502) 813-8900\",\"OUT\","
        + "\"" + TestWorld.ALYSSIA_USER.value() + "\"\r\n");

    TestWorld.Result dry = run("import-smsmagic", "--dry-run", "--from-csv", "exports/lookup2.csv");
    TestWorld.Result real = run("import-smsmagic", "--from-csv", "exports/lookup2.csv");

    for (TestWorld.Result r : List.of(dry, real)) {
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).as(r.toString()).contains("Warning: 2 record(s) name a Matter/Intake that is not one of the"
              + " org")
          .contains("matched by phone number instead").contains("failed 0")
          .doesNotContain("INVALID_CROSS_REFERENCE_KEY").doesNotContain("FIELD_INTEGRITY_EXCEPTION");
    }
    assertThat(smsMagicNotes()).hasSize(2).allSatisfy(n -> assertThat(n)
        .containsEntry("litify_pm__lit_Matter__c", TestWorld.MATTER.id().value()));
  }
}

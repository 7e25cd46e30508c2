package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.demo.SimulatorDemoWorld;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rcsync transcript} (issue 14) on the live adapters against both simulators holding the demo firm, after a
 * backfill of wave 1: the richest Matter (the most texts among those with texts both ways and an MMS file) as one HTML
 * page, bubbles in message order, staff names, local times in the config's {@code timeZone}, file links to Salesforce;
 * and, after the client's spouse texts from a number added to the Matter, one conversation per counterparty (the
 * demo config names a counterparty field).
 *
 * <p>With {@code -Dtranscript.copyTo=FILE} the page is also copied there (how {@code docs/transcript.png} is made).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranscriptSimulatorTest {
  private static final ZoneId LOUISVILLE = ZoneId.of("America/Kentucky/Louisville");
  private static final String SPOUSE = "+16065550099";
  private static final String SPOUSE_FIELD_NAME = DemoData.COUNTERPARTY_FIELD;

  @TempDir
  static Path dir;

  MutableClock clock;
  SimulatorDemoWorld world;
  ConfigFile config;
  SalesforceId richest;
  int richestNotes;

  @BeforeAll
  void backfillTheDemoFirm() throws Exception {
    clock = MutableClock.at("2026-11-20T15:00:00Z");
    DemoDataset data = DemoData.generate(42, clock.instant());
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(DemoData.demoConfigJson(data));
    // the demo config names the message time and counterparty fields and the firm's zone
    assertThat(json.path("salesforce").path("note").path("counterpartyField").asText()).isEqualTo(SPOUSE_FIELD_NAME);
    assertThat(json.path("timeZone").asText()).isEqualTo(LOUISVILLE.getId());
    String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/sync-config.json"), text);
    config = ConfigLoader.parseFile("config/sync-config.json", text);
    world = SimulatorDemoWorld.start(data, config, dir, clock);
    TestWorld.Result sync = run("sync", "--backfill", "--since", DemoData.historyStart(clock.instant()).toString());
    assertThat(sync.code()).as(sync.toString()).isZero();
    clock.advance(java.time.Duration.ofMinutes(3));
    pickTheRichestMatter();
    aSpouseTextsAboutTheRichestMatter(data);
  }

  /**
   * The client's spouse texts the firm from a number the paralegal then adds to the Matter: a second counterparty on
   * the same Matter, whose texts the next sync files there: three texts, twenty days before the demo's end, while the
   * client's conversation goes on.
   */
  private void aSpouseTextsAboutTheRichestMatter(DemoDataset data) {
    SalesforceSimulator sf = world.salesforce();
    var schema = config.sync().schema();
    Map<String, Object> matter = sf.records(schema.matterObject()).stream()
        .filter(r -> richest.sameRecord(SalesforceId.of(String.valueOf(r.get("Id"))))).findFirst().orElseThrow();
    String free = schema.phoneFields().stream().filter(f -> matter.get(f) == null).findFirst().orElseThrow();
    sf.update(schema.matterObject(), String.valueOf(matter.get("Id")), Map.of(free, "(606) 555-0099"));
    String owner = sf.records(schema.noteObject()).stream()
        .filter(n -> n.get(schema.noteMatterField()) != null
            && richest.sameRecord(SalesforceId.of(String.valueOf(n.get(schema.noteMatterField())))))
        .map(n -> String.valueOf(n.get("OwnerId"))).findFirst().orElseThrow();
    var member = data.roster().allMembers().stream()
        .filter(m -> m.sfUserId().map(u -> u.sameRecord(SalesforceId.of(owner))).orElse(false))
        .findFirst().orElseThrow();
    Instant middle = clock.instant().minus(java.time.Duration.ofDays(20));
    world.ringCentral().addMessages(member.extensionId().orElseThrow(), List.of(
        Messages.inbound().id(9_900_000_001L).extension(member.extensionId().orElseThrow()).counterparty(SPOUSE)
            .text("Hi, this is Dana, her husband. The adjuster called me instead of her.").at(middle).build(),
        Messages.outbound().id(9_900_000_002L).extension(member.extensionId().orElseThrow()).counterparty(SPOUSE)
            .text("Thanks Dana. Please send me the adjuster's name and number.").at(middle.plusSeconds(600)).build(),
        Messages.inbound().id(9_900_000_003L).extension(member.extensionId().orElseThrow()).counterparty(SPOUSE)
            .text("Pat Reyes, 502-555-0199 ext 4").at(middle.plusSeconds(1_500)).build()));
    TestWorld.Result again = run("sync", "--backfill", "--since", DemoData.historyStart(clock.instant()).toString());
    assertThat(again.code()).as(again.toString()).isZero();
    richestNotes += 3;
    clock.advance(java.time.Duration.ofMinutes(3));
  }

  @AfterAll
  void stop() {
    if (world != null) {
      world.close();
    }
  }

  /** The Matter with the most rcsync Notes among those with inbound and outbound texts and a file. */
  private void pickTheRichestMatter() {
    SalesforceSimulator sf = world.salesforce();
    var schema = config.sync().schema();
    Set<String> notesWithFiles = new HashSet<>();
    sf.records("ContentDocumentLink").forEach(l -> notesWithFiles.add(String.valueOf(l.get("LinkedEntityId")).substring(0, 15)));
    Map<String, int[]> byMatter = new HashMap<>(); // notes, inbound, outbound, files
    for (Map<String, Object> n : sf.records(schema.noteObject())) {
      Object matter = n.get(schema.noteMatterField());
      if (matter == null || !String.valueOf(n.get(schema.noteExternalIdField())).startsWith("rc_msg_")) {
        continue;
      }
      int[] c = byMatter.computeIfAbsent(String.valueOf(matter), k -> new int[4]);
      c[0]++;
      String topic = String.valueOf(n.get(schema.noteTopicField()));
      c[1] += topic.equals("Text message received") ? 1 : 0;
      c[2] += topic.equals("Text message sent") ? 1 : 0;
      c[3] += notesWithFiles.contains(String.valueOf(n.get("Id")).substring(0, 15)) ? 1 : 0;
    }
    var best = byMatter.entrySet().stream().filter(e -> e.getValue()[1] > 0 && e.getValue()[2] > 0 && e.getValue()[3] > 0)
        .max(Comparator.comparingInt((Map.Entry<String, int[]> e) -> e.getValue()[0]).thenComparing(Map.Entry::getKey))
        .orElseThrow();
    richest = SalesforceId.of(best.getKey());
    richestNotes = best.getValue()[0];
  }

  private CliEnvironment cliEnv() {
    return CliEnvironment.of(dir).withEnv(world.env()).withClock(clock).withAdapters(world.adapters());
  }

  private TestWorld.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = RcsyncCommand.commandLine(cliEnv());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  @Test
  void writesTheMattersTextsAsOneOwnerOnlyPageInMessageOrderWithStaffLocalTimesAndFileLinks() throws Exception {
    long before = world.salesforce().totalCalls();
    TestWorld.Result r = run("transcript", "--record", richest.value());
    long made = world.salesforce().totalCalls() - before;

    assertThat(r.code()).as(r.toString()).isZero();
    System.out.println("transcript: " + r.out().strip() + " [simulator counted " + made + "]");
    // the console's figure is what Salesforce received: login check, record, describe, Notes, files, no user lookup
    assertThat(r.out()).contains("; " + made + " Salesforce API calls");
    assertThat(made).isLessThanOrEqualTo(7);
    Path page = dir.resolve("reports/transcript-" + richest.value() + ".html");
    assertThat(r.out()).contains("written to reports/transcript-" + richest.value() + ".html", richestNotes + " texts",
        "Salesforce API calls");
    assertThat(r.out().lines().count()).isEqualTo(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(page))).isEqualTo("rw-------");
    String copyTo = System.getProperty("transcript.copyTo");
    if (copyTo != null && !copyTo.isBlank()) {
      Files.copy(page, Path.of(copyTo), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    Document doc = Jsoup.parse(page.toFile(), "UTF-8");
    assertThat(doc.select("h1").text()).startsWith("Matter ");
    assertThat(doc.select("script, link, img, iframe, object, embed, [src]")).isEmpty();
    List<Element> messages = doc.select("section.conversation article.msg");
    assertThat(messages).hasSize(richestNotes);
    // two counterparties on the Matter: the client and the spouse, each a conversation in message order, the
    // conversations in order of their first text
    List<Element> sections = doc.select("section.conversation");
    assertThat(sections).hasSize(2);
    assertThat(sections).extracting(c -> c.attr("data-counterparty")).contains("6065550099")
        .allSatisfy(n -> assertThat(n).hasSize(10));
    assertThat(sections).allSatisfy(c -> assertThat(c.select("article.msg").stream()
        .map(m -> Instant.parse(m.attr("data-time"))).toList()).isSorted());
    assertThat(sections.stream().map(c -> Instant.parse(c.selectFirst("article.msg").attr("data-time"))).toList())
        .isSorted();
    Element spouse = sections.stream().filter(c -> c.attr("data-counterparty").equals("6065550099")).findFirst()
        .orElseThrow();
    assertThat(spouse.selectFirst("h2").text()).isEqualTo("(606) 555-0099");
    assertThat(spouse.select("article.msg")).extracting(m -> m.attr("data-message-id"))
        .containsExactly("9900000001", "9900000002", "9900000003");
    assertThat(doc.select("ul.caveats")).as("every Note records its number").isEmpty();
    List<Instant> times = sections.get(0).select("article.msg").stream()
        .map(m -> Instant.parse(m.attr("data-time"))).toList();
    assertThat(doc.select("article.msg.inbound")).isNotEmpty();
    assertThat(doc.select("article.msg.outbound")).isNotEmpty();
    // staff names from the roster, never a bare user id
    assertThat(messages).allSatisfy(m -> assertThat(m.selectFirst("span.staff").text()).doesNotContain("005"));
    // local times in the config's zone
    Element first = messages.get(0);
    String local = DateTimeFormatter.ofPattern("h:mm a", Locale.US).format(times.get(0).atZone(LOUISVILLE));
    assertThat(first.selectFirst("time").text()).isEqualTo(local);
    assertThat(doc.select("dl.summary").text()).contains("America/Kentucky/Louisville");
    // MMS files are links to their Salesforce File pages, not embedded bytes
    List<Element> links = doc.select("ul.files a[href]");
    assertThat(links).isNotEmpty().allSatisfy(a -> assertThat(a.attr("href"))
        .startsWith(world.salesforce().instanceUrl() + "/lightning/r/ContentDocument/069").endsWith("/view"));
  }

  @Test
  void aRecordWithoutRcsyncNotesWritesNothingAndExitsOne() {
    // the demo's test Intake shares its number with an open Matter, which wins every text
    TestWorld.Result r = run("transcript", "--record", DemoData.TEST_INTAKE.value());

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("has no rcsync Notes", "no transcript written");
    assertThat(dir.resolve("reports/transcript-" + DemoData.TEST_INTAKE.value() + ".html")).doesNotExist();
  }

  @Test
  void anIdThatIsNoMatterOrIntakeIsAUsageErrorNamingIt() {
    TestWorld.Result r = run("transcript", "--record", "a0LUV00000ZZZZZ");

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--record a0LUV00000ZZZZZ", "no litify_pm__Matter__c (Matter) or");
  }

  @Test
  void aMalformedIdIsOneUsageLineBeforeAnythingIsRead() {
    long before = world.salesforce().totalCalls();
    TestWorld.Result r = run("transcript", "--record", "a0L-123");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--record 'a0L-123' is not a Salesforce record id");
    assertThat(world.salesforce().totalCalls()).isEqualTo(before);
  }

  @Test
  void aFifteenCharacterIdWritesTheSameFileAsItsEighteenCharacterForm() {
    TestWorld.Result r = run("transcript", "--record", richest.value().substring(0, 15));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("written to reports/transcript-" + richest.value() + ".html");
    assertThat(dir.resolve("reports/transcript-" + richest.value() + ".html")).exists();
    assertThat(dir.resolve("reports/transcript-" + richest.value().substring(0, 15) + ".html")).doesNotExist();
  }

  @Test
  void anOutThatIsADirectoryIsOneUsageLineNamingIt() throws Exception {
    Files.createDirectories(dir.resolve("pages"));

    TestWorld.Result r = run("transcript", "--record", richest.value(), "--out", "pages");

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--out pages is a directory; name a file, e.g. pages/transcript-"
        + richest.value() + ".html").doesNotContain(".tmp");
  }

  @Test
  void anOutInDirectoriesThatDoNotExistSaysItCreatedThem() {
    TestWorld.Result r = run("transcript", "--record", richest.value(), "--out", "client/texts/page.html");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("written to client/texts/page.html", "(created the directory client)");
    assertThat(dir.resolve("client/texts/page.html")).exists();
    assertThat(run("transcript", "--record", richest.value(), "--out", "client/texts/page.html").out())
        .doesNotContain("created the directory");
  }

  @Test
  void aUsersIdIsNamedAsAUsersByItsKeyPrefix() {
    TestWorld.Result r = run("transcript", "--record", "005UV0000012345");

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("no litify_pm__Matter__c (Matter) or", "it is a User's id (key prefix 005)");
  }
}

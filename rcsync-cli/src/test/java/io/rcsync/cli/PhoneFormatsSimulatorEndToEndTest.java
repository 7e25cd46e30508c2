package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 10 item 6 over HTTP: phone fields written with a label and Unicode dashes, or in fullwidth digits, hold the
 * number of a text, through the live Salesforce adapter's LIKE query on the simulator and core's confirmation.
 */
class PhoneFormatsSimulatorEndToEndTest {
  static final CaseRecord EN_DASH_MATTER = Cases.matter().id("a0LUV00000G5NHK2A3").open()
      .phone("Matter_Phone__c", "Cell: 270\u2013555\u20130164").build();
  static final CaseRecord FULLWIDTH_MATTER = Cases.matter().id("a0LUV00000G5NHL2A3").open()
      .phone("Client_Phone__c", "\uFF2D\uFF4F\uFF42\uFF49\uFF4C\uFF45\uFF1A\uFF08\uFF16\uFF10\uFF16\uFF09"
          + "\u3000\uFF15\uFF15\uFF15\u2010\uFF10\uFF11\uFF17\uFF17\u3000\uFF58\uFF11\uFF12").build();

  @TempDir
  Path dir;

  TestWorld w;
  RingCentralSimulator rc;
  SalesforceSimulator sf;

  @BeforeEach
  void start() throws Exception {
    w = new TestWorld(dir);
    rc = RingCentralSimulator.builder().noRateLimits().build().start();
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.ALYSSIA), "104", "Alyssia", "Enabled"));
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.KYLE), "105", "Kyle Haney", "Enabled"));
    rc.addMessages(List.of(
        Messages.inbound().id("9301").extension(TestWorld.ALYSSIA).from("+12705550164").text("It's me, about the claim")
            .at("2026-04-05T15:00:00Z").build(),
        Messages.inbound().id("9302").extension(TestWorld.KYLE).from("+16065550177").text("Typed on my phone in Tokyo")
            .at("2026-04-05T16:00:00Z").build()));
    sf = SalesforceSimulator.litify(w.config.schema()).build().start();
    List.of(TestWorld.ALYSSIA_USER, TestWorld.KYLE_USER, TestWorld.DANA_USER).forEach(sf::addUser);
    sf.seedCases(List.of(TestWorld.MATTER, EN_DASH_MATTER, FULLWIDTH_MATTER), w.config.schema());
    w.write(".credentials/rc-credentials.json", rc.credentialsJson());
    Files.setPosixFilePermissions(dir.resolve(".credentials/rc-credentials.json"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @AfterEach
  void stop() {
    rc.close();
    sf.close();
  }

  private TestWorld.Result run(boolean composite, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment e = CliEnvironment.of(dir)
        .withEnv(Map.of("SF_ACCESS_TOKEN", sf.issueToken(), "SF_INSTANCE_URL", sf.instanceUrl()))
        .withClock(w.clock).withAdapters(new LiveAdapters(b -> b.compositeQueries(composite)));
    CommandLine cl = RcsyncCommand.commandLine(e);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "composite queries: {0}")
  @ValueSource(booleans = {true, false})
  void aMatterWithALabelledEnDashedNumberGetsTheNoteOfATextFromThatNumber(boolean composite) {
    TestWorld.Result r = run(composite, "sync", "--backfill", "--since", "2026-04-01");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_9301")).singleElement()
        .satisfies(n -> assertThat(n).containsEntry("litify_pm__lit_Matter__c", EN_DASH_MATTER.id().value())
            .containsEntry("OwnerId", TestWorld.ALYSSIA_USER.value()));
    assertThat(sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_9302")).singleElement()
        .satisfies(n -> assertThat(n).containsEntry("litify_pm__lit_Matter__c", FULLWIDTH_MATTER.id().value()));
    assertThat(r.out()).doesNotContain("no Matter or Intake holds this number");
  }
}

package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 12 end to end over HTTP: {@code rcsync sync} on its live adapters copies an MMS picture from the RingCentral
 * simulator's content endpoint into the Salesforce simulator's Files, linked to the Note and the Matter; a re-run
 * uploads nothing; a file over {@code attachments.maxBytes} is listed in the attachments CSV and does not fail the run.
 */
class MmsFilesSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PICTURE = "pretend this is a JPEG of the police report".getBytes();

  @TempDir
  Path dir;

  TestWorld w;
  RingCentralSimulator rc;
  SalesforceSimulator sf;
  Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    w = new TestWorld(dir);
    rc = RingCentralSimulator.builder().noRateLimits().build().start();
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.ALYSSIA), "104", "Alyssia", "Enabled"));
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.KYLE), "105", "Kyle Haney", "Enabled"));
    rc.addMessages(List.of(Messages.inbound().id("9300").extension(TestWorld.KYLE).from("+15028138900")
        .text("Here is the police report").at("2026-04-05T10:00:00Z")
        .attachment(new Attachment("a1", "https://media.example.invalid/a1", Attachment.MMS_ATTACHMENT, "image/jpeg",
            (long) PICTURE.length, "report.jpg"))
        .attachment(new Attachment("a2", "https://media.example.invalid/a2", Attachment.MMS_ATTACHMENT, "video/mp4",
            9_000_000L, "clip.mp4"))
        .build()));
    rc.setAttachmentContent("9300", "a1", PICTURE, "image/jpeg");
    sf = SalesforceSimulator.litify(w.config.schema()).build().start();
    List.of(TestWorld.ALYSSIA_USER, TestWorld.KYLE_USER, TestWorld.DANA_USER).forEach(sf::addUser);
    sf.seedCases(List.of(TestWorld.MATTER, TestWorld.INTAKE), w.config.schema());
    w.write(".credentials/rc-credentials.json", rc.credentialsJson());
    Files.setPosixFilePermissions(dir.resolve(".credentials/rc-credentials.json"),
        PosixFilePermissions.fromString("rw-------"));
    // the clip (9,000,000 bytes listed) is over this limit; the picture is not
    w.write("config/sync-config.json", TestWorld.CONFIG.replace("\"pollWindows\"",
        "\"attachments\": { \"maxBytes\": 5000000 },\n  \"pollWindows\""));
    env = Map.of("SF_ACCESS_TOKEN", sf.issueToken(), "SF_INSTANCE_URL", sf.instanceUrl());
  }

  @AfterEach
  void stop() {
    rc.close();
    sf.close();
  }

  private TestWorld.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment e = CliEnvironment.of(dir).withEnv(env).withClock(w.clock)
        .withAdapters(new LiveAdapters(b -> b.compositeQueries(false)));
    CommandLine cl = RcsyncCommand.commandLine(e);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  private List<Map<String, Object>> versions() {
    return sf.records("ContentVersion");
  }

  private List<Map<String, Object>> links() {
    return sf.records("ContentDocumentLink");
  }

  @Test
  void anMmsPictureBecomesAFileOnTheNoteAndMatterAndARerunUploadsNothing() throws Exception {
    TestWorld.Result first = run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(first.code()).as(first.toString()).isZero(); // an over-limit file is a warning, not a failure
    assertThat(first.out()).contains("Files: 1 copied (" + PICTURE.length + " bytes), 0 already stored, 1 over"
        + " attachments.maxBytes, 0 failed");
    assertThat(versions()).hasSize(1);
    Map<String, Object> version = versions().get(0);
    assertThat(version).containsEntry("ExternalDocumentInfo1", "rc_att_9300_a1")
        .containsEntry("PathOnClient", "report.jpg");
    assertThat(sf.fileBytes(version.get("Id").toString())).hasValue(PICTURE);
    String noteId = sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_9300").get(0).get("Id")
        .toString();
    Object document = version.get("ContentDocumentId");
    assertThat(links()).filteredOn(l -> l.get("ContentDocumentId").equals(document))
        .extracting(l -> l.get("LinkedEntityId").toString())
        .contains(noteId, TestWorld.MATTER.id().value());

    JsonNode report = JSON.readTree(Files.readString(w.lastReport("-sync.json")));
    assertThat(report.path("attachments").path("copied").asLong()).isEqualTo(1);
    assertThat(report.path("attachments").path("bytesCopied").asLong()).isEqualTo(PICTURE.length);
    assertThat(report.path("attachments").path("overLimit").asLong()).isEqualTo(1);
    Path csv = w.lastReport("-sync-attachments.csv");
    assertThat(Files.getPosixFilePermissions(csv)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readAllLines(csv)).first()
        .isEqualTo("messageId,extension,attachmentId,fileName,contentType,sizeBytes,noteExternalId,outcome,reason");
    assertThat(Files.readString(csv)).contains("9300," + TestWorld.KYLE + ",a2,clip.mp4,video/mp4,9000000,rc_msg_9300,"
        + "over limit,\"clip.mp4 is 9000000 bytes (listed), over attachments.maxBytes (5000000)");

    w.clock.advance(Duration.ofMinutes(1));
    long contentCalls = rc.totalCalls();
    TestWorld.Result rerun = run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(rerun.code()).as(rerun.toString()).isZero();
    assertThat(versions()).hasSize(1);
    assertThat(rerun.out()).contains("Files: 0 copied (0 bytes), 1 already stored, 1 over attachments.maxBytes, 0 failed");
    // token (preflight), extensions and the page(s): no content download on the re-run
    assertThat(rc.totalCalls() - contentCalls).isLessThanOrEqualTo(4);
  }

  @Test
  void aDryRunCountsWhatWouldBeCopiedAndUploadsNothing() throws Exception {
    TestWorld.Result dry = run("sync", "--backfill", "--since", "2026-03-01", "--dry-run");

    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("Files (dry run): 1 would be copied (" + PICTURE.length + " bytes)");
    assertThat(versions()).isEmpty();
  }
}

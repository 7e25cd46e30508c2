package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 12 through the CLI on its live adapters against the RingCentral and Salesforce simulators: an MMS Note with
 * its file (seeded through {@code SalesforceFileStore}, as the sync will upload it), then verify of a missing file,
 * rollback that takes the file with its Note, and restore that downloads it again from RingCentral.
 */
class MmsFilesSimulatorEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MMS_ID = "9300";
  private static final String ATTACHMENT_ID = "att1";
  private static final String KEY = "rc_att_" + MMS_ID + "_" + ATTACHMENT_ID;

  @TempDir
  Path dir;

  TestWorld w;
  RingCentralSimulator rc;
  SalesforceSimulator sf;
  Map<String, String> env;
  FileStore files;
  byte[] photo;

  @BeforeEach
  void start() throws Exception {
    w = new TestWorld(dir);
    rc = RingCentralSimulator.builder().noRateLimits().build().start();
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.ALYSSIA), "104", "Alyssia", "Enabled"));
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.KYLE), "105", "Kyle Haney", "Enabled"));
    rc.addMessages(w.messages.messagesOf(ExtensionId.of(TestWorld.ALYSSIA)));
    rc.addMessages(w.messages.messagesOf(ExtensionId.of(TestWorld.KYLE)));
    photo = new byte[3000];
    new Random(12).nextBytes(photo);
    rc.addMessages(List.of(Messages.inbound().id(MMS_ID).extension(TestWorld.ALYSSIA).from("+15028138900")
        .text("here is the picture").at("2026-04-05T10:00:00Z")
        .attachment(new Attachment(ATTACHMENT_ID, "https://placeholder.invalid/x", Attachment.MMS_ATTACHMENT,
            "image/jpeg", (long) photo.length, "injury.jpg"))
        .build()));
    rc.setAttachmentContent(MMS_ID, ATTACHMENT_ID, photo, "image/jpeg");
    sf = SalesforceSimulator.litify(w.config.schema()).build().start();
    List.of(TestWorld.ALYSSIA_USER, TestWorld.KYLE_USER, TestWorld.DANA_USER).forEach(sf::addUser);
    sf.seedCases(List.of(TestWorld.MATTER, TestWorld.INTAKE), w.config.schema());
    w.write(".credentials/rc-credentials.json", rc.credentialsJson());
    Files.setPosixFilePermissions(dir.resolve(".credentials/rc-credentials.json"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    env = Map.of("SF_ACCESS_TOKEN", sf.issueToken(), "SF_INSTANCE_URL", sf.instanceUrl());
    files = new LiveAdapters(b -> b.compositeQueries(false))
        .salesforce(ConfigLoader.parseFile("test", TestWorld.CONFIG), Optional.empty(), cliEnv(), new ApiCalls())
        .files().orElseThrow();

    assertThat(run("sync", "--backfill", "--since", "2026-03-01").code()).isZero();
    w.clock.advance(Duration.ofMinutes(1));
    // the sync copied the picture: published to the Note, shared with the Matter
    FileStore.StoredFile stored = files.findByKeys(List.of(KEY), List.of(TestWorld.MATTER.id())).get(KEY);
    assertThat(stored).isNotNull();
    assertThat(stored.linkedTo()).contains(TestWorld.MATTER.id());
  }

  @AfterEach
  void stop() {
    rc.close();
    sf.close();
  }

  private CliEnvironment cliEnv() {
    return CliEnvironment.of(dir).withEnv(env).withClock(w.clock)
        .withAdapters(new LiveAdapters(b -> b.compositeQueries(false)));
  }

  private TestWorld.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = RcsyncCommand.commandLine(cliEnv());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  private SalesforceId noteId() {
    return SalesforceId.of(sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_" + MMS_ID).get(0)
        .get("Id").toString());
  }

  private JsonNode last(String suffix) throws Exception {
    return JSON.readTree(Files.readString(w.lastReport(suffix)));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void verifyChecksTheFileAndListsItOnceStaffDeletedIt() throws Exception {
    TestWorld.Result complete = run("verify", "--since", "2026-03-01", "--check-files");
    assertThat(complete.code()).as(complete.toString()).isZero();
    assertThat(complete.out()).contains("MMS files checked:       1", "Notes with missing files: 0", "Complete:");

    FileStore.StoredFile stored = files.findByKeys(List.of(KEY), List.of(TestWorld.MATTER.id())).get(KEY);
    assertThat(files.delete(List.of(stored.contentDocumentId()))).allMatch(o -> o.deleted());
    w.clock.advance(Duration.ofMinutes(1));
    TestWorld.Result r = run("verify", "--since", "2026-03-01", "--check-files");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("Notes with missing files: 1", "rc_msg_" + MMS_ID, "attachment " + ATTACHMENT_ID,
        "injury.jpg", "INCOMPLETE");
    JsonNode report = last("-verify.json");
    assertThat(report.path("missingFilesCount").asInt()).isEqualTo(1);
    assertThat(report.path("missingFiles").get(0).path("noteExternalId").asText()).isEqualTo("rc_msg_" + MMS_ID);
    assertThat(report.path("missingFiles").get(0).path("reason").asText()).startsWith("no file (key " + KEY + ")");
    assertThat(report.path("complete").asBoolean()).isFalse();
    // review 23: the missing files have their CSV, named on the console and in the JSON
    Path csv = w.lastReport("-verify-missing-files.csv");
    assertThat(r.out()).contains("Missing files: ", csv.getFileName().toString(), "(1 row)");
    assertThat(report.path("files").path("missing-files").asText()).endsWith(csv.getFileName().toString());
    assertThat(Files.readString(csv)).startsWith("messageId,noteExternalId,attachmentId,fileName,reason\r\n"
        + MMS_ID + ",rc_msg_" + MMS_ID + "," + ATTACHMENT_ID + ",injury.jpg,no file (key " + KEY + ")");
    if (csv.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void verifyWithNoCheckFilesSaysFilesWereNotChecked() {
    TestWorld.Result r = run("verify", "--since", "2026-03-01", "--no-check-files");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("MMS files checked:       not checked (files were not checked");
  }

  @Test
  void rollbackTakesTheFileWithItsNoteAndRestoreDownloadsItAgain() throws Exception {
    TestWorld.Result dry = run("rollback", "--message-id", MMS_ID);
    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("MMS files on them (deleted with their Notes): 1");

    TestWorld.Result r = run("rollback", "--message-id", MMS_ID, "--confirm");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Rollback: deleted 1 of 1 Note(s)", "MMS files: deleted 1 of 1");
    assertThat(files.findByKeys(List.of(KEY), List.of(TestWorld.MATTER.id()))).isEmpty();
    assertThat(sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_" + MMS_ID)).isEmpty();
    Path manifest = w.lastReport("-rollback-manifest.jsonl");
    assertThat(Files.readString(manifest)).contains("\"file\"", KEY, "/message-store/" + MMS_ID + "/content/"
        + ATTACHMENT_ID, "injury.jpg").doesNotContain(java.util.Base64.getEncoder().encodeToString(photo).substring(0, 40));
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(manifest)))
        .isEqualTo("rw-------");
    JsonNode report = last("-rollback.json");
    assertThat(report.path("filesDeleted").asLong()).isEqualTo(1);

    w.clock.advance(Duration.ofMinutes(1));
    TestWorld.Result restore = run("restore", "reports/" + manifest.getFileName());

    assertThat(restore.code()).as(restore.toString()).isZero();
    assertThat(restore.out()).contains("created 1", "restored 1, already present 0, failed 0");
    FileStore.StoredFile back = files.findByKeys(List.of(KEY), List.of(TestWorld.MATTER.id())).get(KEY);
    assertThat(back).isNotNull();
    assertThat(sf.fileSha256(back.contentVersionId().value())).contains(sha256(photo));
    assertThat(back.linkedTo()).extracting(SalesforceId::shortForm)
        .contains(noteId().shortForm(), TestWorld.MATTER.id().shortForm());

    w.clock.advance(Duration.ofMinutes(1));
    TestWorld.Result again = run("restore", "reports/" + manifest.getFileName());
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("restored 0, already present 1, failed 0");
  }
}

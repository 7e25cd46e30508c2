package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageSyncRequest;
import io.rcsync.testkit.fixtures.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rcsync sync --incremental} on a source that serves Message Sync (issue 11 item 1). */
class MessageSyncCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void anOldStateFileMigratesAndTheNextRunSyncsIncrementallyWithoutShowingTheToken() throws IOException {
    TestWorld w = new TestWorld(dir);
    w.messages.withMessageSync(w.clock);
    w.write(".rcsync/state.json", "{\"version\": 1, \"updatedAt\": \"2026-04-01T00:00:00Z\", \"watermarks\": {\""
        + TestWorld.ALYSSIA + "\": \"2026-04-01T15:10:00Z\", \"" + TestWorld.KYLE + "\": \"2026-04-01T00:00:00Z\"}}");

    TestWorld.Result first = w.run("sync", "--incremental");

    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(w.messages.syncRequests()).extracting(r -> r.request()).contains(
        new MessageSyncRequest.Full(java.time.Instant.parse("2026-04-01T14:40:00Z")));
    JsonNode state = JSON.readTree(w.read(".rcsync/state.json"));
    String token = state.path("syncCheckpoints").path(TestWorld.ALYSSIA).path("syncToken").asText();
    assertThat(token).isNotBlank();
    assertThat(state.path("watermarks").has(TestWorld.ALYSSIA)).isTrue();
    assertThat(w.notes.size()).as("9001 (Matter) and 9006 (Matter) and 9002 (Intake)").isEqualTo(3);

    w.clock.advance(Duration.ofMinutes(5));
    w.messages.add(Messages.inbound().id("9100").extension(TestWorld.ALYSSIA).from("+15028138900").text("new one")
        .at(w.clock.instant().minusSeconds(30)).build());
    TestWorld.Result second = w.run("sync", "--incremental");

    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(w.messages.syncRequests()).filteredOn(r -> r.extension().equals(ExtensionId.of(TestWorld.ALYSSIA)))
        .last().extracting(r -> r.request()).isEqualTo(new MessageSyncRequest.Incremental(token));
    JsonNode report = JSON.readTree(w.lastReport("-sync.json").toFile());
    assertThat(report.path("totals").path("fetched").asLong()).isEqualTo(1);
    assertThat(report.path("totals").path("created").asLong()).isEqualTo(1);
    assertThat(first.out()).containsPattern("Read by Message Sync: \\d+ full from 2026-04-01T");
    assertThat(second.out()).contains("Read by Message Sync:").contains(" incremental");
    // two extensions, full syncs from their own watermarks: the title names how they were read, not "windows"
    assertThat(first.out()).contains("rcsync sync incremental · wave wave1_intake · by Message Sync")
        .doesNotContain("per-extension windows");
    assertThat(report.path("extensions")).anySatisfy(
        row -> assertThat(row.path("read").asText()).isEqualTo("message sync: incremental"));
    for (TestWorld.Result r : new TestWorld.Result[] {first, second}) {
      assertThat(r.out() + r.err()).doesNotContain(token);
    }
    try (var files = Files.list(dir.resolve("reports"))) {
      for (Path p : files.toList()) {
        assertThat(Files.readString(p)).as(p.toString()).doesNotContain(token);
      }
    }
  }

  /** A first run that leaves a checkpoint for Alyssia; returns its token. */
  private static String firstRun(TestWorld w) throws IOException {
    w.messages.withMessageSync(w.clock);
    TestWorld.Result first = w.run("sync", "--incremental");
    assertThat(first.code()).as(first.toString()).isZero();
    return JSON.readTree(w.read(".rcsync/state.json")).path("syncCheckpoints").path(TestWorld.ALYSSIA)
        .path("syncToken").asText();
  }

  @Test
  void aRejectedTokenIsAWarningAndAFullSyncNotAFailedRun() throws IOException {
    TestWorld w = new TestWorld(dir);
    String token = firstRun(w);
    w.messages.rejectTokensOf(ExtensionId.of(TestWorld.ALYSSIA));
    w.clock.advance(Duration.ofMinutes(5));

    TestWorld.Result r = w.run("sync", "--incremental");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out() + r.err()).contains("rejected its Message Sync token").doesNotContain(token);
    JsonNode report = JSON.readTree(w.lastReport("-sync.json").toFile());
    assertThat(report.path("extensions")).anySatisfy(
        row -> assertThat(row.path("read").asText()).endsWith("after a rejected token"));
  }

  @Test
  void aRejectedTokenWhoseFullSyncCannotReachRingCentralExitsThreeAndKeepsTheOldCheckpoint() throws IOException {
    TestWorld w = new TestWorld(dir);
    String token = firstRun(w);
    w.messages.rejectTokensOf(ExtensionId.of(TestWorld.ALYSSIA))
        .failFetchesOf(ExtensionId.of(TestWorld.ALYSSIA), io.rcsync.core.port.out.ExternalSystemException.Kind.CONNECTION);
    w.clock.advance(Duration.ofMinutes(5));

    TestWorld.Result r = w.run("sync", "--incremental");

    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.out() + r.err()).doesNotContain(token);
    assertThat(JSON.readTree(w.read(".rcsync/state.json")).path("syncCheckpoints").path(TestWorld.ALYSSIA)
        .path("syncToken").asText()).isEqualTo(token);
  }

  @Test
  void aCorruptCheckpointIsOneLineNamingTheFileAndTheExtensionAndTheFileIsLeftAsItWas() throws IOException {
    TestWorld w = new TestWorld(dir);
    w.messages.withMessageSync(w.clock);
    String corrupt = "{\"version\": 1, \"watermarks\": {\"" + TestWorld.ALYSSIA + "\": \"2026-04-01T15:10:00Z\"}, "
        + "\"syncCheckpoints\": {\"" + TestWorld.ALYSSIA + "\": {\"syncToken\": \"tok-SECRET-77\", \"syncTime\": 5}}}";
    w.write(".rcsync/state.json", corrupt);

    TestWorld.Result r = w.run("sync", "--incremental");

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains(".rcsync/state.json").contains(TestWorld.ALYSSIA)
        .contains("syncTime");
    assertThat(r.out() + r.err()).doesNotContain("tok-SECRET-77");
    assertThat(w.messages.syncRequests()).as("nothing read").isEmpty();
    assertThat(w.read(".rcsync/state.json")).as("never silently reset").isEqualTo(corrupt);
  }
}

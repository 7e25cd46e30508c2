package io.rcsync.cli.store;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.UnmatchedText;
import io.rcsync.core.port.out.SyncStateStore;
import io.rcsync.testkit.contract.SyncStateStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSyncStateStoreTest extends SyncStateStoreContract {
  private static final ExtensionId EXT = ExtensionId.of("376557052");

  @TempDir
  Path dir;

  @Override
  protected SyncStateStore freshStore() {
    return new FileSyncStateStore(dir.resolve("state-" + System.nanoTime() + "/state.json"), "state.json", Clock.systemUTC());
  }

  @Test
  void aCrashBetweenWritingAndRenamingLeavesTheOldStateWhole() throws IOException {
    Path file = dir.resolve(".rcsync/state.json");
    Instant old = Instant.parse("2026-04-01T00:00:00Z");
    new FileSyncStateStore(file, "state.json", Clock.systemUTC()).saveWatermarks(Map.of(EXT, old));
    String before = Files.readString(file);
    FileSyncStateStore crashing = new FileSyncStateStore(file, "state.json", Clock.systemUTC(), (from, to) -> {
      assertThat(Files.readString(from)).contains("2026-04-02T00:00:00Z");
      throw new IOException("simulated crash before rename");
    });

    assertThatThrownBy(() -> crashing.saveWatermarks(Map.of(EXT, Instant.parse("2026-04-02T00:00:00Z"))))
        .isInstanceOf(LocalFileException.class).hasMessageContaining("previous state is unchanged");

    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(new FileSyncStateStore(file, "state.json", Clock.systemUTC()).watermark(EXT)).contains(old);
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
  }

  @Test
  void theStateSurvivesANewProcess() {
    Path file = dir.resolve("s.json");
    Instant t = Instant.parse("2026-04-01T12:00:00.123Z");
    new FileSyncStateStore(file, "s.json", Clock.systemUTC()).saveWatermarks(Map.of(EXT, t));

    assertThat(new FileSyncStateStore(file, "s.json", Clock.systemUTC()).watermark(EXT)).contains(t);
  }

  @Test
  void aCorruptFileIsAnErrorNamingItNeverAReset() throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"watermarks\": {\"376557052\": \"yesterday\"}}");
    FileSyncStateStore store = new FileSyncStateStore(file, ".rcsync/state.json", Clock.systemUTC());

    assertThatThrownBy(() -> store.watermark(EXT)).isInstanceOf(LocalFileException.class)
        .hasMessageContaining(".rcsync/state.json").hasMessageContaining("'yesterday'");
    assertThatThrownBy(() -> store.saveWatermarks(Map.of(EXT, Instant.now()))).isInstanceOf(LocalFileException.class);
    assertThat(Files.readString(file)).contains("yesterday");
  }

  @Test
  void aStateFileFromBeforeLateMatchesLoadsWithAnEmptyListAndKeepsItsWatermarks() throws IOException {
    Path file = dir.resolve("old.json");
    Files.writeString(file, "{\"version\": 1, \"updatedAt\": \"2026-04-01T00:00:00Z\", "
        + "\"watermarks\": {\"376557052\": \"2026-04-01T12:00:00Z\"}}");
    FileSyncStateStore store = new FileSyncStateStore(file, "old.json", Clock.systemUTC());

    assertThat(store.pendingUnmatched()).isEmpty();
    assertThat(store.watermark(EXT)).contains(Instant.parse("2026-04-01T12:00:00Z"));
  }

  @Test
  void aBrokenLateMatchEntryIsAnErrorNamingTheEntry() throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"watermarks\": {}, \"unmatched\": [{\"id\": \"1001\", \"extension\": \"376557052\","
        + " \"direction\": \"Sideways\", \"creationTime\": \"2026-04-01T12:00:00Z\"}]}");
    FileSyncStateStore store = new FileSyncStateStore(file, ".rcsync/state.json", Clock.systemUTC());

    assertThatThrownBy(store::pendingUnmatched).isInstanceOf(LocalFileException.class)
        .hasMessageContaining(".rcsync/state.json").hasMessageContaining("unmatched[0]").hasMessageContaining("1001");
  }

  private static final String OLD_FILE = "{\"version\": 1, \"updatedAt\": \"2026-04-01T00:00:00Z\", "
      + "\"watermarks\": {\"376557052\": \"2026-04-01T12:00:00Z\"}, \"unmatched\": [{\"id\": \"1001\", "
      + "\"extension\": \"376557052\", \"direction\": \"Inbound\", \"from\": \"+15025550100\", "
      + "\"to\": [\"+15028138900\"], \"text\": \"Hi\", \"creationTime\": \"2026-04-01T11:00:00Z\"}]}";

  @Test
  void aStateFileFromBeforeMessageSyncLoadsWithoutCheckpointsAndKeepsItsWatermarksAndList() throws IOException {
    Path file = dir.resolve("old.json");
    Files.writeString(file, OLD_FILE);
    FileSyncStateStore store = new FileSyncStateStore(file, "old.json", Clock.systemUTC());

    assertThat(store.syncCheckpoint(EXT)).isEmpty();
    assertThat(store.watermark(EXT)).contains(Instant.parse("2026-04-01T12:00:00Z"));
    assertThat(store.pendingUnmatched()).extracting(u -> u.id().value()).containsExactly("1001");
  }

  @Test
  void savingACheckpointIntoAnOldFileKeepsItsWatermarksAndList() throws IOException {
    Path file = dir.resolve("old.json");
    Files.writeString(file, OLD_FILE);
    FileSyncStateStore store = new FileSyncStateStore(file, "old.json", Clock.systemUTC());
    MessageSyncCheckpoint c = new MessageSyncCheckpoint("ms1-opaque", Instant.parse("2026-04-01T12:05:00Z"));
    List<UnmatchedText> list = store.pendingUnmatched();

    store.saveSyncCheckpoints(Map.of(EXT, c));

    FileSyncStateStore reread = new FileSyncStateStore(file, "old.json", Clock.systemUTC());
    assertThat(reread.syncCheckpoint(EXT)).contains(c);
    assertThat(reread.watermark(EXT)).contains(Instant.parse("2026-04-01T12:00:00Z"));
    assertThat(reread.pendingUnmatched()).isEqualTo(list);
    assertThat(Files.readString(file)).contains("\"syncCheckpoints\"").contains("\"syncToken\" : \"ms1-opaque\"")
        .contains("\"syncTime\" : \"2026-04-01T12:05:00Z\"");
  }

  @Test
  void theStateFileIsReadableAndWritableByItsOwnerOnly() throws IOException {
    Path file = dir.resolve(".rcsync/state.json");
    Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
    FileSyncStateStore store = new FileSyncStateStore(file, "state.json", Clock.systemUTC());

    store.saveSyncCheckpoints(Map.of(EXT, new MessageSyncCheckpoint("secret-token", Instant.parse("2026-04-01T00:00:00Z"))));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    store.saveWatermarks(Map.of(EXT, Instant.parse("2026-04-02T00:00:00Z")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .as("a save tightens a file someone widened").isEqualTo("rw-------");
  }

  @Test
  void aBrokenCheckpointIsAnErrorNamingTheExtensionAndFieldButNeverTheToken() throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"watermarks\": {}, \"syncCheckpoints\": {\"376557052\": "
        + "{\"syncToken\": \"tok-SECRET-1\", \"syncTime\": \"soon\"}}}");
    FileSyncStateStore store = new FileSyncStateStore(file, ".rcsync/state.json", Clock.systemUTC());

    assertThatThrownBy(() -> store.syncCheckpoint(EXT)).isInstanceOf(LocalFileException.class)
        .hasMessageContaining(".rcsync/state.json").hasMessageContaining("376557052").hasMessageContaining("syncTime")
        .hasMessageContaining("'soon'").satisfies(e -> assertThat(e.getMessage()).doesNotContain("tok-SECRET-1"));
    assertThat(store.toString()).doesNotContain("tok-SECRET-1");
  }

  @Test
  void aCheckpointWithoutATokenIsAnErrorNamingTheExtension() throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"watermarks\": {}, \"syncCheckpoints\": {\"376557052\": "
        + "{\"syncTime\": \"2026-04-01T00:00:00Z\"}}}");
    FileSyncStateStore store = new FileSyncStateStore(file, ".rcsync/state.json", Clock.systemUTC());

    assertThatThrownBy(() -> store.syncCheckpoint(EXT)).isInstanceOf(LocalFileException.class)
        .hasMessageContaining("376557052").hasMessageContaining("syncToken");
  }
}

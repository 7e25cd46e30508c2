package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.store.RunLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockAndStateTest {
  @TempDir
  Path dir;

  @Test
  void aSecondRunIsRefusedWhileTheLockIsHeld() {
    TestWorld w = new TestWorld(dir);
    Path lockFile = dir.resolve(".rcsync/sync.lock");
    try (RunLock held = RunLock.acquire(lockFile, ".rcsync/sync.lock", "sync --backfill", Duration.ofMinutes(30), w.clock,
        msg -> {})) {
      TestWorld.Result r = w.run("sync", "--incremental");

      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err().strip()).doesNotContain("\n")
          .contains("another rcsync run holds the lock .rcsync/sync.lock", "pid " + ProcessHandle.current().pid(),
              "sync --backfill");
      assertThat(w.notes.size()).isZero();
    }
    assertThat(w.run("sync", "--incremental").code()).isZero();
  }

  /**
   * fresh16 #10: a busy lock exits 2 for every verb that takes it, and the README's exit-code list (design.md §5's
   * four codes are the contract) says so, so monitoring can tell it from a broken config by the one line.
   */
  @Test
  void aBusyLockExitsTwoForSyncAndImportAlikeAsTheReadmesExitCodesSay() throws Exception {
    TestWorld w = new TestWorld(dir);
    w.write("config/sync-config.json", ImportSmsMagicVerbTest.CONFIG_WITH_SMSMAGIC);
    w.write("exports/h.csv", ImportSmsMagicVerbTest.export());
    try (RunLock held = RunLock.acquire(dir.resolve(".rcsync/sync.lock"), ".rcsync/sync.lock", "import-smsmagic",
        Duration.ofMinutes(30), w.clock, msg -> {})) {
      TestWorld.Result sync = w.run("sync", "--incremental");
      TestWorld.Result importing = w.run("import-smsmagic", "--from-csv", "exports/h.csv");

      assertThat(sync.code()).as(sync.toString()).isEqualTo(2);
      assertThat(importing.code()).as(importing.toString()).isEqualTo(2);
      assertThat(importing.err().strip()).doesNotContain("\n")
          .contains("another rcsync run holds the lock .rcsync/sync.lock", "(import-smsmagic)");
    }
    String exitCodes = Files.readString(Path.of("../README.md")).split("Exit codes: ", 2)[1].split("Every run", 2)[0];
    assertThat(exitCodes.replaceAll("\\s+", " ")).contains("2 usage or config error, also a run lock held by another run");
  }

  @Test
  void aDryRunNeedsNoLock() {
    TestWorld w = new TestWorld(dir);
    try (RunLock held = RunLock.acquire(dir.resolve(".rcsync/sync.lock"), "lock", "sync", Duration.ofMinutes(30), w.clock,
        msg -> {})) {
      assertThat(w.run("sync", "--backfill", "--since", "2026-03-01", "--dry-run").code()).isZero();
    }
  }

  @Test
  void aLockWithoutProgressForLongerThanTheStaleLimitIsTakenOverWithAWarning() {
    TestWorld w = new TestWorld(dir);
    Clock longAgo = Clock.fixed(w.clock.instant().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    try (RunLock hung = RunLock.acquire(dir.resolve(".rcsync/sync.lock"), "lock", "sync --incremental",
        Duration.ofMinutes(30), longAgo, msg -> {})) {
      TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01");

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.err()).contains("warning: taking over .rcsync/sync.lock", "no progress for 2h 00m", "stale after 30m");
      assertThat(w.notes.rcsyncNotes()).hasSize(3);
    }
  }

  @Test
  void aLockLeftByACrashedRunIsTakenOverWithAWarning() {
    TestWorld w = new TestWorld(dir);
    w.write(".rcsync/sync.lock", "{\"pid\": 999999999, \"host\": \"cron-host\", \"startedAt\": \"2026-04-10T11:00:00Z\","
        + " \"heartbeat\": \"2026-04-10T11:01:00Z\", \"command\": \"sync --incremental\"}\n");

    TestWorld.Result r = w.run("sync", "--incremental");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("taking over .rcsync/sync.lock left by pid 999999999 on cron-host");
    assertThat(w.read(".rcsync/sync.lock")).isEmpty();
  }

  @Test
  void theLockRecordsItsHolderWhileHeldAndIsEmptiedOnRelease() throws Exception {
    Path file = dir.resolve(".rcsync/sync.lock");
    Instant now = Instant.parse("2026-04-10T12:00:00Z");
    try (RunLock lock = RunLock.acquire(file, "lock", "sync --incremental", Duration.ofMinutes(30),
        Clock.fixed(now, ZoneOffset.UTC), msg -> {})) {
      RunLock.Holder h = RunLock.readHolder(file).orElseThrow();
      assertThat(h.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(h.startedAt()).isEqualTo(now);
      assertThat(h.command()).isEqualTo("sync --incremental");
      assertThat(lock.holder()).isEqualTo(h);
    }
    assertThat(Files.readString(file)).isEmpty();
  }

  @Test
  void theStaleLimitIsSixIntervalsAndAtLeastHalfAnHour() {
    assertThat(RunLock.staleAfter(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(30));
    assertThat(RunLock.staleAfter(Duration.ofMinutes(15))).isEqualTo(Duration.ofMinutes(90));
    assertThat(RunLock.staleAfter(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(30));
  }
}

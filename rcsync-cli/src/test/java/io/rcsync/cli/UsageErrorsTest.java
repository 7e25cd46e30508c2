package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageErrorsTest {
  @TempDir
  Path dir;

  private TestWorld world() {
    return new TestWorld(dir);
  }

  private static void oneLineUsageError(TestWorld.Result r, String naming) {
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).as(r.toString()).doesNotContain("\n").contains(naming);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aMistypedVerbIsNamedWithTheVerbItResembles() {
    TestWorld.Result r = world().run("synk");
    oneLineUsageError(r, "rcsync: unknown verb 'synk'; did you mean 'sync'? (see 'rcsync --help')");
  }

  @Test
  void aVerbResemblingNothingIsStillCalledAVerb() {
    TestWorld.Result r = world().run("frobnicate");
    oneLineUsageError(r, "rcsync: unknown verb 'frobnicate' (see 'rcsync --help')");
  }

  @Test
  void aMistypedOptionIsNamedWithTheOptionItResembles() {
    TestWorld.Result r = world().run("sync", "--backfil", "--since", "2026-04-01");
    oneLineUsageError(r, "unknown option '--backfil'; did you mean '--backfill'?");
  }

  @Test
  void aBadDateIsAUsageErrorNamingTheValue() {
    oneLineUsageError(world().run("sync", "--backfill", "--since", "2026-13-45"), "'2026-13-45'");
  }

  @Test
  void aBadUntilDateIsAUsageErrorToo() {
    oneLineUsageError(world().run("sync", "--backfill", "--since", "2026-04-01", "--until", "yesterday"), "'yesterday'");
  }

  @Test
  void datesAcceptIsoInstantsAndOffsets() {
    TestWorld w = world();
    assertThat(w.run("sync", "--backfill", "--since", "2026-04-01T00:00:00Z", "--until", "2026-04-05T00:00:00-04:00",
        "--dry-run").code()).isZero();
  }

  @Test
  void sinceAfterUntilIsAUsageError() {
    oneLineUsageError(world().run("sync", "--backfill", "--since", "2026-04-05", "--until", "2026-04-01"), "--since");
  }

  @Test
  void aSinceInTheFutureIsAUsageErrorNamingTheValue() {
    TestWorld w = world();
    oneLineUsageError(w.run("sync", "--backfill", "--since", "2030-01-01"), "--since 2030-01-01T00:00:00Z is in the future");
    oneLineUsageError(w.run("verify", "--since", "2030-01-01"), "--since 2030-01-01T00:00:00Z is in the future");
    assertThat(w.notes.rcsyncNotes()).isEmpty();
  }

  @Test
  void anUnknownExtensionListsStaffKnownOnlyByTheirExtensionNumberToo() {
    TestWorld w = world();
    w.write("config/sync-config.json", TestWorld.CONFIG.replace("\"extensionId\": \"376557053\", ", ""));

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-04-01", "--ext", "999");

    oneLineUsageError(r, "unknown extension '999'");
    assertThat(r.err()).contains("376557052 (Alyssia)", "105 (Kyle Haney)");
  }

  @Test
  void anExtensionTheAccountDoesNotHaveSaysSoWhenSyncedAlone() {
    TestWorld w = world();
    w.write("config/sync-config.json", TestWorld.CONFIG.replace("376557053", "376557999"));

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-04-01", "--ext", "376557999");

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("extension 376557999", "not found in the RingCentral directory");
  }

  @Test
  void anUnknownWaveIsAUsageErrorListingTheWaves() {
    TestWorld.Result r = world().run("sync", "--backfill", "--since", "2026-04-01", "--wave", "wave9");
    oneLineUsageError(r, "unknown wave 'wave9'");
    assertThat(r.err()).contains("wave1_intake, wave2_case_managers");
  }

  @Test
  void anUnknownExtensionIsAUsageErrorNamingIt() {
    oneLineUsageError(world().run("sync", "--backfill", "--since", "2026-04-01", "--ext", "999"), "unknown extension '999'");
  }

  @Test
  void anExtensionOfAnotherWaveSaysWhichWave() {
    oneLineUsageError(world().run("sync", "--backfill", "--since", "2026-04-01", "--ext", TestWorld.DANA),
        "--wave wave2_case_managers");
  }

  @Test
  void aConfigTypoIsOneLineNamingFileAndKey() {
    TestWorld w = world();
    w.write("config/sync-config.json", TestWorld.CONFIG.replace("\"pollWindows\"", "\"pollWindow\""));
    TestWorld.Result r = w.run("sync", "--incremental");
    oneLineUsageError(r, "config/sync-config.json: pollWindow: unknown key");
  }

  @Test
  void aMissingConfigFileNamesItsPath() {
    oneLineUsageError(world().run("sync", "--incremental", "--config", "nope.json"), "nope.json: file not found");
  }

  /** fresh14 #13: every verb that reads the config points a first-time operator at init when it is missing. */
  @org.junit.jupiter.params.ParameterizedTest(name = "rcsync {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "sync --incremental", "sync --backfill --since 2026-03-01 --dry-run", "verify --since 2026-03-01",
      "rollback --since 2026-03-01", "restore reports/x-rollback-manifest.jsonl", "doctor", "schedule --format cron",
      "transcript --record a0LUV00000G5NHJ2A3", "serve --listen 127.0.0.1:0 --public-url https://x.example/rc"})
  void aMissingConfigSuggestsInitInOneLine(String verb) {
    TestWorld.Result r = world().run((verb + " --config nope.json").split(" "));

    assertThat(r.code()).as(r.toString()).isNotZero();
    assertThat((r.out() + r.err()).lines().filter(l -> l.contains("nope.json")))
        .as(r.toString()).anySatisfy(l -> assertThat(l).contains("file not found")
            .contains("run `rcsync init --target-org ALIAS` to create it, or pass --config PATH"));
  }

  @Test
  void aSyncWithoutAModeSaysWhatToAdd() {
    oneLineUsageError(world().run("sync"), "--backfill --since DATE");
  }

  @Test
  void backfillWithoutSinceIsAUsageError() {
    oneLineUsageError(world().run("sync", "--backfill"), "--backfill needs --since");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    oneLineUsageError(world().run("sync", "--incremental", "--frobnicate"), "--frobnicate");
  }

  @Test
  void aBadOwnerIdIsAUsageError() {
    oneLineUsageError(world().run("rollback", "--owner", "bob"), "'bob' is not a Salesforce id");
  }

  @Test
  void noVerbIsAUsageError() {
    TestWorld.Result r = world().run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("sync", "rollback", "demo");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "rollback", "restore", "demo", "doctor", "verify", "schedule", "init"})
  void everyVerbHasHelpAndVersion(String verb) {
    TestWorld w = world();
    TestWorld.Result help = w.run(verb, "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: rcsync " + verb);
    TestWorld.Result version = w.run(verb, "--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("rcsync ").doesNotContain("unknown");
  }

  @Test
  void versionIsTheBuildsProjectVersion() {
    TestWorld.Result version = world().run("--version");

    assertThat(version.code()).isZero();
    assertThat(version.out()).matches("(?s)rcsync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*");
  }
}

package io.rcsync.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options the printed cron line, launchd agents and systemd unit start rcsync with (issue 13 item 6): short-run
 * options for the scheduled sync, long-run options for serve, both before {@code -jar}.
 */
class ScheduledJvmOptionsTest {
  private static final Path JAVA = Path.of("/usr/lib/jvm/java-17/bin/java");
  private static final Path JAR = Path.of("/opt/rcsync/rcsync.jar");
  private static final Path DIR = Path.of("/srv/firm");

  @Test
  void aJarLauncherPutsTheJvmOptionsBetweenJavaAndDashJar() {
    assertThat(Schedules.launcher(JAVA, JAR, Schedules.SHORT_RUN_JVM_OPTIONS)).containsExactly(
        JAVA.toString(), "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar",
        JAR.toString());
  }

  @Test
  void outsideAJarTheLauncherIsTheRcsyncCommandWithoutJvmOptions() {
    assertThat(Schedules.launcher(JAVA, Path.of("/work/rcsync-cli/target/classes"), Schedules.SHORT_RUN_JVM_OPTIONS))
        .containsExactly("rcsync");
    assertThat(Schedules.launcher(JAVA, null, Schedules.SERVICE_JVM_OPTIONS)).containsExactly("rcsync");
  }

  @Test
  void serveRunsLongSoItKeepsTheSmallHeapAndSerialGcButNotTheC1OnlyCompiler() {
    assertThat(Schedules.SERVICE_JVM_OPTIONS).contains("-XX:+UseSerialGC", "-Xmx256m")
        .doesNotContain("-XX:TieredStopAtLevel=1");
    assertThat(Schedules.SHORT_RUN_JVM_OPTIONS).contains("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1");
  }

  @Test
  void theCrontabLineAndLaunchdAgentStartTheSyncWithTheShortRunOptions() {
    Schedules.Job job = new Schedules.Job(DIR, Schedules.launcher(JAVA, JAR, Schedules.SHORT_RUN_JVM_OPTIONS),
        Duration.ofMinutes(5), DIR.resolve("config/sync-config.json"), DIR.resolve("logs"), null, "/usr/bin:/bin",
        "io.rcsync.sync", List.of());

    assertThat(Schedules.crontabLine(job)).contains(JAVA + " -XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 "
        + "-Xshare:auto -jar " + JAR + " sync --incremental");
    assertThat(Schedules.launchdPlist(job)).contains("""
            <string>%s</string>
            <string>-XX:+UseSerialGC</string>
            <string>-Xmx256m</string>
            <string>-XX:TieredStopAtLevel=1</string>
            <string>-Xshare:auto</string>
            <string>-jar</string>
            <string>%s</string>
            <string>sync</string>
        """.formatted(JAVA, JAR));
  }

  @Test
  void theSystemdUnitAndLaunchdAgentStartServeWithTheLongRunOptions() {
    Schedules.Service service = new Schedules.Service(DIR, Schedules.launcher(JAVA, JAR, Schedules.SERVICE_JVM_OPTIONS),
        DIR.resolve("config/sync-config.json"), DIR.resolve("logs"), null, "/usr/bin:/bin", "io.rcsync.serve",
        "127.0.0.1:8080", "https://rcsync.example.com", null, List.of());

    assertThat(Schedules.systemdUnit(service)).contains("ExecStart=" + JAVA + " -XX:+UseSerialGC -Xmx256m -Xshare:auto "
        + "-jar " + JAR + " serve --listen 127.0.0.1:8080");
    assertThat(Schedules.launchdServicePlist(service)).contains("""
            <string>-Xshare:auto</string>
            <string>-jar</string>
        """).doesNotContain("TieredStopAtLevel");
  }

  @Test
  void fromTheDistributionTheJobsCallItsLauncherWithThisJavaInsteadOfJavaDashJar(@TempDir Path home) throws IOException {
    Path script = Files.createDirectories(home.resolve("bin")).resolve("rcsync");
    Files.writeString(script, "#!/bin/sh\n");
    Path javaHome = Path.of("/usr/lib/jvm/java-17");

    List<String> launcher = Schedules.launcher(javaHome, JAR, home, Schedules.SHORT_RUN_JVM_OPTIONS);

    assertThat(launcher).containsExactly("/usr/bin/env", "JAVA_HOME=" + javaHome, script.toString());
    Schedules.Job job = new Schedules.Job(DIR, launcher, Duration.ofMinutes(5), DIR.resolve("config/sync-config.json"),
        DIR.resolve("logs"), null, "/usr/bin:/bin", "io.rcsync.sync", List.of());
    assertThat(Schedules.crontabLine(job)).contains(" /usr/bin/env JAVA_HOME=" + javaHome + " " + script
        + " sync --incremental").doesNotContain("-jar");
    Schedules.Service service = new Schedules.Service(DIR, Schedules.launcher(javaHome, JAR, home,
        Schedules.SERVICE_JVM_OPTIONS), DIR.resolve("config/sync-config.json"), DIR.resolve("logs"), null,
        "/usr/bin:/bin", "io.rcsync.serve", "127.0.0.1:8080", "https://rcsync.example.com", null, List.of());
    assertThat(Schedules.systemdUnit(service)).contains("ExecStart=/usr/bin/env JAVA_HOME=" + javaHome + " " + script
        + " serve --listen 127.0.0.1:8080");
  }

  @Test
  void aHomeWithoutBinRcsyncKeepsTheJarForm(@TempDir Path home) {
    Path javaHome = Path.of("/usr/lib/jvm/java-17");

    assertThat(Schedules.launcher(javaHome, JAR, home, Schedules.SHORT_RUN_JVM_OPTIONS)).containsExactly(
        javaHome.resolve("bin/java").toString(), "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto", "-jar", JAR.toString());
    assertThat(Schedules.launcher(javaHome, JAR, null, Schedules.SHORT_RUN_JVM_OPTIONS)).contains("-jar");
  }
}

package io.rcsync.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's distribution ({@code target/rcsync-<version>.tar.gz} and {@code .zip}, built at {@code package}):
 * unpacked with {@code tar} as the README says, {@code bin/rcsync} runs from another directory and through symlinks,
 * forwards arguments and exit codes, finds Java or says what to install, passes the schedule's JVM options, and makes
 * {@code schedule} print jobs that call it. Runs under failsafe, after {@code package}; needs a POSIX {@code sh} and
 * {@code tar} (skipped without them, e.g. on Windows).
 */
class DistributionIT {
  private static final String CONFIG = """
      {
        "activeWave": "wave1_intake",
        "waves": { "wave1_intake": [
          { "name": "Alyssia", "extensionId": "376557052", "extensionNumber": "104", "sfUserId": "005UV0000012345AAA" } ] },
        "pollWindows": { "hot": { "intervalMinutes": 5, "lookbackMinutes": 30 } },
        "salesforce": { "targetOrg": "LITIFY_ORG" }
      }
      """;

  private static String version;
  private static Path tarGz;
  private static Path zip;
  private static String base;

  @TempDir
  Path tmp;

  /** The unpacked {@code rcsync-<version>/}. */
  private Path home;
  /** A working directory that is not the distribution's. */
  private Path work;

  @BeforeAll
  static void findArchives() {
    version = System.getProperty("rcsync.version");
    assertThat(version).as("rcsync.version (set by rcsync-cli/pom.xml's failsafe configuration)").isNotBlank();
    Path dist = Path.of(System.getProperty("rcsync.dist"));
    tarGz = Path.of(dist + ".tar.gz");
    zip = Path.of(dist + ".zip");
    assertThat(tarGz).as("the distribution; run after package (mvn verify)").isRegularFile();
    assertThat(zip).isRegularFile();
    base = "rcsync-" + version + "/";
  }

  @BeforeEach
  void unpack() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no POSIX sh");
    assumeTrue(onPath("tar"), "no tar");
    Path into = Files.createDirectories(tmp.resolve("opt"));
    Run untar = run(List.of("tar", "xzf", tarGz.toString(), "-C", into.toString()), tmp, Map.of());
    assertThat(untar.code()).as(untar.out()).isZero();
    home = into.resolve("rcsync-" + version);
    work = Files.createDirectories(tmp.resolve("firm"));
  }

  @Test
  void theTarHoldsTheLauncherExecutableTheJarsTheExampleConfigTheCompletionAndTheReadme() throws IOException {
    Map<String, Integer> modes = tarModes();

    assertThat(modes).containsKeys(base + "bin/rcsync", base + "bin/rcsync.bat", base + "README.md",
        base + "config/sync-config.example.json", base + "completion/rcsync_completion",
        base + "lib/rcsync-cli-" + version + ".jar", base + "lib/picocli-4.7.7.jar");
    assertThat(modes.get(base + "bin/rcsync") & 0777).as("bin/rcsync's mode").isEqualTo(0755);
    assertThat(modes.get(base + "bin/rcsync.bat") & 0111).as("rcsync.bat needs no exec bit").isZero();
    assertThat(modes.keySet()).allMatch(name -> name.startsWith(base), "everything under " + base);
  }

  @Test
  void theZipHasTheSameEntriesAndModes() throws IOException {
    Map<String, Integer> zipModes = new TreeMap<>();
    try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
      for (Enumeration<ZipArchiveEntry> e = z.getEntries(); e.hasMoreElements(); ) {
        ZipArchiveEntry entry = e.nextElement();
        if (!entry.isDirectory()) {
          zipModes.put(entry.getName(), entry.getUnixMode() & 0777);
        }
      }
    }

    Map<String, Integer> tarModes = new TreeMap<>();
    tarModes().forEach((name, mode) -> tarModes.put(name, mode & 0777));
    assertThat(zipModes).isEqualTo(tarModes);
  }

  @Test
  void libHoldsNoTestFrameworkOrContractSuiteJar() throws IOException {
    List<String> jars;
    try (var files = Files.list(home.resolve("lib"))) {
      jars = files.map(p -> p.getFileName().toString()).sorted().toList();
    }

    assertThat(jars).isNotEmpty().allMatch(n -> n.endsWith(".jar"))
        .noneMatch(n -> n.startsWith("junit") || n.startsWith("assertj") || n.startsWith("mockito")
            || n.startsWith("byte-buddy") || n.startsWith("wiremock") || n.startsWith("archunit")
            || n.startsWith("rcsync-testkit-") || n.startsWith("commons-compress"));
  }

  @Test
  void helpAndVersionRunFromAnotherDirectory() throws Exception {
    Run help = run(List.of(home.resolve("bin/rcsync").toString(), "--help"), work, Map.of());
    Run version = run(List.of(home.resolve("bin/rcsync").toString(), "--version"), work, Map.of());

    assertThat(help.code()).as(help.out()).isZero();
    assertThat(help.out()).contains("Usage: rcsync", "generate-completion");
    assertThat(version.code()).as(version.out()).isZero();
    assertThat(version.out()).contains("rcsync " + DistributionIT.version);
  }

  @Test
  void itRunsThroughASymlinkInAnotherDirectoryAndThroughALinkToThatLink() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("usr/local/bin"));
    Path link = Files.createSymbolicLink(bin.resolve("rcsync"), home.resolve("bin/rcsync"));
    Path userBin = Files.createDirectories(tmp.resolve("home/bin"));
    // a relative link, resolved against its own directory
    Path relative = Files.createSymbolicLink(userBin.resolve("rcsync"), userBin.relativize(link));

    Run viaLink = run(List.of(link.toString(), "--version"), work, Map.of());
    Run viaRelative = run(List.of(relative.toString(), "--version"), work, Map.of());
    Run onPath = run(List.of("/bin/sh", "-c", "rcsync --version"), work,
        Map.of("PATH", userBin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));

    for (Run r : List.of(viaLink, viaRelative, onPath)) {
      assertThat(r.code()).as(r.out()).isZero();
      assertThat(r.out()).contains("rcsync " + version);
    }
  }

  @Test
  void argumentsAndExitCodesPassThrough() throws Exception {
    String rcsync = home.resolve("bin/rcsync").toString();

    Run unknownVerb = run(List.of(rcsync, "no-such-verb"), work, Map.of());
    Run noConfig = run(List.of(rcsync, "sync", "--incremental", "--config", "missing dir/sync-config.json"), work,
        Map.of());

    assertThat(unknownVerb.code()).as(unknownVerb.out()).isEqualTo(2);
    assertThat(noConfig.code()).as(noConfig.out()).isEqualTo(2);
    assertThat(noConfig.out()).as("an argument with a space arrives whole").contains("missing dir/sync-config.json");
  }

  @Test
  void shortRunsGetTheScheduleJvmOptionsServeKeepsC2AndTheEnvironmentOverridesThem() throws Exception {
    String rcsync = home.resolve("bin/rcsync").toString();
    Map<String, String> print = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags");

    Run shortRun = run(List.of(rcsync, "--version"), work, print);
    Run serve = run(List.of(rcsync, "serve", "--help"), work, print);
    Run replaced = run(List.of(rcsync, "--version"), work,
        Map.of("RCSYNC_JAVA_OPTS", "-Xmx300m", "JAVA_OPTS", "-XX:+PrintCommandLineFlags"));

    assertThat(shortRun.out()).contains("-XX:+UseSerialGC", "-XX:MaxHeapSize=268435456", "-XX:TieredStopAtLevel=1");
    assertThat(serve.out()).contains("-XX:+UseSerialGC", "-XX:MaxHeapSize=268435456")
        .doesNotContain("TieredStopAtLevel");
    assertThat(replaced.out()).contains("-XX:MaxHeapSize=314572800").doesNotContain("-XX:+UseSerialGC")
        .doesNotContain("TieredStopAtLevel");
  }

  @Test
  void withoutJava17ItSaysInOneLineWhatToInstall() throws Exception {
    String rcsync = home.resolve("bin/rcsync").toString();
    // a "Java 11": its release file says so
    Path java11 = fakeJava(tmp.resolve("jdk-11"), "11.0.22", true);
    // a "Java 8" without a release file: 'java -version' says so
    Path java8 = fakeJava(tmp.resolve("jre-8"), "1.8.0_402", false);

    // no java on PATH: only the install hint can help
    Run missingHome = run(List.of(rcsync, "--help"), work, Map.of("JAVA_HOME", tmp.resolve("nowhere").toString(),
        "PATH", tmp.resolve("empty").toString()));
    Run noJavaOnPath = run(List.of(rcsync, "--help"), work, Map.of("JAVA_HOME", "", "PATH", tmp.resolve("empty")
        .toString()));
    Run old = run(List.of(rcsync, "--help"), work, Map.of("JAVA_HOME", java11.toString()));
    Run older = run(List.of(rcsync, "--help"), work, Map.of("JAVA_HOME", java8.toString()));

    for (Run r : List.of(missingHome, noJavaOnPath, old, older)) {
      assertThat(r.code()).as(r.out()).isEqualTo(2);
      assertThat(r.out().strip().lines()).as(r.out()).hasSize(1);
      assertThat(r.out()).startsWith("rcsync: ").contains("install a Java 17+ runtime");
    }
    assertThat(missingHome.out()).contains("JAVA_HOME is " + tmp.resolve("nowhere"));
    assertThat(noJavaOnPath.out()).contains("no java on PATH");
    assertThat(old.out()).contains("is Java 11.0.22", "needs Java 17 or newer");
    assertThat(older.out()).contains("is Java 1.8.0_402", "needs Java 17 or newer");
  }

  @Test
  void aBadJavaHomeWithAJava17OnPathSaysToUnsetIt() throws Exception {
    String rcsync = home.resolve("bin/rcsync").toString();
    Path pathDir = Files.createDirectories(tmp.resolve("path-with-java"));
    Path java = Files.createSymbolicLink(pathDir.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));

    Run r = run(List.of(rcsync, "--help"), work, Map.of("JAVA_HOME", tmp.resolve("nowhere").toString(),
        "PATH", pathDir + ":/usr/bin:/bin"));

    assertThat(r.code()).as(r.out()).isEqualTo(2);
    assertThat(r.out().strip().lines()).as(r.out()).hasSize(1);
    assertThat(r.out()).startsWith("rcsync: JAVA_HOME is " + tmp.resolve("nowhere"))
        .contains("or unset JAVA_HOME to use " + java + " (" + Runtime.version().toString().split("\\+")[0]);
  }

  @Test
  void scheduleFromTheDistributionPrintsJobsThatCallItsLauncherByAbsolutePath() throws Exception {
    Files.createDirectories(work.resolve("config"));
    Files.writeString(work.resolve("config/sync-config.json"), CONFIG);
    Path bin = Files.createDirectories(tmp.resolve("usr/local/bin"));
    Path link = Files.createSymbolicLink(bin.resolve("rcsync"), home.resolve("bin/rcsync"));
    String launcher = home.toRealPath().resolve("bin/rcsync").toString();

    Run cron = run(List.of(link.toString(), "schedule", "--format", "cron"), work, Map.of());
    Run systemd = run(List.of(link.toString(), "schedule", "--serve", "--format", "systemd", "--listen",
        "127.0.0.1:8080", "--public-url", "https://rcsync.example.com"), work, Map.of());

    assertThat(cron.code()).as(cron.out()).isZero();
    assertThat(cron.out()).contains(" JAVA_HOME=" + System.getProperty("java.home") + " " + launcher
        + " sync --incremental").doesNotContain("-jar");
    assertThat(systemd.code()).as(systemd.out()).isZero();
    assertThat(systemd.out()).contains("ExecStart=/usr/bin/env JAVA_HOME=" + System.getProperty("java.home") + " "
        + launcher + " serve --listen").doesNotContain("-jar");
  }

  @Test
  void theShippedCompletionScriptIsWhatGenerateCompletionPrints() throws Exception {
    Run generated = run(List.of(home.resolve("bin/rcsync").toString(), "generate-completion"), work, Map.of());

    assertThat(generated.code()).isZero();
    assertThat(Files.readString(home.resolve("completion/rcsync_completion"))).isEqualTo(generated.out());
  }

  /** README "Set up": the first command's launcher is the build's unpacked distribution, and runs the demo. */
  @Test
  void theReadmesFirstCommandRunsTheDemoFromTheBuildsDistributionDirectory() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    Matcher first = Pattern.compile("mvn -B -q package -DskipTests && (rcsync-cli/target/\\S+/bin/rcsync) demo")
        .matcher(readme);
    assertThat(first.find()).as("README's first command").isTrue();
    Path launcher = Path.of("..").resolve(first.group(1)).toAbsolutePath().normalize();
    assertThat(launcher).isEqualTo(Path.of(System.getProperty("rcsync.dist"), "bin", "rcsync").toAbsolutePath()
        .normalize());

    Run demo = run(List.of(launcher.toString(), "demo"), work, Map.of());

    assertThat(demo.code()).as(demo.out()).isZero();
    assertThat(demo.out()).contains("Demo OK");
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private static Map<String, Integer> tarModes() throws IOException {
    Map<String, Integer> modes = new TreeMap<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tarGz));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (!e.isDirectory()) {
          modes.put(e.getName(), e.getMode());
        }
      }
    }
    return modes;
  }

  /** A JAVA_HOME whose bin/java prints {@code version} as 'java -version' does, with or without a release file. */
  private static Path fakeJava(Path javaHome, String version, boolean releaseFile) throws IOException {
    Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2024-01-16' >&2\nexit 0\n");
    java.toFile().setExecutable(true);
    if (releaseFile) {
      Files.writeString(javaHome.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    }
    return javaHome;
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  private record Run(int code, String out) {}

  /**
   * Runs the command in {@code dir}, stdout and stderr together, with JAVA_HOME = this JVM's home and the given
   * environment changes (an empty value removes the variable).
   */
  private static Run run(List<String> command, Path dir, Map<String, String> env) throws IOException,
      InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    // no "Picked up ..." notes on stderr, no operator options; the launcher runs on the JVM running this test
    List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "RCSYNC_JAVA_OPTS", "JAVA_OPTS")
        .forEach(pb.environment()::remove);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    env.forEach((k, v) -> {
      if (v.isEmpty()) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not exit within 60 s: " + out);
    }
    return new Run(p.exitValue(), out);
  }
}

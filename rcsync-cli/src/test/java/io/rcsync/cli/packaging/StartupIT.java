package io.rcsync.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the shipped jar ({@code target/rcsync.jar}) as a process, as an operator or scheduler does (issue 13 item 6):
 * {@code --help} loads none of the adapters' heavy machinery (Jackson's ObjectMapper, the JDK HTTP client, TLS), and
 * the job and service {@code schedule} prints from the jar start rcsync with the small-host JVM options. How long a
 * start takes is measured by docs/startup-bench.sh, never asserted. Runs under failsafe, after {@code package}.
 */
class StartupIT {
  private static final String CONFIG = """
      {
        "activeWave": "wave1_intake",
        "waves": { "wave1_intake": [
          { "name": "Alyssia", "extensionId": "376557052", "extensionNumber": "104", "sfUserId": "005UV0000012345AAA" } ] },
        "pollWindows": { "hot": { "intervalMinutes": 5, "lookbackMinutes": 30 } },
        "salesforce": { "targetOrg": "LITIFY_ORG" }
      }
      """;

  private static Path jar;

  @TempDir
  Path dir;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("rcsync.jar", "target/rcsync.jar")).toAbsolutePath();
    assertThat(jar).as("the shaded jar; run after package (mvn verify)").isRegularFile();
  }

  @Test
  void helpLoadsNoJsonMapperHttpClientOrTls() throws Exception {
    Path log = dir.resolve("classes.log");

    Run r = run(List.of("-Xlog:class+load=info:file=" + log), "--help");

    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("Usage: rcsync", "schedule", "serve");
    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).as("the class-load log").anyMatch(l -> l.contains(" picocli.CommandLine "));
    assertThat(loaded).as("classes --help loaded").noneMatch(l -> l.contains(" com.fasterxml.jackson.databind.ObjectMapper "))
        .noneMatch(l -> l.contains(" java.net.http.HttpClient "))
        .noneMatch(l -> l.contains(" sun.security.ssl."));
  }

  @Test
  void theCrontabLinePrintedByTheJarStartsTheSyncWithTheShortRunOptions() throws Exception {
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/sync-config.json"), CONFIG);

    Run r = run(List.of(), "schedule", "--format", "cron");

    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains(" -XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -Xshare:auto -jar " + jar
        + " sync --incremental");
  }

  @Test
  void theSystemdUnitPrintedByTheJarStartsServeWithTheLongRunOptions() throws Exception {
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/sync-config.json"), CONFIG);

    Run r = run(List.of(), "schedule", "--serve", "--format", "systemd", "--listen", "127.0.0.1:8080", "--public-url",
        "https://rcsync.example.com");

    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains(" -XX:+UseSerialGC -Xmx256m -Xshare:auto -jar " + jar + " serve --listen")
        .doesNotContain("TieredStopAtLevel");
  }

  private record Run(int code, String out) {}

  /** {@code java <jvmOptions> -jar rcsync.jar <args>} in the temp directory; stdout and stderr together. */
  private Run run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("rcsync " + String.join(" ", args) + " did not exit within 60 s: " + out);
    }
    return new Run(p.exitValue(), out);
  }
}

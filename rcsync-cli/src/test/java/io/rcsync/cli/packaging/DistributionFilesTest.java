package io.rcsync.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.schedule.Schedules;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.config.SyncConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The distribution's own files as they are in the source tree ({@code src/dist/}): the example config loads, and both
 * launchers start Java with the options the schedule's jobs use. DistributionIT runs the built distribution.
 */
class DistributionFilesTest {
  private static final Path DIST = Path.of("src/dist");

  @Test
  void theExampleConfigLoadsWithTheConfigLoader() {
    ConfigFile file = ConfigLoader.read(DIST.resolve("config/sync-config.example.json"), "sync-config.example.json");

    SyncConfig config = file.sync();
    assertThat(config.activeWave()).isEqualTo("wave1_intake");
    assertThat(config.roster().waves()).containsKeys("wave1_intake", "wave2_case_managers");
    assertThat(file.salesforce().targetOrg()).contains("LITIFY_ORG");
    assertThat(file.ringCentral().credentialsFile()).isEqualTo(".credentials/rc-credentials.json");
  }

  @Test
  void thePosixLauncherPassesTheScheduleJvmOptionsShortRunsAndServe() throws IOException {
    String script = Files.readString(DIST.resolve("bin/rcsync"));

    assertThat(script).contains("default_opts=\"" + String.join(" ", Schedules.SHORT_RUN_JVM_OPTIONS) + "\"")
        .contains("default_opts=\"" + String.join(" ", Schedules.SERVICE_JVM_OPTIONS) + "\"")
        .contains("io.rcsync.cli.Main \"$@\"")
        .startsWith("#!/bin/sh\n");
  }

  @Test
  void theWindowsLauncherPassesTheSameOptions() throws IOException {
    String script = Files.readString(DIST.resolve("bin/rcsync.bat"));

    assertThat(script).contains("set \"RCSYNC_OPTS=" + String.join(" ", Schedules.SHORT_RUN_JVM_OPTIONS) + "\"")
        .contains("set \"RCSYNC_OPTS=" + String.join(" ", Schedules.SERVICE_JVM_OPTIONS) + "\"")
        .contains("io.rcsync.cli.Main %*");
  }

  /**
   * cmd.exe expands {@code %VAR%} when it reads a whole {@code ( ... )} block, so a ")" in an expanded value (the Java
   * install hint, or a JAVA_HOME under "C:\\Program Files (x86)") ends the block early and the launcher fails with a
   * syntax error. Every line that expands one of those values must therefore be outside any block.
   */
  @Test
  void theWindowsLauncherExpandsTheHintAndJavaHomeOutsideAnyParenthesizedBlock() throws IOException {
    int depth = 0;
    int lineNo = 0;
    for (String line : Files.readAllLines(DIST.resolve("bin/rcsync.bat"))) {
      lineNo++;
      String code = line.strip();
      if (code.startsWith("rem ") || code.startsWith("::")) {
        continue;
      }
      String unquoted = code.replaceAll("\"[^\"]*\"", "\"\"");
      boolean expandsParenthesizedValue = code.contains("%RCSYNC_HINT%")
          || (code.contains("%JAVA_HOME%") && !code.startsWith("set \""));
      if (expandsParenthesizedValue) {
        assertThat(depth).as("rcsync.bat line %d is inside a ( ... ) block: %s", lineNo, code).isZero();
      }
      for (char c : unquoted.toCharArray()) {
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      }
    }
    assertThat(depth).as("parentheses balance in rcsync.bat").isZero();
  }

  @Test
  void theDistributionReadmeNamesTheInstallStepsAndCompletion() throws IOException {
    String readme = Files.readString(DIST.resolve("README.md"));

    assertThat(readme).contains("bin/rcsync", "completion/rcsync_completion", "bashcompinit",
        "config/sync-config.example.json", "rcsync doctor", "rcsync schedule");
  }
}

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

  /**
   * fresh16 #1: the example's {@code smsmagic.defaultOwner} is no well-formed Id an operator could keep by accident
   * (no such User exists in any org): it is unset, so the import says "not set" and names the key.
   */
  @Test
  void theExampleConfigLeavesTheDefaultOwnerUnsetRatherThanShippingAPlausibleId() throws IOException {
    com.fasterxml.jackson.databind.JsonNode example = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(DIST.resolve("config/sync-config.example.json").toFile());

    assertThat(example.path("smsmagic").has("defaultOwner")).as("the key is shown").isTrue();
    assertThat(example.path("smsmagic").get("defaultOwner").isNull()).isTrue();
    assertThat(ConfigLoader.read(DIST.resolve("config/sync-config.example.json"), "example").sync().smsmagic()
        .defaultOwner()).isEmpty();
  }

  /**
   * fresh14 #8: the README promises that the example shows every config key. Every key of docs/configuration.md's
   * table ({@code a.b}, {@code a.<name>[]}, {@code `a.b` / `.c`}, {@code a.{b,c}}) must be in it, and it loads.
   */
  @Test
  void theExampleConfigShowsEveryKeyOfTheConfigurationTable() throws IOException {
    com.fasterxml.jackson.databind.JsonNode example = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(DIST.resolve("config/sync-config.example.json").toFile());
    java.util.List<String> keys = documentedKeys(Files.readAllLines(Path.of("../docs/configuration.md")));

    assertThat(keys).as("keys read from docs/configuration.md").contains("timeZone", "sync.overlap",
        "exactPhoneFields", "salesforce.apiVersion", "salesforce.note.messageTimeField", "testRecordIds",
        "waves.<name>[]", "topicMap.Inbound", "pollWindows.<tier>.lookbackMinutes").hasSizeGreaterThan(30);
    assertThat(keys).as("documented keys missing from the example config")
        .filteredOn(k -> !present(example, k.split("\\."), 0)).isEmpty();
    assertThat(ConfigLoader.read(DIST.resolve("config/sync-config.example.json"), "example").sync().timeZone())
        .isPresent();
  }

  /** The first cell of each row of the table headed "| key | required | default | meaning |", expanded. */
  static java.util.List<String> documentedKeys(java.util.List<String> lines) {
    java.util.List<String> keys = new java.util.ArrayList<>();
    boolean inTable = false;
    for (String line : lines) {
      if (line.startsWith("| key | required")) {
        inTable = true;
        continue;
      }
      if (inTable && !line.startsWith("|")) {
        break;
      }
      if (!inTable || line.startsWith("| ---")) {
        continue;
      }
      String cell = line.substring(1, line.indexOf('|', 1));
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([^`]+)`").matcher(cell);
      String first = null;
      while (m.find()) {
        String k = m.group(1);
        if (first == null) {
          first = k;
        } else if (k.startsWith(".")) {
          k = first.substring(0, first.lastIndexOf('.')) + k; // `a.b` / `.c` is a.b and a.c
        }
        int open = k.indexOf('{');
        if (open >= 0) { // a.{b,c} is a.b and a.c
          String prefix = k.substring(0, open);
          for (String part : k.substring(open + 1, k.indexOf('}')).split(",")) {
            keys.add(prefix + part.strip());
          }
        } else {
          keys.add(k);
        }
      }
    }
    return keys;
  }

  /** Whether the path is in the JSON: {@code <x>} is any member, a trailing {@code []} an array. */
  private static boolean present(com.fasterxml.jackson.databind.JsonNode node, String[] path, int i) {
    if (i == path.length) {
      return true;
    }
    String part = path[i];
    boolean array = part.endsWith("[]");
    String name = array ? part.substring(0, part.length() - 2) : part;
    java.util.List<com.fasterxml.jackson.databind.JsonNode> next = new java.util.ArrayList<>();
    if (name.startsWith("<") && name.endsWith(">")) {
      node.elements().forEachRemaining(next::add);
    } else if (node.has(name)) {
      next.add(node.get(name));
    }
    return next.stream().anyMatch(n -> (!array || n.isArray()) && present(n, path, i + 1));
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

  /** fresh14 #21: the distribution's README gives the same Day-one commands as the project's README. */
  @Test
  void theDistributionReadmesDayOneCommandsAreTheTopReadmes() throws IOException {
    assertThat(dayOneCommands(Files.readString(DIST.resolve("README.md"))))
        .isNotEmpty()
        .isEqualTo(dayOneCommands(Files.readString(Path.of("../README.md"))));
  }

  /** The indented {@code rcsync ...} lines of the "## Day one" section, without their comments. */
  private static java.util.List<String> dayOneCommands(String readme) {
    String section = readme.substring(readme.indexOf("## Day one"));
    int next = section.indexOf("\n## ", 3);
    return (next < 0 ? section : section.substring(0, next)).lines()
        .filter(l -> l.startsWith("    rcsync "))
        .map(l -> (l.contains("#") ? l.substring(0, l.indexOf('#')) : l).strip())
        .toList();
  }
}

package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code rcsync generate-completion} (picocli's AutoComplete): the script names every verb and its options, and bash
 * (and zsh through bashcompinit, where installed) complete from it. Shells that are not installed are skipped.
 */
class ShellCompletionTest {
  @TempDir
  Path dir;

  private String script() {
    StringWriter out = new StringWriter();
    CommandLine cl = RcsyncCommand.commandLine(CliEnvironment.of(dir));
    cl.setOut(new PrintWriter(out));
    int code = cl.execute("generate-completion");
    assertThat(code).isZero();
    return out.toString();
  }

  @Test
  void theScriptsHeaderGivesTheSameInstallStepsAsTheReadme() {
    String script = script();
    String header = script.substring(0, script.indexOf("# Documentation"));

    assertThat(header).contains("completion/rcsync_completion", "~/.bashrc", "bashcompinit")
        .doesNotContain("$YOUR_APP_HOME/bin", ".bash_profile");
    assertThat(script).contains("# Documentation", "complete -F _complete_rcsync");
  }

  @Test
  void theScriptNamesEveryVerbAndEveryVisibleOptionOfEachVerb() {
    String script = script();
    CommandLine root = RcsyncCommand.commandLine(CliEnvironment.of(dir));

    assertThat(script).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_rcsync");
    List<String> missing = new ArrayList<>();
    for (var verb : root.getSubcommands().entrySet()) {
      if (!script.contains(verb.getKey())) {
        missing.add(verb.getKey());
      }
      for (OptionSpec o : verb.getValue().getCommandSpec().options()) {
        if (!o.hidden() && !script.contains(o.longestName())) {
          missing.add(verb.getKey() + " " + o.longestName());
        }
      }
    }
    assertThat(missing).as("verbs and options the completion script leaves out").isEmpty();
    assertThat(script).contains("sync", "--dry-run", "--backfill", "--incremental", "schedule", "--format");
  }

  @Test
  void bashCompletesAVerbFromItsFirstLetters() throws Exception {
    assumeTrue(onPath("bash"), "bash is not installed");
    Path file = write(script());

    assertThat(run("bash", "-c", ". '" + file + "'; COMP_WORDS=(rcsync sy); COMP_CWORD=1; _complete_rcsync 2>/dev/null; "
        + "echo \"${COMPREPLY[@]}\"")).isEqualTo("sync");
    assertThat(run("bash", "-c", ". '" + file + "'; COMP_WORDS=(rcsync sync --dry); COMP_CWORD=2; "
        + "_complete_rcsync 2>/dev/null; echo \"${COMPREPLY[@]}\"")).isEqualTo("--dry-run");
    assertThat(run("bash", "-c", ". '" + file + "'; COMP_WORDS=(rcsync schedule --format ''); COMP_CWORD=3; "
        + "_complete_rcsync 2>/dev/null; echo \"${COMPREPLY[@]}\"")).isEqualTo("launchd cron systemd");
  }

  /**
   * zsh loads the bash script through bashcompinit, as picocli's guide says (https://picocli.info/autocomplete.html):
   * the script registers with zsh's completion system, and the function offers the verbs and a verb's options (zsh's
   * compadd then narrows them to what was typed).
   */
  @Test
  void zshLoadsTheScriptThroughBashcompinitAndOffersTheVerbsAndOptions() throws Exception {
    assumeTrue(onPath("zsh"), "zsh is not installed");
    Path file = write(script());
    String setup = "autoload -U +X compinit && compinit -u -d '" + dir.resolve("zcompdump") + "'; "
        + "autoload -U +X bashcompinit && bashcompinit; . '" + file + "'; ";

    assertThat(run("zsh", "-f", "-c", setup + "print -r -- $_comps[rcsync]")).contains("_complete_rcsync");
    String verbs = run("zsh", "-f", "-c", setup + "emulate sh; setopt kshglob noshglob braceexpand; "
        + "COMP_WORDS=(rcsync sy); COMP_CWORD=1; _complete_rcsync 2>/dev/null; echo \"${COMPREPLY[@]}\"");
    assertThat(List.of(verbs.split(" "))).contains("sync", "schedule", "doctor");
    String options = run("zsh", "-f", "-c", setup + "emulate sh; setopt kshglob noshglob braceexpand; "
        + "COMP_WORDS=(rcsync sync --dry); COMP_CWORD=2; _complete_rcsync 2>/dev/null; echo \"${COMPREPLY[@]}\"");
    assertThat(List.of(options.split(" "))).contains("--dry-run", "--backfill");
  }

  private Path write(String script) throws IOException {
    Path file = dir.resolve("rcsync_completion");
    Files.writeString(file, script);
    return file;
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  /** Runs the shell command with HOME in the temp directory; its stdout, trimmed (stderr is discarded). */
  private String run(String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not exit within 60 s");
    }
    assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    return out.strip();
  }
}

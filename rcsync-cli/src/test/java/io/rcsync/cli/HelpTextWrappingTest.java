package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every verb's {@code --help} at 80 columns, as a fresh terminal shows it: picocli wraps each description element at
 * spaces, so a path or option name must never be split across lines (".rcsync/rc-token." + "json").
 */
class HelpTextWrappingTest {
  @TempDir
  Path dir;

  private CommandLine commandLine() {
    CommandLine cl = RcsyncCommand.commandLine(CliEnvironment.of(dir));
    cl.setUsageHelpAutoWidth(false);
    cl.setUsageHelpWidth(80);
    return cl;
  }

  @Test
  void everyWordOfEveryVerbsHelpStaysWholeAtEightyColumns() {
    CommandLine root = commandLine();
    List<CommandLine> all = new ArrayList<>();
    all.add(root);
    all.addAll(root.getSubcommands().values());
    List<String> broken = new ArrayList<>();
    for (CommandLine cl : all) {
      String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
      Set<String> shown = new HashSet<>();
      for (String line : help.split("\n")) {
        assertThat(line.length()).as(cl.getCommandName() + ": " + line).isLessThanOrEqualTo(80);
        shown.addAll(List.of(line.strip().split("\\s+")));
      }
      List<String> texts = new ArrayList<>(List.of(cl.getCommandSpec().usageMessage().description()));
      texts.addAll(List.of(cl.getCommandSpec().usageMessage().header()));
      for (OptionSpec o : cl.getCommandSpec().options()) {
        if (!o.hidden()) {
          texts.addAll(List.of(o.description()));
        }
      }
      for (String text : texts) {
        for (String word : text.strip().split("\\s+")) {
          if (!word.isEmpty() && !word.contains("${") && !word.contains("%n") && word.length() < 60 && !shown.contains(word)) {
            broken.add(cl.getCommandName() + ": '" + word + "'");
          }
        }
      }
    }
    assertThat(broken).as("words split across lines").isEmpty();
  }

  /** fresh16 #14: the project's own issue and review numbers mean nothing to an operator. */
  private static final java.util.regex.Pattern INTERNAL_NUMBER =
      java.util.regex.Pattern.compile("(?i)\\b(issue|review|fresh|wire)\\s?\\d+");

  @Test
  void noHelpTextOrOperatorDocumentNamesAnInternalIssueOrReviewNumber() throws Exception {
    CommandLine root = commandLine();
    List<String> found = new ArrayList<>();
    List<CommandLine> all = new ArrayList<>();
    all.add(root);
    all.addAll(root.getSubcommands().values());
    for (CommandLine cl : all) {
      java.util.regex.Matcher m = INTERNAL_NUMBER.matcher(cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
      while (m.find()) {
        found.add(cl.getCommandName() + " --help: " + m.group());
      }
    }
    for (String doc : List.of("../README.md", "README.md", "../docs/configuration.md")) {
      java.util.regex.Matcher m = INTERNAL_NUMBER.matcher(java.nio.file.Files.readString(Path.of(doc)));
      while (m.find()) {
        found.add(doc + ": " + m.group());
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void noVerbsDescriptionLeavesAStubOfASentenceOnALineOfItsOwn() {
    CommandLine root = commandLine();
    List<String> stubs = new ArrayList<>();
    for (CommandLine cl : root.getSubcommands().values()) {
      String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
      // the description: from the line after the synopsis to the first option line
      String[] lines = help.split("\n");
      int i = 0;
      while (i < lines.length && !lines[i].startsWith("Usage:")) {
        i++;
      }
      i++;
      while (i < lines.length && lines[i].startsWith(" ")) {
        i++; // the synopsis' continuation lines
      }
      for (; i < lines.length && !lines[i].stripLeading().startsWith("-"); i++) {
        String line = lines[i];
        boolean ends = line.isBlank() || line.startsWith(" ") || line.stripTrailing().matches(".*[.:)]$");
        boolean last = i + 1 == lines.length || lines[i + 1].isBlank() || lines[i + 1].stripLeading().startsWith("-");
        if (!ends && !last && line.strip().split("\\s+").length < 4) {
          stubs.add(cl.getCommandName() + ": '" + line + "'");
        }
      }
    }
    assertThat(stubs).as("a sentence cut short by a hard line break").isEmpty();
  }

  @Test
  void logoutHelpKeepsTheTokenCachePathOnOneLine() {
    String help = commandLine().getSubcommands().get("logout").getUsageMessage(CommandLine.Help.Ansi.OFF);

    assertThat(help).contains(".rcsync/rc-token.json").doesNotContain("rc-token.\n");
  }

  @Test
  void scheduleHelpKeepsTheIntervalKeyAndTheLockPathWhole() {
    String help = commandLine().getSubcommands().get("schedule").getUsageMessage(CommandLine.Help.Ansi.OFF);

    assertThat(help).contains("(pollWindows.hot.intervalMinutes)", "(.rcsync/sync.lock)");
  }
}

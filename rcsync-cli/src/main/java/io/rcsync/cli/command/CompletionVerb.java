package io.rcsync.cli.command;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rcsync generate-completion}: picocli's standard completion subcommand ({@link AutoComplete.GenerateCompletion}:
 * prints {@link AutoComplete#bash} for the whole {@code rcsync} command tree, verbs, options and enum values, on stdout)
 * with help that also says how zsh loads it. The script is a bash completion function; zsh runs it through
 * {@code bashcompinit}, as picocli's guide says (https://picocli.info/autocomplete.html, "Install Completion Script":
 * {@code autoload -U +X compinit && compinit}, {@code autoload -U +X bashcompinit && bashcompinit}, then source it).
 * The build writes the same script into the distribution as {@code completion/rcsync_completion}. Listed in
 * {@code rcsync --help}, so an operator finds it.
 *
 * <p>picocli's script opens with generic install steps ({@code cd $YOUR_APP_HOME/bin}, {@code ~/.bash_profile}) that
 * do not fit this distribution (the script is in {@code completion/}, and the README adds it to {@code ~/.bashrc}); picocli
 * has no option for that text, so {@link #script} puts rcsync's own steps in its place.
 */
@Command(
    name = "generate-completion",
    mixinStandardHelpOptions = true,
    helpCommand = true,
    header = "Print the bash/zsh TAB-completion script for rcsync.",
    description = {
        "Prints the completion script (picocli's AutoComplete) on stdout: TAB then completes verbs, options and "
            + "option values such as --format launchd|cron|systemd. The distribution ships the same script as "
            + "completion/rcsync_completion.",
        "",
        "Save it once:",
        "  rcsync generate-completion > ~/.rcsync-completion.bash",
        "",
        "bash: add this line to ~/.bashrc:",
        "  . ~/.rcsync-completion.bash",
        "",
        "zsh, which reads bash completion through bashcompinit: add these lines to ~/.zshrc:",
        "  autoload -U +X compinit && compinit",
        "  autoload -U +X bashcompinit && bashcompinit",
        "  . ~/.rcsync-completion.bash",
        "",
        "For this shell only: source <(rcsync generate-completion)"})
public final class CompletionVerb implements Runnable {
  static final String INSTALL = String.join("\n",
      "# Installation",
      "# ------------",
      "#",
      "# The distribution ships this script as completion/rcsync_completion; `rcsync generate-completion` prints it.",
      "#",
      "# bash: add one line to ~/.bashrc, e.g.",
      "#   . /opt/rcsync/completion/rcsync_completion",
      "#",
      "# zsh: add these lines to ~/.zshrc",
      "#   autoload -U +X compinit && compinit",
      "#   autoload -U +X bashcompinit && bashcompinit",
      "#   . /opt/rcsync/completion/rcsync_completion",
      "#",
      "# Then open a new shell and type `rcsync [TAB][TAB]`.",
      "#",
      "");

  @Spec
  CommandSpec spec;

  /** picocli instantiates it. */
  public CompletionVerb() {}

  @Override
  public void run() {
    CommandLine root = spec.commandLine().getParent() == null ? spec.commandLine() : spec.commandLine().getParent();
    spec.commandLine().getOut().print(script(AutoComplete.bash(root.getCommandName(), root)));
    spec.commandLine().getOut().flush();
  }

  /** picocli's script with its generic "Installation" section replaced by rcsync's (unchanged when not found). */
  static String script(String picocli) {
    int from = picocli.indexOf("# Installation\n");
    int to = picocli.indexOf("# Documentation\n");
    if (from < 0 || to < from) {
      return picocli;
    }
    return picocli.substring(0, from) + INSTALL + picocli.substring(to);
  }
}

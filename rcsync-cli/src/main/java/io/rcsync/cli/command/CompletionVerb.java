package io.rcsync.cli.command;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/**
 * {@code rcsync generate-completion}: picocli's standard completion subcommand ({@link AutoComplete.GenerateCompletion}:
 * prints {@link AutoComplete#bash} for the whole {@code rcsync} command tree, verbs, options and enum values, on stdout)
 * with help that also says how zsh loads it. The script is a bash completion function; zsh runs it through
 * {@code bashcompinit}, as picocli's guide says (https://picocli.info/autocomplete.html, "Install Completion Script":
 * {@code autoload -U +X compinit && compinit}, {@code autoload -U +X bashcompinit && bashcompinit}, then source it).
 * The build writes the same script into the distribution as {@code completion/rcsync_completion}. Listed in
 * {@code rcsync --help}, so an operator finds it.
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
public final class CompletionVerb extends AutoComplete.GenerateCompletion {
  /** picocli instantiates it. */
  public CompletionVerb() {}
}

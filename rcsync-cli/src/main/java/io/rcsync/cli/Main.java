package io.rcsync.cli;

import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;

/** {@code java -jar rcsync.jar VERB [OPTIONS]}: see {@code rcsync --help}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(RcsyncCommand.commandLine(CliEnvironment.system()).execute(args));
  }
}

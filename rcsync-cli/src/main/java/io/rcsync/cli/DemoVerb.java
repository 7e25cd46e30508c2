package io.rcsync.cli;

import io.rcsync.cli.internal.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the whole flow on generated data.")
final class DemoVerb extends Verb {
  @Override
  public Integer call() {
    err().println("rcsync demo: waiting for the testkit");
    return ExitCodes.RECORD_FAILURES;
  }
}

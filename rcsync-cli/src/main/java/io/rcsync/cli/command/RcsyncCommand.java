package io.rcsync.cli.command;

import io.rcsync.cli.wiring.CliEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code rcsync} command: one subcommand per verb of design.md §5. */
@Command(
    name = "rcsync",
    mixinStandardHelpOptions = true,
    versionProvider = RcsyncCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Mirrors every RingCentral SMS into Litify (Salesforce) as Notes on the matching Matter or Intake.",
        "",
        "Try it without credentials: rcsync demo"},
    subcommands = {
        InitVerb.class,
        SyncVerb.class,
        ImportSmsMagicVerb.class,
        RollbackVerb.class,
        RestoreVerb.class,
        VerifyVerb.class,
        DoctorVerb.class,
        ScheduleVerb.class,
        ServeVerb.class,
        DemoVerb.class,
        LogoutVerb.class,
        TranscriptVerb.class,
        CompletionVerb.class,
        CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  every message accounted for, nothing failed",
        "  1  finished, but some records failed (see the report's failures CSV)",
        "  2  usage or configuration error (the message names the value or key)",
        "  3  authentication or connection failure (RingCentral or Salesforce)",
        "",
        "Each run writes reports/<UTC time>-<verb>.json (and CSVs). RCSYNC_DEBUG=1 adds stack traces to errors."})
public final class RcsyncCommand implements java.util.concurrent.Callable<Integer> {
  private final CliEnvironment env;

  @Spec
  CommandSpec spec;

  public RcsyncCommand(CliEnvironment env) {
    this.env = env;
  }

  /** The command line with rcsync's exit-code mapping and one-line errors; {@code Main} and tests both use it. */
  public static CommandLine commandLine(CliEnvironment env) {
    CommandLine cl = new CommandLine(new RcsyncCommand(env));
    boolean debug = env.env().containsKey("RCSYNC_DEBUG");
    cl.setParameterExceptionHandler(ExitCodes.parameterHandler(env::secrets));
    cl.setExecutionExceptionHandler(ExitCodes.executionHandler(env::secrets, debug));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    Version version = new Version();
    cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
    HelpParagraphs.install(cl);
    return cl;
  }

  CliEnvironment env() {
    return env;
  }

  @Override
  public Integer call() {
    // no verb: a usage error, with the list of verbs
    spec.commandLine().getErr().println("rcsync: name a verb, e.g. 'rcsync demo' or 'rcsync sync --help'");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /**
   * The version baked into the jar at build time: {@code /io/rcsync/cli/version.properties}, filtered by Maven
   * (rcsync-cli/pom.xml). An absolute resource path, so moving this class between packages cannot lose it.
   */
  static final class Version implements CommandLine.IVersionProvider {
    static final String RESOURCE = "/io/rcsync/cli/version.properties";

    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = RcsyncCommand.class.getResourceAsStream(RESOURCE)) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        // fall through to "unknown"
      }
      return new String[] {"rcsync " + p.getProperty("version", "unknown"), "Java " + System.getProperty("java.version")};
    }
  }
}

package io.rcsync.cli.command;

import io.rcsync.core.support.Redactor;
import io.rcsync.cli.store.LocalFileException;
import io.rcsync.cli.store.RunLock;

import io.rcsync.core.config.ConfigException;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.report.VerifyReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The one place where outcomes become exit codes (design.md §5) and failures become the one line an operator
 * reads.
 *
 * <ul>
 *   <li>0: every message accounted for, nothing failed;
 *   <li>1: the run finished but some records failed (see the report), or verify found gaps;
 *   <li>2: usage or configuration error: bad option value, config file problem, unknown wave/extension,
 *       corrupt local state, a run lock held by another run, a rollback over its delete cap;
 *   <li>3: authentication or connection failure: a system refused the credentials or could not be reached.
 * </ul>
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int RECORD_FAILURES = 1;
  public static final int USAGE = 2;
  public static final int AUTH_OR_CONNECTION = 3;

  private ExitCodes() {}

  /** The exit code of a failure that stopped a verb before it could report. */
  public static int forException(Throwable e) {
    if (e instanceof CommandLine.ParameterException
        || e instanceof ConfigException
        || e instanceof LocalFileException
        || e instanceof RunLock.HeldException
        || e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException) {
      return USAGE;
    }
    if (e instanceof ExternalSystemException x) {
      return x.kind() == ExternalSystemException.Kind.REJECTED ? USAGE : AUTH_OR_CONNECTION;
    }
    return RECORD_FAILURES;
  }

  /** A sync (or ingest) run: 3 when it stopped or lost records because a system refused or vanished. */
  public static int forRun(RunReport report, ExternalFailures seen) {
    boolean extensionErrors = report.extensions().stream().anyMatch(e -> e.error().isPresent());
    if (report.clean() && !extensionErrors) {
      return OK;
    }
    if (seen.authOrConnection()) {
      return AUTH_OR_CONNECTION;
    }
    return RECORD_FAILURES;
  }

  public static int forRollback(RollbackReport report, ExternalFailures seen) {
    if (report.blocked().isPresent()) {
      return USAGE;
    }
    if (report.failed() > 0) {
      return seen.authOrConnection() ? AUTH_OR_CONNECTION : RECORD_FAILURES;
    }
    return OK;
  }

  public static int forRestore(RestoreReport report, ExternalFailures seen) {
    // a dry run's filesFailed are the files it could not restore: listed, not a failure of the dry run
    if (report.failed() > 0 || (!report.dryRun() && report.filesFailed() > 0)) {
      return seen.authOrConnection() ? AUTH_OR_CONNECTION : RECORD_FAILURES;
    }
    return OK;
  }

  /** Verify: 1 when a text lacks its Note or a Note lost its text; 3 when the check itself could not finish. */
  public static int forVerify(VerifyReport report, ExternalFailures seen) {
    if (!report.checkedEverything()) {
      return seen.authOrConnection() ? AUTH_OR_CONNECTION : RECORD_FAILURES;
    }
    return report.complete() ? OK : RECORD_FAILURES;
  }

  /** Doctor: the worst failing check decides (auth/connection over config over nothing). */
  public static int forChecks(List<Integer> failedCheckCodes) {
    return failedCheckCodes.stream().mapToInt(Integer::intValue).max().orElse(OK);
  }

  // ---- messages --------------------------------------------------------------------------------------

  /** One line for any failure, secrets masked. */
  public static String oneLine(Throwable e, List<String> secrets) {
    String msg = e.getMessage();
    if (msg == null || msg.isBlank()) {
      msg = e.getClass().getSimpleName();
    }
    if (e instanceof ExternalSystemException x && x.system() != null
        && !msg.toLowerCase(java.util.Locale.ROOT).contains(x.system().toLowerCase(java.util.Locale.ROOT))) {
      msg = x.system() + ": " + msg;
    }
    if (forException(e) == RECORD_FAILURES && !(e instanceof ExternalSystemException)) {
      msg = "unexpected error (" + e.getClass().getName() + "): " + msg
          + " — set RCSYNC_DEBUG=1 for the stack trace and report it";
    }
    return Redactor.mask(msg.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip(), secrets);
  }

  /** Usage errors: one line naming the value, then where to read more; exit 2. */
  public static CommandLine.IParameterExceptionHandler parameterHandler(Supplier<List<String>> secrets) {
    return (ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      String what = ex instanceof CommandLine.UnmatchedArgumentException u ? unmatched(u, cmd) : null;
      err.println(cmd.getCommandSpec().qualifiedName() + ": " + (what != null ? what : oneLine(ex, secrets.get()))
          + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return USAGE;
    };
  }

  /**
   * An unknown verb or option in rcsync's words, with picocli's closest matches ({@code getSuggestions}):
   * "unknown verb 'synk'; did you mean 'sync'?". Null when picocli's own message says it better (e.g. a stray
   * positional value).
   */
  static String unmatched(CommandLine.UnmatchedArgumentException u, CommandLine cmd) {
    List<String> args = u.getUnmatched();
    if (args.isEmpty()) {
      return null;
    }
    String first = args.get(0);
    // picocli suggests loosely (any shared letters); keep the near ones: a prefix or at most a third of the letters off
    List<String> suggestions = u.getSuggestions().stream().filter(s -> resembles(first, s)).toList();
    String didYouMean = suggestions.isEmpty() ? ""
        : "; did you mean " + String.join(" or ", suggestions.stream().limit(3).map(s -> "'" + s + "'").toList()) + "?";
    if (first.startsWith("-")) {
      return "unknown option '" + first + "'" + didYouMean;
    }
    if (!cmd.getSubcommands().isEmpty() && cmd.getParent() == null) {
      return "unknown verb '" + first + "'" + didYouMean;
    }
    return null;
  }

  static boolean resembles(String typed, String candidate) {
    String a = typed.toLowerCase(java.util.Locale.ROOT);
    String b = candidate.toLowerCase(java.util.Locale.ROOT);
    if (a.length() >= 2 && b.startsWith(a)) {
      return true;
    }
    return editDistance(a, b) <= Math.max(1, Math.min(a.length(), b.length()) / 3);
  }

  /** Levenshtein distance from commons-text (a well-kept library rather than our own loop). */
  private static int editDistance(String a, String b) {
    return org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance().apply(a, b);
  }

  /** Anything a verb throws: one line, the mapped code; the stack trace only when RCSYNC_DEBUG is set. */
  public static CommandLine.IExecutionExceptionHandler executionHandler(Supplier<List<String>> secrets, boolean debug) {
    return (ex, cmd, parseResult) -> {
      PrintWriter err = cmd.getErr();
      err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(ex, secrets.get()));
      if (debug) {
        ex.printStackTrace(err);
      }
      err.flush();
      return forException(ex);
    };
  }
}

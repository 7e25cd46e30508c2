package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Borrows the session of the local Salesforce CLI. No Salesforce secret is stored by rcsync; the CLI refreshes its own
 * token when it runs.
 *
 * <ol>
 *   <li>{@code sf org display --target-org ALIAS --json}: {@code result.instanceUrl}, and on CLIs released before
 *       May 2026 {@code result.accessToken}. Command reference:
 *       https://developer.salesforce.com/docs/atlas.en-us.sfdx_cli_reference.meta/sfdx_cli_reference/cli_reference_org_commands_unified.htm
 *   <li>Current CLIs print the token there as {@code "[REDACTED] Use 'sf org auth show-access-token' to view"}
 *       (salesforcecli/plugin-org, src/commands/org/display.ts and messages/secrets-redacted.md; the
 *       {@code SF_TEMP_SHOW_SECRETS} escape hatch ended on 28 October 2026), so the token then comes from
 *       {@code sf org auth show-access-token --target-org ALIAS --json}, whose {@code result.accessToken} holds it
 *       (src/commands/org/auth/show-access-token.ts; {@code --json} skips its confirmation prompt).
 * </ol>
 *
 * <p>Failures (no {@code sf} on the PATH, the org not authorised, output that is not JSON, a hang) are
 * {@link ExternalSystemException}s of kind AUTHENTICATION whose one-line message names the command to run. The
 * token is never logged nor put in a message; neither is the CLI's raw output, which may hold it.
 */
public final class SfCliAuth implements SalesforceAuth {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DETAIL = 200;

  private final String targetOrg;
  private final Optional<Path> executable;
  private final Optional<String> searchPath;
  private final Duration timeout;
  private final Map<String, String> extraEnv;
  private SalesforceSession current;

  private SfCliAuth(Builder b) {
    this.targetOrg = b.targetOrg;
    this.executable = Optional.ofNullable(b.executable);
    this.searchPath = Optional.ofNullable(b.searchPath);
    this.timeout = b.timeout;
    this.extraEnv = Map.copyOf(b.extraEnv);
  }

  /** @param targetOrg the alias or username known to {@code sf}, e.g. {@code LITIFY_ORG} */
  public static Builder builder(String targetOrg) {
    return new Builder(targetOrg);
  }

  public String targetOrg() {
    return targetOrg;
  }

  @Override
  public synchronized SalesforceSession session() {
    if (current == null) {
      current = acquire();
    }
    return current;
  }

  @Override
  public synchronized SalesforceSession renew(SalesforceSession rejected) {
    if (current != null && current != rejected && !current.accessToken().equals(rejected.accessToken())) {
      return current; // another adapter already renewed it
    }
    SalesforceSession fresh = acquire();
    current = fresh;
    return fresh;
  }

  @Override
  public String loginHint() {
    return "run `sf org login web --alias " + targetOrg + "` (add --instance-url https://test.salesforce.com for a sandbox)";
  }

  @Override
  public String toString() {
    return "SfCliAuth[targetOrg=" + targetOrg + "]";
  }

  // ---- running the CLI --------------------------------------------------------------------------------

  private SalesforceSession acquire() {
    Path sf = locate();
    JsonNode display = run(sf, List.of("org", "display", "--target-org", targetOrg, "--json"));
    String instanceUrl = display.path("instanceUrl").asText("");
    String connected = clean(display.path("connectedStatus").asText(""));
    String status = connected.isEmpty() ? "" : " (connectedStatus: " + connected + ")";
    if (instanceUrl.isBlank()) {
      throw fail("`" + display(List.of("org", "display")) + "` returned no instanceUrl" + status + ": " + loginHint(),
          null);
    }
    String token = display.path("accessToken").asText("");
    if (!usableToken(token)) {
      // a CLI from May 2026 on redacts the token in org display; older ones lack this command but print the token
      List<String> show = List.of("org", "auth", "show-access-token", "--target-org", targetOrg, "--json");
      token = run(sf, show).path("accessToken").asText("");
      if (!usableToken(token)) {
        throw fail("`" + display(List.of("org", "auth", "show-access-token")) + "` returned no accessToken" + status
            + ": " + loginHint(), null);
      }
    }
    return new SalesforceSession(instanceUrl, token);
  }

  /** A session id: no blanks (the CLI's "[REDACTED] Use ..." placeholder has them), not a bracketed notice. */
  static boolean usableToken(String token) {
    return token != null && !token.isBlank() && !token.startsWith("[")
        && token.chars().noneMatch(Character::isWhitespace);
  }

  /** Runs one {@code sf ... --json} command and returns its {@code result} object, or throws naming the command. */
  private JsonNode run(Path sf, List<String> args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(sf.toString());
    command.addAll(args);
    String shown = display(args.subList(0, args.indexOf("--target-org")));
    ProcessBuilder pb = new ProcessBuilder(command);
    searchPath.ifPresent(p -> pb.environment().put("PATH", p));
    // keep the CLI from prompting for or installing updates, and put JSON errors on stdout
    pb.environment().put("SF_JSON_TO_STDOUT", "true");
    pb.environment().put("SF_DISABLE_AUTOUPDATE", "true");
    pb.environment().put("SF_AUTOUPDATE_DISABLE", "true");
    pb.environment().put("NO_COLOR", "1");
    pb.environment().putAll(extraEnv);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw fail("could not start " + sf + " (" + e.getClass().getSimpleName() + "): install the Salesforce CLI, or set "
          + ENV_ACCESS_TOKEN + " and " + ENV_INSTANCE_URL, null);
    }
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    String stdout;
    String stderr;
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw fail("`" + shown + "` did not finish within " + timeout.toSeconds() + "s: run it by hand to see why, then "
            + loginHint(), null);
      }
      stdout = new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      stderr = new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw fail("interrupted while waiting for `" + shown + "`", null);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw fail("could not read the output of `" + shown + "`: run it by hand to see why", null);
    }
    return parse(shown, stdout.isBlank() ? stderr : stdout, stderr, process.exitValue(), args.get(1).equals("auth"));
  }

  private JsonNode parse(String shown, String output, String stderr, int exitCode, boolean showAccessToken) {
    JsonNode root = readJson(output);
    if (root == null && !stderr.isBlank()) {
      root = readJson(stderr);
    }
    if (root == null || !root.isObject()) {
      throw fail("`" + shown + "` printed something that is not JSON (exit code " + exitCode
          + "): run it by hand to see why, update the CLI with `sf update`, then " + loginHint(), null);
    }
    int status = root.path("status").asInt(exitCode);
    JsonNode result = root.path("result");
    if (status != 0 || !result.isObject()) {
      String name = clean(root.path("name").asText(""));
      String message = clean(root.path("message").asText(""));
      String why = (name.isEmpty() ? "" : name + ": ") + (message.isEmpty() ? "status " + status : message);
      if (showAccessToken) {
        throw fail("`" + shown + "` failed (" + why + "): update the Salesforce CLI with `sf update` if it does not"
            + " know this command, else " + loginHint(), null);
      }
      throw fail("org '" + targetOrg + "' is not usable in the sf CLI (" + why + "): " + loginHint(), null);
    }
    return result;
  }

  private static JsonNode readJson(String text) {
    if (text == null) {
      return null;
    }
    int start = text.indexOf('{');
    if (start < 0) {
      return null;
    }
    try {
      return JSON.readTree(text.substring(start));
    } catch (IOException e) {
      return null;
    }
  }

  /** A one-line, length-capped rendering of a CLI message; anything resembling a session id is masked. */
  private static String clean(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    one = one.replaceAll("00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+", "(hidden)");
    return one.length() > MAX_DETAIL ? one.substring(0, MAX_DETAIL) + "..." : one;
  }

  private Path locate() {
    if (executable.isPresent()) {
      Path p = executable.get();
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
      throw fail("Salesforce CLI not found at " + p + ": install it (https://developer.salesforce.com/tools/salesforcecli)"
          + " or set " + ENV_ACCESS_TOKEN + " and " + ENV_INSTANCE_URL, null);
    }
    String path = searchPath.orElse(System.getenv("PATH"));
    List<String> names = isWindows() ? List.of("sf.cmd", "sf.exe", "sf.bat", "sf") : List.of("sf");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isBlank()) {
          continue;
        }
        for (String name : names) {
          Path candidate = Path.of(dir, name);
          if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
            return candidate;
          }
        }
      }
    }
    throw fail("the Salesforce CLI `sf` is not on the PATH: install it (https://developer.salesforce.com/tools/salesforcecli)"
        + " and " + loginHint() + ", or set " + ENV_ACCESS_TOKEN + " and " + ENV_INSTANCE_URL, null);
  }

  /** E.g. {@code sf org display --target-org LITIFY_ORG --json}, for messages. */
  private String display(List<String> subcommand) {
    return "sf " + String.join(" ", subcommand) + " --target-org " + targetOrg + " --json";
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
  }

  private static ExternalSystemException fail(String message, Throwable cause) {
    return new ExternalSystemException(ApiCalls.SALESFORCE, Kind.AUTHENTICATION, "Salesforce: " + message, cause);
  }

  public static final class Builder {
    private final String targetOrg;
    private Path executable;
    private String searchPath;
    private Duration timeout = Duration.ofSeconds(60);
    private final Map<String, String> extraEnv = new LinkedHashMap<>();

    private Builder(String targetOrg) {
      Objects.requireNonNull(targetOrg, "targetOrg");
      String t = targetOrg.strip();
      // an alias or a username; never an option, never shell syntax (the command is not run through a shell anyway)
      if (!t.matches("[A-Za-z0-9_.@+\\-]{1,255}") || t.startsWith("-")) {
        throw new IllegalArgumentException("invalid sf target org '" + targetOrg + "' (an alias or username expected)");
      }
      this.targetOrg = t;
    }

    /** Runs this file instead of looking {@code sf} up on the PATH. */
    public Builder executable(Path sf) {
      this.executable = sf;
      return this;
    }

    /** The PATH to search for {@code sf} and to give the CLI (default: this process's PATH). */
    public Builder searchPath(String path) {
      this.searchPath = path;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Extra environment variables for the CLI process (e.g. {@code SF_USE_GENERIC_UNIX_KEYCHAIN}). */
    public Builder environment(String name, String value) {
      this.extraEnv.put(name, value);
      return this;
    }

    public SfCliAuth build() {
      return new SfCliAuth(this);
    }
  }
}

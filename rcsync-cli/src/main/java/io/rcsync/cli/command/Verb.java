package io.rcsync.cli.command;

import io.rcsync.cli.wiring.CliEnvironment;

import io.rcsync.cli.store.FileManifestStore;
import io.rcsync.cli.output.ReportWriter;
import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.core.support.Redactor;
import io.rcsync.cli.store.RunLock;
import io.rcsync.cli.wiring.SalesforcePorts;
import io.rcsync.core.RcSync;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.service.sync.SyncTargets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every verb shares: the environment, its output streams, the config, the reports directory. */
abstract class Verb implements Callable<Integer> {
  static final String DEFAULT_REPORT_DIR = "reports";

  @Spec
  CommandSpec spec;

  /** Options of every verb that reads the config. */
  static final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = SyncConfig.DEFAULT_PATH,
        description = "Config file (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = DEFAULT_REPORT_DIR,
        description = "Where report files go (default: ${DEFAULT-VALUE}).")
    String reportDir;
  }

  /** Options of verbs that talk to Salesforce. */
  static final class OrgOptions {
    @Option(names = "--target-org", paramLabel = "ALIAS",
        description = "sf CLI org alias or username (default: config salesforce.targetOrg). "
            + "SF_ACCESS_TOKEN + SF_INSTANCE_URL in the environment take precedence.")
    String targetOrg;
  }

  CliEnvironment env() {
    return ((RcsyncCommand) spec.root().userObject()).env();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  List<String> secrets() {
    return env().secrets();
  }

  ConfigFile loadConfig(ConfigOptions options) {
    return readConfig(options.config);
  }

  /**
   * Prints the config's warnings, once the command line is known to be valid (usage errors stay one line). Staff
   * without an extension are left out: every run report lists them as skipped. Staff without an sfUserId are left
   * out too: {@code doctor} lists them with their fix, and a run that writes Notes warns with
   * {@link #configWarnings(SyncConfig, String)} about those of its own wave only.
   */
  void configWarnings(SyncConfig config) {
    configWarnings(config, null);
  }

  /**
   * As {@link #configWarnings(SyncConfig)}, for a run that writes the Notes of {@code runWave}: its staff without an
   * sfUserId are warned about (their texts will fail), other waves' are not (fresh14 #14).
   */
  void configWarnings(SyncConfig config, String runWave) {
    for (String w : config.warnings()) {
      if (w.contains("no RingCentral extension")) {
        continue;
      }
      if (w.contains("): no sfUserId") && (runWave == null || !w.contains(" (" + runWave + "): no sfUserId"))) {
        continue;
      }
      err().println("config: " + w);
    }
    err().flush();
  }

  /** Reads the config, naming it in messages as the operator typed it (relative to the working directory). */
  ConfigFile readConfig(String path) {
    Path file = env().resolve(path);
    return ConfigLoader.read(file, env().display(file));
  }

  ReportWriter reports(ConfigOptions options) {
    return new ReportWriter(env().resolve(options.reportDir), env()::display, secrets());
  }

  FileManifestStore manifests(ConfigOptions options) {
    return new FileManifestStore(env().resolve(options.reportDir), env().clock(), env()::display, env()::resolve);
  }

  /** A usage error (exit 2) that names the offending value. */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** The wave named on the command line, else the config's activeWave; an unknown name is a usage error. */
  Wave wave(SyncConfig config, String name) {
    String w = name == null ? config.activeWave() : name;
    Wave wave = config.roster().waves().get(w);
    if (wave == null) {
      throw usage("unknown wave '" + w + "'; waves in " + config.source() + ": "
          + String.join(", ", config.roster().waveNames()));
    }
    return wave;
  }

  /**
   * The roster member of the wave for an {@code --ext} value: the RingCentral extension id, or the dialable extension
   * number; anything else is a usage error listing the wave's extensions (core's {@link SyncTargets#member}).
   */
  StaffMember member(SyncConfig config, Wave wave, String ext) {
    try {
      return SyncTargets.member(config.roster(), wave, ext);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /**
   * The RingCentral id of a roster member the config knows only by extension number, from the account's directory;
   * a number the account does not have is a usage error (core's {@link SyncTargets#extensionIdByNumber}).
   */
  ExtensionId extensionIdByNumber(ExtensionDirectory directory, StaffMember m) {
    try {
      return SyncTargets.extensionIdByNumber(directory, m);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** A window start after now selects nothing: a usage error naming the value (usually a mistyped year). */
  void notInTheFuture(String option, Instant value) {
    Instant now = env().clock().instant();
    if (value != null && !value.isBefore(now)) {
      throw usage(option + " " + value + " is in the future (now " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          + "): no text can be in that window yet");
    }
  }

  /** Takes the run lock next to the state file (see {@link RunLock}); warnings go to stderr. */
  RunLock lock(Path stateFile, SyncConfig config, String command) {
    Path file = stateFile.resolveSibling("sync.lock");
    return RunLock.acquire(file, env().display(file), command, RunLock.staleAfter(config.hotWindow().interval()),
        env().clock(), w -> {
          err().println("warning: " + w);
          err().flush();
        });
  }

  ExternalFailures failures() {
    return new ExternalFailures();
  }

  /** The two systems' ports for one run, counting calls on {@code calls} and remembering failures in {@code seen}. */
  record Connections(RingCentralPorts rc, SalesforcePorts sf) {
    /**
     * Core wired to these ports, this verb's clock and call counter; verbs add what only they need. MMS media
     * (issue 12) is copied when both sides have their part (RingCentral's content, Salesforce Files).
     */
    RcSync.Builder rcsync(SyncConfig config, CliEnvironment env, ApiCalls calls) {
      RcSync.Builder b = RcSync.builder();
      rc.attachments().ifPresent(b::attachmentSource);
      sf.files().ifPresent(b::fileStore);
      return b
          .config(config)
          .messageSource(rc.messages())
          .extensionDirectory(rc.extensions())
          .caseDirectory(sf.cases())
          .noteSink(sf.sink())
          .noteStore(sf.store())
          .clock(env.clock())
          .apiCalls(calls);
    }
  }

  RingCentralPorts ringCentral(ConfigFile config, ApiCalls calls, ExternalFailures seen) {
    // the adapter logs its own warnings (credentials file permissions); doctor lists them
    return seen.watch(env().adapters().ringCentral(config, env(), calls));
  }

  /**
   * RingCentral's ports when its credentials can be read, else empty with one line on stderr naming why: rollback and
   * restore (issue 12) use RingCentral only for MMS files and still handle Notes without it.
   */
  Optional<RingCentralPorts> optionalRingCentral(ConfigFile config, ApiCalls calls, ExternalFailures seen) {
    try {
      return Optional.of(ringCentral(config, calls, seen));
    } catch (io.rcsync.ringcentral.RingCentralCredentialsException | io.rcsync.core.config.ConfigException e) {
      err().println("RingCentral not available (" + Redactor.mask(String.valueOf(e.getMessage()), secrets()) + "): MMS files cannot be recorded for or"
          + " downloaded by restore; they are reported per file");
      err().flush();
      return Optional.empty();
    }
  }

  SalesforcePorts salesforce(ConfigFile config, OrgOptions org, ApiCalls calls, ExternalFailures seen) {
    Optional<String> target = Optional.ofNullable(org.targetOrg).or(() -> config.salesforce().targetOrg());
    return seen.watch(env().adapters().salesforce(config, target, env(), calls));
  }

  /**
   * Checks the credentials before anything is read, so a bad JWT or client secret stops the run in about a second
   * with one line and exit 3 instead of after the Salesforce lookups. RingCentral: obtains the access token now (one
   * token call the run would make anyway; the fetches reuse the token). Throws the adapters'
   * {@link io.rcsync.core.port.out.ExternalSystemException} (recorded in the connections' {@link ExternalFailures}).
   */
  void preflight(Connections c) {
    c.rc().checkLogin();
    // the Salesforce session was checked first, in connect()
  }

  /**
   * Both systems' ports; building them reads only local credentials (a missing file stays a config error, exit 2).
   * Then the Salesforce login is {@linkplain #checkSalesforceFirst checked} before anything is read from either.
   */
  Connections connect(ConfigFile config, OrgOptions org, ApiCalls calls, ExternalFailures seen) {
    RingCentralPorts rc = ringCentral(config, calls, seen);
    SalesforcePorts sf = salesforce(config, org, calls, seen);
    checkSalesforceFirst(sf, config, org);
    return new Connections(rc, sf);
  }

  /**
   * Proves the Salesforce credentials before anything is read from either system (issue 10 item 9): acquires the
   * session ({@code sf org display} for the alias, or {@code SF_ACCESS_TOKEN} + {@code SF_INSTANCE_URL}) and, with
   * the live adapters, sends one {@code GET /services/data/vXX.X} (one Salesforce API call, counted in the report),
   * so a missing or logged-out org stops the verb in about a second, before RingCentral is touched.
   *
   * @throws ExternalSystemException AUTHENTICATION (exit 3) with one line naming the org alias and the fix
   *     {@code sf org login web --alias ALIAS}; CONNECTION (exit 3) when the org cannot be reached
   */
  void checkSalesforceFirst(SalesforcePorts sf, ConfigFile config, OrgOptions org) {
    checkSalesforceFirst(sf::checkLogin, config, org);
  }

  /** As {@link #checkSalesforceFirst(SalesforcePorts, ConfigFile, OrgOptions)}, for any Salesforce login check. */
  void checkSalesforceFirst(java.util.function.Supplier<String> checkLogin, ConfigFile config, OrgOptions org) {
    try {
      checkLogin.get();
    } catch (ExternalSystemException e) {
      if (e.kind() != ExternalSystemException.Kind.AUTHENTICATION) {
        throw e;
      }
      String cause = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
      String token = env().env().get("SF_ACCESS_TOKEN");
      if (token != null && !token.isBlank()) {
        // the environment's session, not an sf alias: name what the operator set and how to fix it
        throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.AUTHENTICATION,
            "Salesforce refused SF_ACCESS_TOKEN for SF_INSTANCE_URL, nothing was read: " + cause
                + "; fix: set a fresh SF_ACCESS_TOKEN, or unset both to use the sf CLI's org login");
      }
      String alias = Optional.ofNullable(org.targetOrg).or(() -> config.salesforce().targetOrg()).orElse("ALIAS");
      String fix = "sf org login web --alias " + alias;
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.AUTHENTICATION,
          "Salesforce org '" + alias + "' is not logged in or its session was refused, nothing was read: " + cause
              + (cause.contains(fix) ? "" : "; fix: run `" + fix + "`"));
    }
  }
}

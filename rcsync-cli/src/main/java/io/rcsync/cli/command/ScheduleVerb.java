package io.rcsync.cli.command;

import io.rcsync.cli.store.FileSyncStateStore;
import io.rcsync.cli.schedule.Schedules;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.SyncConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    header = "Print or install the job for sync --incremental, or the service form of serve.",
    sortOptions = false,
    description = {
        "Prints (or with --install, writes) a launchd agent or a crontab line that runs 'rcsync sync --incremental' "
            + "at the config's hot-tier interval (pollWindows.hot.intervalMinutes) from this directory. Each run logs "
            + "to logs/ and is guarded by the run lock (.rcsync/sync.lock). The job gets this shell's PATH, so 'sf' is "
            + "found, but none of its credential variables: put them in the credentials file and the sf CLI login.",
        "",
        "With --serve it prints the service form of 'rcsync serve' instead: a launchd agent with KeepAlive, or a "
            + "systemd unit with Restart=always, alone on stdout (redirect it into the file); how to install it goes "
            + "to stderr.",
        "",
        "Examples:",
        "  rcsync schedule",
        "  rcsync schedule --format cron --install",
        "  rcsync schedule --serve --listen 127.0.0.1:8080 --public-url https://rcsync.example.com",
        "  rcsync schedule --serve --format systemd --listen 127.0.0.1:8080 --public-url https://rcsync.example.com "
            + "> ~/.config/systemd/user/rcsync-serve.service"})
final class ScheduleVerb extends Verb {
  /** The printed form: launchd and cron for the scheduled sync; launchd and systemd for the service form. */
  enum Format { launchd, cron, systemd }

  /** The variables that carry credentials or their server in this shell; a scheduled job or service never sees them. */
  static final List<String> CREDENTIAL_VARIABLES = List.of("SF_ACCESS_TOKEN", "SF_INSTANCE_URL", "RC_CLIENT_ID",
      "RC_CLIENT_SECRET", "RC_JWT", "RC_SERVER_URL");

  @Option(names = "--format", paramLabel = "FORMAT", description = "launchd or cron (default: launchd on macOS, cron "
      + "elsewhere); with --serve, launchd or systemd (default: launchd on macOS, systemd elsewhere).")
  Format format;

  @Option(names = "--install", description = "launchd: write ~/Library/LaunchAgents/<label>.plist. cron: add the line "
      + "to your crontab, replacing an earlier rcsync line for this directory. Not with --serve.")
  boolean install;

  @Option(names = "--label", defaultValue = "io.rcsync.sync", description = "launchd label (default: ${DEFAULT-VALUE}; "
      + "io.rcsync.serve with --serve).")
  String label;

  @Option(names = "--log-dir", defaultValue = "logs", paramLabel = "DIR", description = "Where the runs' output goes (default: ${DEFAULT-VALUE}).")
  String logDir;

  @Option(names = "--state-file", paramLabel = "FILE", defaultValue = FileSyncStateStore.DEFAULT_PATH, hidden = true)
  String stateFile;

  @Option(names = "--serve", description = "Print the service form of 'rcsync serve' instead (needs --listen and "
      + "--public-url).")
  boolean serve;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "With --serve: serve's --listen.")
  String listen;

  @Option(names = "--public-url", paramLabel = "URL", description = "With --serve: serve's --public-url.")
  String publicUrl;

  @Option(names = "--wave", paramLabel = "NAME", description = "With --serve: serve's --wave (default: activeWave).")
  String wave;

  @Mixin
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  @Override
  public Integer call() throws IOException {
    Instant started = env().clock().instant();
    boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
    if (serve) {
      return serviceForm(started, mac);
    }
    if (listen != null || publicUrl != null || wave != null) {
      throw usage("--listen, --public-url and --wave belong with --serve (the service form of 'rcsync serve')");
    }
    if (format == Format.systemd) {
      throw usage("--format systemd is the service form of 'rcsync serve': add --serve (the scheduled sync is "
          + "printed as launchd or cron)");
    }
    ConfigFile file = loadConfig(cfg);
    SyncConfig config = file.sync();
    Format f = format != null ? format : mac ? Format.launchd : Format.cron;
    List<String> syncOptions = new ArrayList<>();
    if (!cfg.reportDir.equals(DEFAULT_REPORT_DIR)) {
      syncOptions.addAll(List.of("--report-dir", env().resolve(cfg.reportDir).toString()));
    }
    if (!stateFile.equals(FileSyncStateStore.DEFAULT_PATH)) {
      syncOptions.addAll(List.of("--state-file", env().resolve(stateFile).toString()));
    }
    Schedules.Job job = new Schedules.Job(env().workDir(), Schedules.launcher(Schedules.SHORT_RUN_JVM_OPTIONS), config.hotWindow().interval(),
        env().resolve(cfg.config), env().resolve(logDir), org.targetOrg, env().env().getOrDefault("PATH", "/usr/bin:/bin"),
        label, syncOptions);
    // the job's output goes to a file in the log directory: neither cron nor launchd creates a missing directory,
    // and cron then never runs the command at all (the shell cannot open the redirect)
    Files.createDirectories(env().resolve(logDir));
    String text = f == Format.launchd ? Schedules.launchdPlist(job) : Schedules.crontabLine(job);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("format", f.name());
    body.put("intervalMinutes", config.hotWindow().interval().toMinutes());
    body.put("installed", install);
    if (!install) {
      out().println(text);
      out().println(f == Format.launchd
          ? "# save as ~/Library/LaunchAgents/" + label + ".plist and load it: launchctl load -w ~/Library/LaunchAgents/" + label + ".plist"
              + "  (or run: rcsync schedule --install)"
          : "# add it with 'crontab -e', or run: rcsync schedule --format cron --install");
    } else if (f == Format.launchd) {
      Path home = Path.of(env().env().getOrDefault("HOME", System.getProperty("user.home")));
      Path plist = home.resolve("Library/LaunchAgents").resolve(label + ".plist");
      Files.createDirectories(plist.getParent());
      Files.writeString(plist, text);
      body.put("file", plist.toString());
      out().println("Wrote " + plist);
      out().println("Load it now with: launchctl load -w " + plist);
    } else {
      String current = Schedules.currentCrontab();
      String updated = Schedules.withLine(current, text, env().workDir());
      Schedules.installCrontab(updated);
      out().println("Installed in your crontab:");
      out().println(text);
    }
    out().println("Runs 'sync --incremental' every " + config.hotWindow().interval().toMinutes()
        + " min; overlapping runs are refused by the lock " + env().display(env().resolve(stateFile).resolveSibling("sync.lock"))
        + "; check 'rcsync doctor' first.");
    out().flush();
    credentialWarning(file, org.targetOrg, "the scheduled job", null);
    reports(cfg).generic("schedule", started, env().clock().instant(), ExitCodes.OK, body);
    return ExitCodes.OK;
  }

  /**
   * Prints the one service form that keeps {@code rcsync serve} running, alone on stdout so that a redirect makes the
   * file; how to install it (and any credentials warning) goes to stderr. Installs nothing. {@code --listen} and
   * {@code --public-url} are checked exactly as {@code serve} checks them ({@link ServeAddresses}).
   */
  private Integer serviceForm(Instant started, boolean mac) throws IOException {
    if (listen == null || publicUrl == null) {
      throw usage("--serve needs --listen HOST:PORT and --public-url URL, as 'rcsync serve' takes them");
    }
    ServeAddresses.listen(listen, this::usage);
    ServeAddresses.webhookAddress(publicUrl, this::usage);
    if (format == Format.cron) {
      throw usage("--format cron cannot keep 'rcsync serve' running: with --serve use --format launchd or --format "
          + "systemd");
    }
    if (install) {
      throw usage("--serve does not install: redirect the printed form into the file the instructions on stderr "
          + "name, e.g. rcsync schedule --serve --format systemd ... > ~/.config/systemd/user/rcsync-serve.service");
    }
    Format f = format != null ? format : mac ? Format.launchd : Format.systemd;
    ConfigFile file = loadConfig(cfg);
    if (wave != null) {
      wave(file.sync(), wave);
    }
    List<String> options = new ArrayList<>();
    if (!cfg.reportDir.equals(DEFAULT_REPORT_DIR)) {
      options.addAll(List.of("--report-dir", env().resolve(cfg.reportDir).toString()));
    }
    if (!stateFile.equals(FileSyncStateStore.DEFAULT_PATH)) {
      options.addAll(List.of("--state-file", env().resolve(stateFile).toString()));
    }
    String serviceLabel = label.equals("io.rcsync.sync") ? "io.rcsync.serve" : label;
    Schedules.Service service = new Schedules.Service(env().workDir(), Schedules.launcher(Schedules.SERVICE_JVM_OPTIONS), env().resolve(cfg.config),
        env().resolve(logDir), org.targetOrg, env().env().getOrDefault("PATH", "/usr/bin:/bin"), serviceLabel, listen,
        publicUrl, wave, options);
    Files.createDirectories(env().resolve(logDir));
    out().print(f == Format.launchd ? Schedules.launchdServicePlist(service) : Schedules.systemdUnit(service));
    out().flush();
    if (f == Format.launchd) {
      err().println("# save the agent above as ~/Library/LaunchAgents/" + serviceLabel + ".plist (redirect this "
          + "command's output there), then: launchctl load -w ~/Library/LaunchAgents/" + serviceLabel + ".plist");
    } else {
      err().println("# save the unit above as ~/.config/systemd/user/rcsync-serve.service (redirect this command's "
          + "output there), then: systemctl --user daemon-reload && systemctl --user enable --now rcsync-serve  "
          + "(loginctl enable-linger $USER keeps it up after logout)");
    }
    err().println("# it keeps 'rcsync serve' running; serve holds the run lock, so do not also schedule 'sync "
        + "--incremental' (serve runs its own safety-net sync every pollWindows.hot interval). Check 'rcsync doctor' "
        + "first.");
    credentialWarning(file, org.targetOrg, "the service", f == Format.systemd ? service : null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("format", f.name());
    body.put("service", true);
    body.put("listen", listen);
    body.put("publicUrl", publicUrl);
    reports(cfg).generic("schedule", started, env().clock().instant(), ExitCodes.OK, body);
    return ExitCodes.OK;
  }

  /**
   * Warns (stderr) when this shell sets credential variables the scheduled job or service will not see, and says where
   * they belong instead: the RingCentral credentials file, the sf CLI login, and for a systemd unit an
   * {@code EnvironmentFile=} line the operator may add. Names the variables only, never their values.
   *
   * @param systemd the service when its systemd unit was printed, else null
   */
  private void credentialWarning(ConfigFile file, String targetOrg, String what, Schedules.Service systemd) {
    List<String> set = CREDENTIAL_VARIABLES.stream()
        .filter(v -> !env().env().getOrDefault(v, "").isBlank()).toList();
    if (set.isEmpty()) {
      return;
    }
    err().println("warning: this shell sets " + String.join(", ", set) + "; " + what + " will not see "
        + (set.size() == 1 ? "it" : "them") + " (launchd, cron and systemd start it without this shell's "
        + "environment) and nothing printed here carries their values.");
    if (set.stream().anyMatch(v -> v.startsWith("RC_"))) {
      err().println("  RingCentral: put clientId, clientSecret, jwt (and server) in "
          + env().display(env().resolve(file.ringCentral().credentialsFile())) + " (chmod 600), which it reads.");
    }
    if (set.stream().anyMatch(v -> v.startsWith("SF_"))) {
      String alias = Optional.ofNullable(targetOrg).or(() -> file.salesforce().targetOrg()).orElse("LITIFY_ORG");
      err().println("  Salesforce: log in once with 'sf org login web --alias " + alias + "'; it uses that sf CLI "
          + "session (an SF_ACCESS_TOKEN expires anyway).");
    }
    if (systemd != null) {
      err().println("  Or keep the variables in a file only you can read (NAME=value lines, chmod 600) and add this "
          + "line under [Service]: " + Schedules.environmentFileLine(
              env().workDir().resolve(".credentials").resolve("rcsync-serve.env")));
    }
    err().flush();
  }
}

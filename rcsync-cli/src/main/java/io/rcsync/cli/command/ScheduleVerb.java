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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    header = "Print or install a launchd/cron job for sync --incremental.",
    sortOptions = false,
    description = {
        "Print (or with --install, write) a launchd agent or a crontab line that runs 'rcsync sync --incremental' at the",
        "config's hot-tier interval (pollWindows.hot.intervalMinutes) from this directory, logging to logs/ and",
        "guarded by the run lock (.rcsync/sync.lock), with this shell's PATH so 'sf' is found.",
        "",
        "  rcsync schedule                    (print for this OS: launchd on macOS, cron elsewhere)",
        "  rcsync schedule --format cron --install",
        "  rcsync schedule --serve --listen 127.0.0.1:8080 --public-url https://rcsync.example.com",
        "                                     (the webhook service instead: a launchd KeepAlive agent and a systemd unit)"})
final class ScheduleVerb extends Verb {
  enum Format { launchd, cron }

  @Option(names = "--format", paramLabel = "launchd|cron", description = "Default: launchd on macOS, cron elsewhere.")
  Format format;

  @Option(names = "--install", description = "launchd: write ~/Library/LaunchAgents/<label>.plist; cron: add the line to "
      + "your crontab (replacing an earlier rcsync line for this directory).")
  boolean install;

  @Option(names = "--label", defaultValue = "io.rcsync.sync", description = "launchd label (default: ${DEFAULT-VALUE}).")
  String label;

  @Option(names = "--log-dir", defaultValue = "logs", paramLabel = "DIR", description = "Where the runs' output goes (default: ${DEFAULT-VALUE}).")
  String logDir;

  @Option(names = "--state-file", paramLabel = "FILE", defaultValue = FileSyncStateStore.DEFAULT_PATH, hidden = true)
  String stateFile;

  @Option(names = "--serve", description = "Print the service form of 'rcsync serve' instead: a launchd agent with "
      + "KeepAlive and a systemd unit with Restart=always (needs --listen and --public-url).")
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
    if (serve) {
      return serviceForms(started);
    }
    if (listen != null || publicUrl != null || wave != null) {
      throw usage("--listen, --public-url and --wave belong with --serve (the service form of 'rcsync serve')");
    }
    ConfigFile file = loadConfig(cfg);
    SyncConfig config = file.sync();
    Format f = format != null ? format
        : System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac") ? Format.launchd : Format.cron;
    List<String> syncOptions = new ArrayList<>();
    if (!cfg.reportDir.equals(DEFAULT_REPORT_DIR)) {
      syncOptions.addAll(List.of("--report-dir", env().resolve(cfg.reportDir).toString()));
    }
    if (!stateFile.equals(FileSyncStateStore.DEFAULT_PATH)) {
      syncOptions.addAll(List.of("--state-file", env().resolve(stateFile).toString()));
    }
    Schedules.Job job = new Schedules.Job(env().workDir(), Schedules.launcher(), config.hotWindow().interval(),
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
    reports(cfg).generic("schedule", started, env().clock().instant(), ExitCodes.OK, body);
    out().flush();
    return ExitCodes.OK;
  }

  /** Prints the launchd agent and the systemd unit that keep {@code rcsync serve} running; installs nothing. */
  private Integer serviceForms(Instant started) throws IOException {
    if (listen == null || publicUrl == null) {
      throw usage("--serve needs --listen HOST:PORT and --public-url URL, as 'rcsync serve' takes them");
    }
    if (install) {
      throw usage("--serve prints the service forms only; save the one for this OS as shown below its text");
    }
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
    Schedules.Service service = new Schedules.Service(env().workDir(), Schedules.launcher(), env().resolve(cfg.config),
        env().resolve(logDir), org.targetOrg, env().env().getOrDefault("PATH", "/usr/bin:/bin"), serviceLabel, listen,
        publicUrl, wave, options);
    Files.createDirectories(env().resolve(logDir));
    out().println("# macOS: save as ~/Library/LaunchAgents/" + serviceLabel + ".plist, then: launchctl load -w "
        + "~/Library/LaunchAgents/" + serviceLabel + ".plist");
    out().println(Schedules.launchdServicePlist(service));
    out().println("# Linux: save as ~/.config/systemd/user/rcsync-serve.service, then: systemctl --user daemon-reload && "
        + "systemctl --user enable --now rcsync-serve  (loginctl enable-linger $USER keeps it up after logout)");
    out().println(Schedules.systemdUnit(service));
    out().println("Keeps 'rcsync serve' running; it holds the run lock, so do not also schedule 'sync --incremental' "
        + "(serve runs its own safety-net sync every pollWindows.hot interval). Check 'rcsync doctor' first.");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("format", "service");
    body.put("listen", listen);
    body.put("publicUrl", publicUrl);
    reports(cfg).generic("schedule", started, env().clock().instant(), ExitCodes.OK, body);
    out().flush();
    return ExitCodes.OK;
  }
}

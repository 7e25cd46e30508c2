package io.rcsync.cli.schedule;

import io.rcsync.cli.store.LocalFileException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders and installs the launchd agent or crontab line of {@code rcsync schedule}. */
public final class Schedules {
  private Schedules() {}

  /**
   * One scheduled incremental sync.
   *
   * @param launcher the command that runs rcsync, e.g. {@code [/usr/bin/java, -jar, /opt/rcsync/rcsync.jar]}
   * @param path the PATH the job gets, so {@code sf} is found (launchd and cron start with a minimal one); kept as
   *     {@link #distinctPath}
   * @param syncOptions further options for the scheduled sync (a non-default reports directory or state file), so the
   *     job reports and locks where the operator asked
   */
  public record Job(Path workDir, List<String> launcher, Duration interval, Path config, Path logDir, String targetOrg,
      String path, String label, List<String> syncOptions) {
    public Job {
      syncOptions = List.copyOf(syncOptions);
      path = distinctPath(path);
    }

    List<String> command() {
      List<String> c = new ArrayList<>(launcher);
      c.add("sync");
      c.add("--incremental");
      c.add("--config");
      c.add(config.toString());
      if (targetOrg != null) {
        c.add("--target-org");
        c.add(targetOrg);
      }
      c.addAll(syncOptions);
      return c;
    }
  }

  /**
   * {@code rcsync serve} as a service the OS keeps running (issue 11 item 5).
   *
   * @param launcher the command that runs rcsync (as for {@link Job})
   * @param path the PATH the service gets, so {@code sf} is found; kept as {@link #distinctPath}
   * @param serveOptions further options (a non-default reports directory or state file)
   */
  public record Service(Path workDir, List<String> launcher, Path config, Path logDir, String targetOrg, String path,
      String label, String listen, String publicUrl, String wave, List<String> serveOptions) {
    public Service {
      serveOptions = List.copyOf(serveOptions);
      path = distinctPath(path);
    }

    List<String> command() {
      List<String> c = new ArrayList<>(launcher);
      c.addAll(List.of("serve", "--listen", listen, "--public-url", publicUrl, "--config", config.toString()));
      if (wave != null) {
        c.addAll(List.of("--wave", wave));
      }
      if (targetOrg != null) {
        c.addAll(List.of("--target-org", targetOrg));
      }
      c.addAll(serveOptions);
      return c;
    }

    Path log() {
      return logDir.resolve("rcsync-serve.log");
    }
  }

  /**
   * A launchd agent that keeps {@code rcsync serve} running ({@code KeepAlive}, restarted after any exit, throttled to
   * one start per 10 s; launchd sends SIGTERM on unload and waits {@code ExitTimeOut} seconds, longer than serve's 10 s
   * stop). No secret is inlined: credentials come from the files and the sf CLI, as for the scheduled sync.
   */
  public static String launchdServicePlist(Service s) {
    return launchdAgent("rcsync serve (webhook service); see launchd.plist(5). KeepAlive restarts it whenever it exits.",
        s.label(), s.command(), s.workDir(), """
          <key>RunAtLoad</key>
          <true/>
          <key>KeepAlive</key>
          <true/>
          <key>ThrottleInterval</key>
          <integer>10</integer>
          <key>ExitTimeOut</key>
          <integer>20</integer>
        """, s.path(), s.log());
  }

  /**
   * One launchd agent (launchd.plist(5)): label, program arguments, working directory, the run keys ({@code run},
   * indented lines ending in a newline), PATH, and stdout/stderr both to {@code log}; every value XML-escaped.
   */
  private static String launchdAgent(String comment, String label, List<String> command, Path workDir, String run,
      String path, Path log) {
    StringBuilder args = new StringBuilder();
    for (String a : command) {
      args.append("    <string>").append(xml(a)).append("</string>\n");
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
        <!-- %s -->
        <plist version="1.0">
        <dict>
          <key>Label</key>
          <string>%s</string>
          <key>ProgramArguments</key>
          <array>
        %s  </array>
          <key>WorkingDirectory</key>
          <string>%s</string>
        %s  <key>EnvironmentVariables</key>
          <dict>
            <key>PATH</key>
            <string>%s</string>
          </dict>
          <key>StandardOutPath</key>
          <string>%s</string>
          <key>StandardErrorPath</key>
          <string>%s</string>
        </dict>
        </plist>
        """.formatted(comment, xml(label), args, xml(workDir.toString()), run, xml(path), xml(log.toString()),
        xml(log.toString()));
  }

  /**
   * A systemd unit for {@code rcsync serve} ({@code Restart=always}; SIGTERM on stop with {@code TimeoutStopSec}
   * longer than serve's 10 s drain; {@code SuccessExitStatus=143} because the JVM exits with 128 + SIGTERM after its
   * shutdown hooks, which systemd would otherwise record as a failed stop:
   * https://stegard.net/2016/08/gracefully-killing-a-java-process-managed-by-systemd/). Install it as a user unit ({@code ~/.config/systemd/user/rcsync-serve.service})
   * so it runs with the operator's {@code sf} login and files. Words of {@code ExecStart} and {@code Environment} are
   * quoted and {@code %}/{@code $} escaped as systemd.service(5) and systemd.syntax(7) require; path settings
   * ({@code WorkingDirectory}, {@code StandardOutput=append:}) take the path as it is, never quoted (systemd.exec(5):
   * "Takes an absolute directory path"), with {@code %} escaped; no secret is inlined.
   */
  public static String systemdUnit(Service s) {
    StringBuilder exec = new StringBuilder();
    for (String a : s.command()) {
      exec.append(exec.length() == 0 ? "" : " ").append(systemdWord(a));
    }
    return """
        # rcsync serve (webhook service); see systemd.service(5)
        [Unit]
        Description=rcsync serve: RingCentral texts into Litify Notes as they happen
        After=network-online.target
        Wants=network-online.target

        [Service]
        Type=simple
        WorkingDirectory=%s
        Environment=%s
        ExecStart=%s
        Restart=always
        RestartSec=10
        KillSignal=SIGTERM
        TimeoutStopSec=20
        SuccessExitStatus=143
        StandardOutput=append:%s
        StandardError=append:%s

        [Install]
        WantedBy=default.target
        """.formatted(systemdEscape(s.workDir().toString()), systemdWord("PATH=" + s.path()), exec,
        systemdEscape(s.log().toString()), systemdEscape(s.log().toString()));
  }

  /**
   * A PATH with each directory once, in first-seen order, and without empty entries (an empty entry means "the
   * current directory" to a shell, which a scheduled job must not depend on). Shells that source their profile twice
   * or tools that prepend themselves on every start leave duplicates a job would otherwise carry for ever.
   */
  public static String distinctPath(String path) {
    java.util.LinkedHashSet<String> dirs = new java.util.LinkedHashSet<>();
    for (String d : path.split(":")) {
      if (!d.isBlank()) {
        dirs.add(d);
      }
    }
    return String.join(":", dirs);
  }

  /**
   * The {@code EnvironmentFile=} line an operator may add under a unit's {@code [Service]} to give {@code serve}
   * variables this shell has (systemd.exec(5): an absolute file name of newline-separated {@code NAME=value}
   * assignments, read just before the process starts; a leading {@code -} would make a missing file no error, which
   * would hide a typo, so none is added). The path is taken as it is, with {@code %} escaped as for
   * {@code WorkingDirectory}.
   */
  public static String environmentFileLine(Path file) {
    return "EnvironmentFile=" + systemdEscape(file.toString());
  }

  /** One word of a unit file line: double-quoted when it needs it, with {@code %} and {@code $} doubled. */
  static String systemdWord(String w) {
    String e = systemdEscape(w);
    if (e.matches("[A-Za-z0-9_./:=@+,%$-]+")) {
      return e;
    }
    return "\"" + e.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String systemdEscape(String w) {
    return w.replace("%", "%%").replace("$", "$$");
  }

  /**
   * JVM options for a scheduled {@code sync --incremental} (a short run, every few minutes) on a small host: 2 cores,
   * a few GB, shared with other work. Measured in docs/benchmarks.md "Startup".
   * <ul>
   *   <li>{@code -XX:+UseSerialGC}: HotSpot picks G1 on any "server-class" machine (2 or more CPUs, 1792 MB or more),
   *       with its extra GC threads and footprint; Serial "can be useful on multiprocessors for applications with
   *       small data sets (up to approximately 100 MB)", which an incremental run is
   *       (https://docs.oracle.com/en/java/javase/17/gctuning/available-collectors.html,
   *       https://docs.oracle.com/en/java/javase/21/gctuning/ergonomics1.html).</li>
   *   <li>{@code -Xmx256m}: the default maximum heap is a quarter of RAM, so RSS would depend on the host; issue 13's
   *       streamed pipeline is benchmarked to finish a 1,000,000-text backfill in 256 MB.</li>
   *   <li>{@code -XX:TieredStopAtLevel=1}: C1 only; quicker start and warm-up for a run of seconds, at the cost of peak
   *       throughput a short run never reaches (a long backfill by hand is better run without it).</li>
   *   <li>{@code -Xshare:auto}: the JDK's default since 12 (the JDK's own class-data archive, ignored silently if
   *       unusable), spelled out so an inherited {@code JAVA_TOOL_OPTIONS=-Xshare:off} is visible as overridden.</li>
   * </ul>
   * No {@code -Xss}: the default 1 MB stack is reserved, not resident, and rcsync runs few threads. No AppCDS archive
   * ({@code -XX:SharedArchiveFile}): it would save about a third more of start-up, but is valid only for the exact JDK
   * build and jar path it was made with, so it belongs to an install step (issue 14), not a printed line.
   */
  public static final List<String> SHORT_RUN_JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

  /**
   * JVM options for {@code rcsync serve}, which runs for weeks: Serial GC and a 256 MB heap as for
   * {@link #SHORT_RUN_JVM_OPTIONS} (a webhook batch is a few texts; the safety-net sync an incremental window), but
   * not {@code -XX:TieredStopAtLevel=1}: a long-running process gains C2's compiled code and pays its start-up once.
   */
  public static final List<String> SERVICE_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto");

  /**
   * The system property the distribution's {@code bin/rcsync} launcher sets to the distribution's directory (symlinks
   * resolved), e.g. {@code -Drcsync.home=/opt/rcsync-0.1.0}.
   */
  public static final String HOME_PROPERTY = "rcsync.home";

  /**
   * How this process was started, for a job or service to start it again:
   * <ul>
   *   <li>from the distribution ({@link #HOME_PROPERTY} names a directory holding {@code bin/rcsync}):
   *       {@code /usr/bin/env JAVA_HOME=<this JVM's home> <home>/bin/rcsync}. The launcher chooses the JVM options
   *       itself, the same as {@code jvmOptions} ({@code serve} gets the long-run ones); JAVA_HOME pins the Java this
   *       runs on, as the jar form's absolute java path does, because cron, launchd and systemd start the job without
   *       this shell's JAVA_HOME;</li>
   *   <li>from the jar: {@code <java> <jvmOptions> -jar <this jar>};</li>
   *   <li>else {@code rcsync} (tests, an IDE; the options then cannot be passed and are dropped).</li>
   * </ul>
   *
   * @param jvmOptions {@link #SHORT_RUN_JVM_OPTIONS} or {@link #SERVICE_JVM_OPTIONS}
   */
  public static List<String> launcher(List<String> jvmOptions) {
    Path javaHome = Path.of(System.getProperty("java.home"));
    Path codeSource = null;
    try {
      codeSource = Path.of(Schedules.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      // no code source: not from a jar
    }
    String home = System.getProperty(HOME_PROPERTY);
    return launcher(javaHome, codeSource, home == null || home.isBlank() ? null : Path.of(home), jvmOptions);
  }

  /**
   * {@link #launcher(List)} for a given Java home, code source (a jar, a class directory, or null) and distribution
   * directory (null when not started by {@code bin/rcsync}; one without {@code bin/rcsync} is ignored).
   */
  static List<String> launcher(Path javaHome, Path codeSource, Path distributionHome, List<String> jvmOptions) {
    if (distributionHome != null) {
      Path script = distributionHome.resolve("bin").resolve("rcsync");
      if (Files.isRegularFile(script)) {
        return List.of("/usr/bin/env", "JAVA_HOME=" + javaHome, script.toString());
      }
    }
    return launcher(javaHome.resolve("bin").resolve("java"), codeSource, jvmOptions);
  }

  /** {@link #launcher(List)} for a given java binary and code source (a jar, a class directory, or null). */
  static List<String> launcher(Path java, Path codeSource, List<String> jvmOptions) {
    if (codeSource == null || !codeSource.toString().endsWith(".jar")) {
      return List.of("rcsync");
    }
    List<String> c = new ArrayList<>();
    c.add(java.toString());
    c.addAll(jvmOptions);
    c.add("-jar");
    c.add(codeSource.toString());
    return List.copyOf(c);
  }

  public static String launchdPlist(Job job) {
    return launchdAgent("rcsync incremental sync; see launchd.plist(5). Overlapping runs are refused by rcsync's run lock.",
        job.label(), job.command(), job.workDir(), """
          <key>StartInterval</key>
          <integer>%d</integer>
          <key>RunAtLoad</key>
          <true/>
        """.formatted(job.interval().toSeconds()), job.path(), job.logDir().resolve("rcsync-sync.log"));
  }

  /** A crontab line; the trailing comment lets {@code --install} find and replace it later. */
  public static String crontabLine(Job job) {
    long minutes = Math.max(1, job.interval().toMinutes());
    String when;
    if (minutes < 60 && 60 % minutes == 0) {
      when = minutes == 1 ? "* * * * *" : "*/" + minutes + " * * * *";
    } else if (minutes % 60 == 0 && minutes < 24 * 60 && 24 % (minutes / 60) == 0) {
      when = "0 */" + (minutes / 60) + " * * *";
    } else {
      // cron cannot express every interval: run at the closest divisor of an hour at or below it
      long m = minutes;
      while (m > 1 && 60 % m != 0) {
        m--;
      }
      when = m >= 60 ? "0 * * * *" : "*/" + m + " * * * *";
    }
    StringBuilder cmd = new StringBuilder();
    for (String a : job.command()) {
      cmd.append(cmd.length() == 0 ? "" : " ").append(shell(a));
    }
    Path log = job.logDir().resolve("rcsync-sync.log");
    String line = when + " cd " + shell(job.workDir().toString()) + " && PATH=" + shell(job.path()) + " " + cmd + " >> "
        + shell(log.toString()) + " 2>&1";
    // cron turns an unescaped % in the command into a newline (crontab(5)), cutting the command short
    return line.replace("%", "\\%") + " " + marker(job.workDir());
  }

  static String marker(Path workDir) {
    return "# rcsync-sync " + workDir;
  }

  /** The crontab with rcsync's line for this directory replaced (or added). */
  public static String withLine(String crontab, String line, Path workDir) {
    StringBuilder out = new StringBuilder();
    for (String l : crontab.split("\n", -1)) {
      if (!l.endsWith(marker(workDir)) && !(l.isEmpty() && out.length() == 0)) {
        out.append(l).append('\n');
      }
    }
    String s = out.toString().replaceAll("\n+$", "\n");
    if (s.equals("\n")) {
      s = "";
    }
    return s + line + "\n";
  }

  public static String currentCrontab() throws IOException {
    Process p = new ProcessBuilder("crontab", "-l").redirectErrorStream(false).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    waitFor(p);
    return p.exitValue() == 0 ? text : ""; // "no crontab for user" exits 1
  }

  public static void installCrontab(String text) throws IOException {
    Process p = new ProcessBuilder("crontab", "-").redirectErrorStream(true).start();
    p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    waitFor(p);
    if (p.exitValue() != 0) {
      throw new LocalFileException("crontab refused the new table: " + output);
    }
  }

  private static void waitFor(Process p) throws IOException {
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("crontab did not answer within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running crontab", e);
    }
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Single-quotes a word for sh when it needs it. */
  static String shell(String s) {
    if (s.matches("[A-Za-z0-9_./:=@+,-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}

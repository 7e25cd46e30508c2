package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rcsync schedule --serve}: the launchd KeepAlive agent and the systemd unit that keep {@code serve} running. */
class ScheduleServiceFormsTest {
  @TempDir
  Path dir;

  @Test
  void scheduleServeFormatLaunchdPrintsOnlyTheKeepAliveAgentWithTheServeCommand() {
    TestWorld w = new TestWorld(dir);
    w.env = Map.of("PATH", "/opt/sf/bin:/usr/bin:/bin", "RC_JWT", "a-secret-jwt-value", "SF_ACCESS_TOKEN", "00Dxx!secret");

    TestWorld.Result r = w.run("schedule", "--serve", "--format", "launchd", "--listen", "127.0.0.1:8080",
        "--public-url", "https://rcsync.example.com", "--target-org", "LITIFY_ORG");

    assertThat(r.code()).as(r.toString()).isZero();
    String config = dir.resolve("config/sync-config.json").toString();
    // launchd: kept alive, in the working directory, with PATH, logging to logs/
    assertThat(r.out()).contains("<key>KeepAlive</key>\n  <true/>", "<key>RunAtLoad</key>",
        "<string>serve</string>", "<string>--listen</string>\n    <string>127.0.0.1:8080</string>",
        "<string>https://rcsync.example.com</string>", "<string>" + config + "</string>",
        "<key>WorkingDirectory</key>\n  <string>" + dir + "</string>", "<string>/opt/sf/bin:/usr/bin:/bin</string>",
        dir.resolve("logs/rcsync-serve.log").toString(), "<string>io.rcsync.serve</string>")
        .doesNotContain("StartInterval", "[Service]");
    // the file content alone: it starts with the XML declaration and ends with the plist
    assertThat(r.out()).startsWith("<?xml").endsWith("</plist>\n");
    assertThat(r.err()).contains("~/Library/LaunchAgents/io.rcsync.serve.plist", "launchctl load -w");
    // no secret is inlined
    assertThat(r.out()).doesNotContain("a-secret-jwt-value", "00Dxx!secret", "RC_JWT", "SF_ACCESS_TOKEN");
    assertThat(r.err()).doesNotContain("a-secret-jwt-value", "00Dxx!secret");
    assertThat(dir.resolve("logs")).isDirectory();
  }

  @Test
  void scheduleServeFormatSystemdPrintsOnlyTheUnitWithTheServeCommand() {
    TestWorld w = new TestWorld(dir);
    w.env = Map.of("PATH", "/opt/sf/bin:/usr/bin:/bin", "RC_JWT", "a-secret-jwt-value", "SF_ACCESS_TOKEN", "00Dxx!secret");

    TestWorld.Result r = w.run("schedule", "--serve", "--format", "systemd", "--listen", "127.0.0.1:8080",
        "--public-url", "https://rcsync.example.com", "--target-org", "LITIFY_ORG");

    assertThat(r.code()).as(r.toString()).isZero();
    String config = dir.resolve("config/sync-config.json").toString();
    // systemd: Restart=always, SIGTERM with a stop timeout longer than serve's 10 s drain
    assertThat(r.out()).contains("[Service]", "Restart=always", "KillSignal=SIGTERM", "TimeoutStopSec=20",
        "WorkingDirectory=" + dir, "Environment=PATH=/opt/sf/bin:/usr/bin:/bin",
        "serve --listen 127.0.0.1:8080 --public-url https://rcsync.example.com --config " + config
            + " --target-org LITIFY_ORG",
        "StandardOutput=append:" + dir.resolve("logs/rcsync-serve.log"), "WantedBy=default.target")
        .doesNotContain("<?xml", "# save", "Keeps");
    // the unit file alone: its first line is its comment, its last the [Install] section's
    assertThat(r.out()).startsWith("# rcsync serve (webhook service)").endsWith("WantedBy=default.target\n");
    assertThat(r.err()).contains("~/.config/systemd/user/rcsync-serve.service", "systemctl --user enable --now");
    assertThat(r.out()).doesNotContain("a-secret-jwt-value", "00Dxx!secret", "RC_JWT", "SF_ACCESS_TOKEN");
    assertThat(r.err()).doesNotContain("a-secret-jwt-value", "00Dxx!secret");
  }

  @Test
  void scheduleServeWithoutFormatPrintsTheOneFormOfThisOs() {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("schedule", "--serve", "--listen", "127.0.0.1:8080", "--public-url",
        "https://rcsync.example.com");

    assertThat(r.code()).as(r.toString()).isZero();
    boolean mac = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac");
    if (mac) {
      assertThat(r.out()).startsWith("<?xml").doesNotContain("[Service]");
    } else {
      assertThat(r.out()).startsWith("# rcsync serve").contains("[Service]").doesNotContain("<?xml");
    }
  }

  @Test
  void cronCannotKeepServeRunningAndSaysSoInOneLine() {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("schedule", "--serve", "--format", "cron", "--listen", "127.0.0.1:8080",
        "--public-url", "https://rcsync.example.com");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).contains("--format cron cannot keep 'rcsync serve' running").doesNotContain("\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void systemdWithoutServeIsOneUsageLine() {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("schedule", "--format", "systemd");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).contains("--format systemd is the service form of 'rcsync serve': add --serve")
        .doesNotContain("\n");
  }

  @Test
  void serveWithInstallSaysHowToSaveTheFormWithoutPointingBelow() {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("schedule", "--serve", "--install", "--listen", "127.0.0.1:8080", "--public-url",
        "https://rcsync.example.com");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).contains("--serve does not install", "> ~/.config/systemd/user/rcsync-serve.service")
        .doesNotContain("below").doesNotContain("\n");
  }

  @Test
  void scheduleServeRefusesListenAndPublicUrlValuesExactlyAsServeDoes() {
    String[][] bad = {
        {"8080", "https://rcsync.example.com"},
        {"127.0.0.1:99999", "https://rcsync.example.com"},
        {"127.0.0.1:8080", "http://rcsync.example.com"},
        {"127.0.0.1:8080", "https://ops:hunter2@rcsync.example.com"},
        {"127.0.0.1:8080", "https://rcsync.example.com/?a=b"},
        {"127.0.0.1:8080", "https://rcsync example.com"}};
    for (String[] b : bad) {
      TestWorld.Result serve = new TestWorld(dir).run("serve", "--listen", b[0], "--public-url", b[1]);
      TestWorld.Result schedule = new TestWorld(dir).run("schedule", "--serve", "--listen", b[0], "--public-url", b[1]);

      assertThat(schedule.code()).as(schedule.toString()).isEqualTo(2).isEqualTo(serve.code());
      // the same line, but for the verb it names ("rcsync schedule: ... (see 'rcsync schedule --help')")
      assertThat(schedule.err()).as(String.join(" ", b)).isEqualTo(serve.err().replace("rcsync serve", "rcsync schedule"))
          .hasLineCount(1)
          .doesNotContain("hunter2");
      assertThat(schedule.out()).isEmpty();
    }
  }

  @Test
  void credentialVariablesOfThisShellAreNamedWithWhereTheyBelongAndNeverTheirValues() {
    TestWorld w = new TestWorld(dir);
    w.env = Map.of("PATH", "/usr/bin:/bin", "RC_JWT", "a-secret-jwt-value", "RC_CLIENT_SECRET", "client-secret-1",
        "SF_ACCESS_TOKEN", "00Dxx!secret", "SF_INSTANCE_URL", "https://firm.my.salesforce.com");

    TestWorld.Result r = w.run("schedule", "--serve", "--format", "systemd", "--listen", "127.0.0.1:8080",
        "--public-url", "https://rcsync.example.com");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("warning: this shell sets SF_ACCESS_TOKEN, SF_INSTANCE_URL, RC_CLIENT_SECRET, RC_JWT; "
            + "the service will not see them",
        "RingCentral: put clientId, clientSecret, jwt (and server) in .credentials/rc-credentials.json (chmod 600)",
        "Salesforce: log in once with 'sf org login web --alias LITIFY_ORG'",
        "add this line under [Service]: EnvironmentFile=" + dir.resolve(".credentials/rcsync-serve.env"));
    for (String secret : w.env.values()) {
      if (!secret.startsWith("/")) {
        assertThat(r.out() + r.err()).doesNotContain(secret);
      }
    }
    assertThat(r.out()).doesNotContain("EnvironmentFile");
  }

  @Test
  void thePlainScheduleWarnsOfTheShellsCredentialsToo() {
    TestWorld w = new TestWorld(dir);
    w.env = Map.of("PATH", "/usr/bin:/bin", "RC_CLIENT_ID", "client-id-1");

    TestWorld.Result r = w.run("schedule", "--format", "cron");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("warning: this shell sets RC_CLIENT_ID; the scheduled job will not see it",
        "RingCentral: put clientId").doesNotContain("Salesforce:", "EnvironmentFile", "client-id-1");
    assertThat(r.out()).doesNotContain("client-id-1", "RC_CLIENT_ID");
  }

  @Test
  void noCredentialWarningWhenThisShellSetsNone() {
    TestWorld w = new TestWorld(dir);
    w.env = Map.of("PATH", "/usr/bin:/bin");

    TestWorld.Result r = w.run("schedule", "--serve", "--format", "systemd", "--listen", "127.0.0.1:8080",
        "--public-url", "https://rcsync.example.com");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).doesNotContain("warning");
  }

  @Test
  void theWrittenPathHasEachDirectoryOnce() {
    TestWorld w = new TestWorld(dir);
    w.env = Map.of("PATH", "/opt/sf/bin:/usr/bin::/opt/sf/bin:/bin:/usr/bin");

    TestWorld.Result cron = w.run("schedule", "--format", "cron");
    TestWorld.Result unit = w.run("schedule", "--serve", "--format", "systemd", "--listen", "127.0.0.1:8080",
        "--public-url", "https://rcsync.example.com");
    TestWorld.Result plist = w.run("schedule", "--serve", "--format", "launchd", "--listen", "127.0.0.1:8080",
        "--public-url", "https://rcsync.example.com");

    assertThat(cron.out()).contains(" PATH=/opt/sf/bin:/usr/bin:/bin ");
    assertThat(unit.out()).contains("Environment=PATH=/opt/sf/bin:/usr/bin:/bin\n");
    assertThat(plist.out()).contains("<string>/opt/sf/bin:/usr/bin:/bin</string>");
  }

  @Test
  void aSystemdWordWithSpacesOrPercentIsQuotedAndEscaped() {
    assertThat(io.rcsync.cli.schedule.SchedulesAccess.systemdWord("/Users/a b/100%/$HOME"))
        .isEqualTo("\"/Users/a b/100%%/$$HOME\"");
  }

  @Test
  void serveNeedsListenAndPublicUrl() {
    TestWorld w = new TestWorld(dir);
    TestWorld.Result r = w.run("schedule", "--serve", "--listen", "127.0.0.1:8080");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--serve needs --listen HOST:PORT and --public-url URL");
  }

  @Test
  void theSystemdUnitCountsTheJvmsSigtermExitAsAStopNotAFailure() {
    TestWorld w = new TestWorld(dir);
    TestWorld.Result r = w.run("schedule", "--serve", "--format", "systemd", "--listen", "127.0.0.1:8080",
        "--public-url", "https://rcsync.example.com");
    assertThat(r.code()).as(r.toString()).isZero();
    // the JVM exits 143 (128 + SIGTERM) after serve's shutdown hook: without this, every systemctl stop is "failed"
    assertThat(r.out()).contains("KillSignal=SIGTERM\nTimeoutStopSec=20\nSuccessExitStatus=143\n");
  }

  @Test
  void theLaunchdAgentIsWellFormedXmlEvenWithMarkupInItsPaths() throws Exception {
    Path odd = dir.resolve("a&b <c>");
    java.nio.file.Files.createDirectories(odd);
    TestWorld w = new TestWorld(odd);
    TestWorld.Result r = w.run("schedule", "--serve", "--format", "launchd", "--listen", "127.0.0.1:8080",
        "--public-url", "https://rcsync.example.com");
    assertThat(r.code()).as(r.toString()).isZero();
    // stdout as a whole is the file a redirect writes
    String plist = r.out();
    var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
    // parse offline: the DOCTYPE names Apple's DTD, which must not be fetched
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    var doc = factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(plist)));
    var keys = doc.getElementsByTagName("key");
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < keys.getLength(); i++) {
      names.add(keys.item(i).getTextContent());
    }
    assertThat(names).contains("Label", "ProgramArguments", "WorkingDirectory", "KeepAlive", "ExitTimeOut");
    assertThat(doc.getElementsByTagName("string")).satisfies(strings -> {
      java.util.List<String> values = new java.util.ArrayList<>();
      for (int i = 0; i < strings.getLength(); i++) {
        values.add(strings.item(i).getTextContent());
      }
      assertThat(values).contains(odd.toString());
    });
  }

  @Test
  void theSystemdWorkingDirectoryIsAnUnquotedAbsolutePathEvenWithSpaces() throws Exception {
    Path spaced = dir.resolve("Law Firm 100%");
    java.nio.file.Files.createDirectories(spaced);
    TestWorld w = new TestWorld(spaced);
    TestWorld.Result r = w.run("schedule", "--serve", "--format", "systemd", "--listen", "127.0.0.1:8080",
        "--public-url", "https://rcsync.example.com");
    assertThat(r.code()).as(r.toString()).isZero();
    // systemd.exec(5) does not unquote WorkingDirectory: a quoted value is not an absolute path and the unit fails
    assertThat(r.out()).contains("\nWorkingDirectory=" + spaced.toString().replace("%", "%%") + "\n")
        .doesNotContain("WorkingDirectory=\"");
  }
}

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
  void scheduleServePrintsALaunchdKeepAliveAgentAndASystemdUnitWithTheServeCommand() {
    TestWorld w = new TestWorld(dir);
    w.env = Map.of("PATH", "/opt/sf/bin:/usr/bin:/bin", "RC_JWT", "a-secret-jwt-value", "SF_ACCESS_TOKEN", "00Dxx!secret");

    TestWorld.Result r = w.run("schedule", "--serve", "--listen", "127.0.0.1:8080", "--public-url",
        "https://rcsync.example.com", "--target-org", "LITIFY_ORG");

    assertThat(r.code()).as(r.toString()).isZero();
    String config = dir.resolve("config/sync-config.json").toString();
    // launchd: kept alive, in the working directory, with PATH, logging to logs/
    assertThat(r.out()).contains("<key>KeepAlive</key>\n  <true/>", "<key>RunAtLoad</key>",
        "<string>serve</string>", "<string>--listen</string>\n    <string>127.0.0.1:8080</string>",
        "<string>https://rcsync.example.com</string>", "<string>" + config + "</string>",
        "<key>WorkingDirectory</key>\n  <string>" + dir + "</string>", "<string>/opt/sf/bin:/usr/bin:/bin</string>",
        dir.resolve("logs/rcsync-serve.log").toString(), "<string>io.rcsync.serve</string>")
        .doesNotContain("StartInterval");
    // systemd: Restart=always, SIGTERM with a stop timeout longer than serve's 10 s drain
    assertThat(r.out()).contains("[Service]", "Restart=always", "KillSignal=SIGTERM", "TimeoutStopSec=20",
        "WorkingDirectory=" + dir, "Environment=PATH=/opt/sf/bin:/usr/bin:/bin",
        "serve --listen 127.0.0.1:8080 --public-url https://rcsync.example.com --config " + config
            + " --target-org LITIFY_ORG",
        "StandardOutput=append:" + dir.resolve("logs/rcsync-serve.log"), "WantedBy=default.target");
    // no secret is inlined
    assertThat(r.out()).doesNotContain("a-secret-jwt-value", "00Dxx!secret", "RC_JWT", "SF_ACCESS_TOKEN");
    assertThat(dir.resolve("logs")).isDirectory();
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
    TestWorld.Result r = w.run("schedule", "--serve", "--listen", "127.0.0.1:8080", "--public-url",
        "https://rcsync.example.com");
    assertThat(r.code()).as(r.toString()).isZero();
    // the JVM exits 143 (128 + SIGTERM) after serve's shutdown hook: without this, every systemctl stop is "failed"
    assertThat(r.out()).contains("KillSignal=SIGTERM\nTimeoutStopSec=20\nSuccessExitStatus=143\n");
  }

  @Test
  void theLaunchdAgentIsWellFormedXmlEvenWithMarkupInItsPaths() throws Exception {
    Path odd = dir.resolve("a&b <c>");
    java.nio.file.Files.createDirectories(odd);
    TestWorld w = new TestWorld(odd);
    TestWorld.Result r = w.run("schedule", "--serve", "--listen", "127.0.0.1:8080", "--public-url",
        "https://rcsync.example.com");
    assertThat(r.code()).as(r.toString()).isZero();
    String out = r.out();
    String plist = out.substring(out.indexOf("<?xml"), out.indexOf("</plist>") + "</plist>".length());
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
    TestWorld.Result r = w.run("schedule", "--serve", "--listen", "127.0.0.1:8080", "--public-url",
        "https://rcsync.example.com");
    assertThat(r.code()).as(r.toString()).isZero();
    // systemd.exec(5) does not unquote WorkingDirectory: a quoted value is not an absolute path and the unit fails
    assertThat(r.out()).contains("\nWorkingDirectory=" + spaced.toString().replace("%", "%%") + "\n")
        .doesNotContain("WorkingDirectory=\"");
  }
}

package io.rcsync.cli;

import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;

import io.rcsync.cli.demo.InMemoryAdapters;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fake.InMemoryExtensionDirectory;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Messages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A working directory with a config file and in-memory RingCentral/Salesforce holding six texts:
 * Alyssia: one on a Matter, one on an Intake, one Intaker lead, one from a short code; Kyle: one on the Matter,
 * one from a number no record holds. Sara Collins has no extension.
 */
final class TestWorld {
  static final String ALYSSIA = "376557052";
  static final String KYLE = "376557053";
  static final String DANA = "376557060";
  static final SalesforceId ALYSSIA_USER = SalesforceId.of("005UV0000012345AAA");
  static final SalesforceId KYLE_USER = SalesforceId.of("005UV0000012346AAA");
  static final SalesforceId DANA_USER = SalesforceId.of("005UV0000012347AAA");
  static final CaseRecord MATTER = Cases.matter().id("a0LUV00000G5NHJ2A3").open().phone("Matter_Phone__c", "(502) 813-8900").build();
  static final CaseRecord INTAKE = Cases.intake().id("a0CUV00006LMO7s2AH").phone("Client_Phone__c", "502.555.0199").build();

  static final String CONFIG = """
      {
        "activeWave": "wave1_intake",
        "waves": {
          "wave1_intake": [
            { "name": "Alyssia", "extensionId": "376557052", "extensionNumber": "104", "sfUserId": "005UV0000012345AAA" },
            { "name": "Kyle Haney", "extensionId": "376557053", "extensionNumber": "105", "sfUserId": "005UV0000012346AAA" },
            { "name": "Sara Collins", "extensionId": null, "sfUserId": "005UV0000067890AAA" }
          ],
          "wave2_case_managers": [
            { "name": "Dana", "extensionId": "376557060", "extensionNumber": "120", "sfUserId": "005UV0000012347AAA" }
          ]
        },
        "pollWindows": { "hot": { "intervalMinutes": 5, "lookbackMinutes": 30 } },
        "salesforce": { "targetOrg": "LITIFY_ORG", "note": { "messageTimeField": "Message_Time__c" } }
      }
      """;

  final Path dir;
  final MutableClock clock = MutableClock.at("2026-04-10T12:00:00Z");
  final InMemoryMessageSource messages = new InMemoryMessageSource();
  final InMemoryExtensionDirectory extensions = new InMemoryExtensionDirectory();
  final InMemoryCaseDirectory cases;
  final InMemoryNotes notes;
  final SyncConfig config;
  boolean interactive;
  Map<String, String> env = Map.of();

  TestWorld(Path dir) {
    this.dir = dir;
    write("config/sync-config.json", CONFIG);
    config = ConfigLoader.parse("test", CONFIG);
    cases = new InMemoryCaseDirectory(config.schema(), new ApiCalls());
    cases.add(MATTER, INTAKE);
    notes = new InMemoryNotes(config.schema(), clock, new ApiCalls());
    notes.knowCases(List.of(MATTER, INTAKE)).knowUsers(List.of(ALYSSIA_USER, KYLE_USER, DANA_USER));
    extensions.add(ALYSSIA, "104", "Alyssia").add(KYLE, "105", "Kyle Haney").add(DANA, "120", "Dana");
    messages.add(
        Messages.inbound().id("9001").extension(ALYSSIA).from("+15028138900").text("Hi, about my case").at("2026-04-01T15:00:00Z").build(),
        Messages.outbound().id("9002").extension(ALYSSIA).to("5025550199").text("Thanks for calling").at("2026-04-01T16:00:00Z").build(),
        Messages.inbound().id("9003").extension(ALYSSIA).from("+15027771234").text("Intaker: new lead John").at("2026-04-02T09:00:00Z").build(),
        Messages.inbound().id("9004").extension(ALYSSIA).from("12345").text("Your code is 1234").at("2026-04-02T10:00:00Z").build(),
        Messages.inbound().id("9005").extension(KYLE).from("+15029990000").text("wrong number?").at("2026-04-03T11:00:00Z").build(),
        Messages.outbound().id("9006").extension(KYLE).to("(502) 813-8900").text("See you Monday, \"10am\", ok").at("2026-04-03T12:00:00Z").build());
  }

  InMemoryAdapters adapters() {
    return new InMemoryAdapters(messages, extensions, cases, notes);
  }

  CliEnvironment environment() {
    return CliEnvironment.of(dir).withClock(clock).withAdapters(adapters()).withInteractive(interactive).withEnv(env);
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = RcsyncCommand.commandLine(environment());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  void write(String relative, String text) {
    try {
      Path p = dir.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String relative) {
    try {
      return Files.readString(dir.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Report files whose name ends with the suffix, oldest first. */
  List<Path> reports(String suffix) {
    try (var s = Files.list(dir.resolve("reports"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path lastReport(String suffix) {
    List<Path> all = reports(suffix);
    if (all.isEmpty()) {
      throw new AssertionError("no report *" + suffix + " in " + dir.resolve("reports"));
    }
    return all.get(all.size() - 1);
  }

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}

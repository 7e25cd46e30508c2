package io.rcsync.cli.command;

import io.rcsync.cli.schedule.Schedules;
import io.rcsync.cli.wiring.CliEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.cli.demo.DemoWorld;
import io.rcsync.cli.demo.InMemoryDemoWorld;
import io.rcsync.cli.store.LocalFileException;
import io.rcsync.cli.output.ReportWriter;
import io.rcsync.cli.demo.SimulatorDemoWorld;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.testkit.demo.DemoActivity;
import io.rcsync.testkit.demo.DemoBackends;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.fake.MutableClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Run the whole flow on generated data: no credentials needed.",
    sortOptions = false,
    description = {
        "Generates a firm (the seed's wave1_intake: 9 staff, 1,020 texts over 60 days, Matters and Intakes with phone",
        "numbers typed every way) and runs, printing each report: a 60-day backfill, an idempotent re-run of the same",
        "window, an incremental run after new texts arrive, a verify of the window and a rollback dry run.",
        "Files (config, state, reports) go to a new temp directory, or --dir."})
final class DemoVerb extends Verb {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--in-memory", description = "Use in-memory fakes instead of the local HTTP simulators.")
  boolean inMemory;

  @Option(names = "--keep-running", description = "Leave the simulators up afterwards and say how to run every verb against them (Ctrl-C stops them).")
  boolean keepRunning;

  @Option(names = "--dir", paramLabel = "DIR", description = "Directory for the demo's config, state and reports (default: a new temp directory).")
  String dir;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
  long seed;

  /** One step's outcome, for the closing summary. */
  private record Step(String name, int exitCode, JsonNode report) {}

  @Override
  public Integer call() throws IOException {
    Instant started = env().clock().instant();
    Path work = dir != null ? env().resolve(dir) : Files.createTempDirectory("rcsync-demo-");
    Files.createDirectories(work);
    MutableClock clock = MutableClock.ticking(env().clock().instant().truncatedTo(ChronoUnit.SECONDS));
    DemoDataset data = DemoData.generate(seed, clock.instant());
    String configJson = configJson(data);
    Files.createDirectories(work.resolve("config"));
    Files.writeString(work.resolve("config/sync-config.json"), configJson);
    ConfigFile config = ConfigLoader.parseFile("config/sync-config.json", configJson);
    if (keepRunning && inMemory) {
      throw usage("--keep-running needs the simulators: drop --in-memory");
    }
    PrintWriter out = out();
    List<Step> steps = new ArrayList<>();
    try (DemoWorld world = world(data, config, clock, work)) {
      out.println("rcsync demo — generated firm (seed " + seed + "), files in " + work);
      world.describe().forEach(l -> out.println("  " + l));
      CliEnvironment demoEnv = env().withWorkDir(work).withClock(clock).withAdapters(world.adapters())
          .withEnv(merged(world.env()));
      String since = DemoData.historyStart(clock.instant()).toString();

      steps.add(step(demoEnv, work, "-sync.json", "1/5 Backfill wave1_intake, the last 60 days",
          "sync", "--backfill", "--since", since));
      clock.advance(Duration.ofMinutes(2));
      steps.add(step(demoEnv, work, "-sync.json", "2/5 Re-run the same window: every Note exists and is unchanged, nothing is written",
          "sync", "--backfill", "--since", since));
      DemoActivity activity = DemoActivity.at(data, config.sync().intakerFilter(), clock.instant());
      world.addMessages(activity.messages());
      world.addCases(activity.newCases());
      clock.advance(Duration.ofMinutes(5));
      steps.add(step(demoEnv, work, "-sync.json", "3/5 " + activity.messages().size() + " new texts arrive (one deleted, "
              + "one failed, one still queued, a group text, a purged record) and a lead's Intake is created; "
              + "incremental run from the watermarks",
          "sync", "--incremental"));
      clock.advance(Duration.ofMinutes(1));
      steps.add(step(demoEnv, work, "-verify.json", "4/5 Verify: every text that matches a Matter or Intake has its Note",
          "verify", "--since", since));
      clock.advance(Duration.ofMinutes(1));
      steps.add(step(demoEnv, work, "-rollback.json", "5/5 Rollback dry run of wave1_intake (nothing is deleted)",
          "rollback", "--wave", DemoData.WAVE1));

      List<String> problems = check(steps, activity, world.rcsyncNotes());
      out.println();
      out.println("== Summary");
      Step backfill = steps.get(0);
      JsonNode t = backfill.report().path("totals");
      out.printf("  backfill: fetched %d = Intaker %d + Matter %d + Intake %d + unmatched %d + failed %d; %d Notes created%n",
          t.path("fetched").asLong(), t.path("intakerFiltered").asLong(), t.path("matchedMatter").asLong(),
          t.path("matchedIntake").asLong(), t.path("unmatched").asLong(), t.path("failed").asLong(), t.path("created").asLong());
      JsonNode rerun = steps.get(1).report().path("totals");
      JsonNode inc = steps.get(2).report().path("totals");
      out.printf("  re-run: created %d, updated %d, unchanged %d; incremental: created %d (matched late %d, delivery failed %d),"
              + " held %d, purged %d; Notes in Salesforce: %d%n",
          rerun.path("created").asLong(), rerun.path("updated").asLong(), rerun.path("unchanged").asLong(),
          inc.path("created").asLong(), inc.path("matchedLate").asLong(), inc.path("deliveryFailed").asLong(),
          inc.path("held").asLong(), inc.path("purged").asLong(), world.rcsyncNotes());
      world.callsReceived().forEach(line -> out.println("  " + line));
      if (problems.isEmpty()) {
        out.println("  Demo OK: totals balance, the re-run wrote nothing new, the incremental run found the new texts "
            + "(deleted, failed, queued, group, purged and late-matched as expected), verify found no gaps.");
      } else {
        problems.forEach(p -> out.println("  PROBLEM: " + p));
      }
      out.println("  Reports: " + work.resolve("reports"));
      if (inMemory) {
        out.println("  The in-memory systems end with the demo; the config and reports stay in " + work + ".");
      } else if (!keepRunning) {
        out.println("  To try every verb by hand against the simulators: rcsync demo --keep-running");
      }
      int code = problems.isEmpty() ? ExitCodes.OK : ExitCodes.RECORD_FAILURES;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("seed", seed);
      body.put("backend", inMemory ? "in-memory fakes" : "HTTP simulators + live adapters");
      body.put("directory", work.toString());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Step s : steps) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", s.name());
        row.put("exitCode", s.exitCode());
        row.put("report", s.report().path("files").path("report").asText(null));
        rows.add(row);
      }
      body.put("steps", rows);
      body.put("callsReceived", world.callsReceived());
      body.put("problems", problems);
      ReportWriter reports = new ReportWriter(work.resolve("reports"), demoEnv::display, secrets());
      out.println("  Demo report: " + reports.generic("demo", started, env().clock().instant(), code, body).report());
      out.flush();
      if (keepRunning && world instanceof SimulatorDemoWorld sims) {
        keepRunning(sims, work);
      }
      return code;
    }
  }

  private DemoWorld world(DemoDataset data, ConfigFile config, MutableClock clock, Path work) {
    if (inMemory) {
      return new InMemoryDemoWorld(DemoBackends.of(data, config.sync().schema(), clock));
    }
    return SimulatorDemoWorld.start(data, config, work, clock);
  }

  /** The generated seed-compatible config, plus a message-time field so verify can also find orphaned Notes. */
  private static String configJson(DemoDataset data) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(data.configJson());
    ObjectNode sf = root.has("salesforce") ? (ObjectNode) root.get("salesforce") : root.putObject("salesforce");
    sf.putObject("note").put("messageTimeField", "Message_Time__c");
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  /** Leaves the simulators up until Ctrl-C, with a script that points a shell at them. */
  private void keepRunning(SimulatorDemoWorld sims, Path work) throws IOException {
    Path script = work.resolve("demo-env.sh");
    StringBuilder sh = new StringBuilder("# rcsync demo: point a shell at the simulators (throwaway credentials)\n");
    sims.env().forEach((k, v) -> sh.append("export ").append(k).append("='").append(v).append("'\n"));
    Files.writeString(script, sh.toString());
    if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
    String jar = String.join(" ", io.rcsync.cli.schedule.Schedules.launcher());
    PrintWriter out = out();
    out.println();
    out.println("== The simulators keep running. In another terminal:");
    out.println("  cd " + work);
    out.println("  . ./demo-env.sh            # SF_ACCESS_TOKEN, SF_INSTANCE_URL of the Salesforce simulator");
    out.println("  " + jar + " doctor");
    out.println("  " + jar + " sync --backfill --since " + DemoData.historyStart(env().clock().instant()).toString().substring(0, 10) + " --dry-run");
    out.println("  " + jar + " sync --incremental");
    out.println("  " + jar + " verify --since " + DemoData.historyStart(env().clock().instant()).toString().substring(0, 10));
    out.println("  " + jar + " rollback --wave " + DemoData.WAVE1 + "            (then --confirm, then restore MANIFEST)");
    out.println("  " + jar + " schedule");
    out.println("Config: " + work.resolve("config/sync-config.json") + "; RingCentral credentials: " + sims.credentialsFile());
    out.println("Press Ctrl-C to stop the simulators.");
    out.flush();
    java.util.concurrent.CountDownLatch forever = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(sims::close, "rcsync-demo-stop"));
    try {
      forever.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Map<String, String> merged(Map<String, String> extra) {
    Map<String, String> m = new LinkedHashMap<>(env().env());
    // the demo must not pick up a real org or RingCentral app from the caller's environment
    List.of("SF_ACCESS_TOKEN", "SF_INSTANCE_URL", "RC_CLIENT_ID", "RC_CLIENT_SECRET", "RC_JWT", "RC_SERVER_URL").forEach(m::remove);
    m.putAll(extra);
    return m;
  }

  /** Runs one verb in the demo's directory, printing its output, and reads back its JSON report. */
  private Step step(CliEnvironment demoEnv, Path work, String reportSuffix, String title, String... args) {
    PrintWriter out = out();
    out.println();
    out.println("== " + title);
    out.println("$ rcsync " + String.join(" ", args));
    out.flush();
    CommandLine cl = RcsyncCommand.commandLine(demoEnv);
    cl.setOut(out);
    cl.setErr(err());
    int code = cl.execute(args);
    return new Step(title, code, newest(work.resolve("reports"), reportSuffix));
  }

  private static JsonNode newest(Path reports, String suffix) {
    try (var files = Files.list(reports)) {
      Optional<Path> p = files.filter(f -> f.getFileName().toString().endsWith(suffix)).max(Path::compareTo);
      return p.isEmpty() ? JSON.createObjectNode() : JSON.readTree(Files.readString(p.get()));
    } catch (IOException e) {
      throw new LocalFileException("cannot read the demo's reports in " + reports + ": " + e.getMessage(), e);
    }
  }

  private static List<String> check(List<Step> steps, DemoActivity activity, long notesNow) {
    int newTexts = activity.notesCreated();
    List<String> problems = new ArrayList<>();
    for (Step s : steps) {
      if (s.report().isEmpty()) {
        problems.add(s.name() + ": wrote no report (exit " + s.exitCode() + ")");
      } else if (s.report().has("balanced") && !s.report().path("balanced").asBoolean()) {
        problems.add(s.name() + ": totals do not balance");
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    long created = steps.get(0).report().path("totals").path("created").asLong();
    if (steps.get(0).exitCode() != 0) {
      problems.add("the backfill exited " + steps.get(0).exitCode());
    }
    if (steps.get(1).report().path("totals").path("created").asLong() != 0) {
      problems.add("the re-run created Notes: upserts are not idempotent");
    }
    JsonNode inc = steps.get(2).report().path("totals");
    if (inc.path("created").asLong() != newTexts) {
      problems.add("the incremental run created " + inc.path("created").asLong() + " Notes, expected " + newTexts);
    }
    expect(problems, inc, "held", activity.held());
    expect(problems, inc, "purged", activity.purged());
    expect(problems, inc, "deliveryFailed", activity.deliveryFailed());
    expect(problems, inc, "matchedLate", activity.matchedLate());
    if (steps.get(3).exitCode() != 0) {
      problems.add("verify found gaps (exit " + steps.get(3).exitCode() + ")");
    }
    if (steps.get(4).report().path("matched").asLong() != created + newTexts || notesNow != created + newTexts) {
      problems.add("rollback would select " + steps.get(4).report().path("matched").asLong() + " Notes; "
          + notesNow + " exist, expected " + (created + newTexts));
    }
    return problems;
  }

  private static void expect(List<String> problems, JsonNode totals, String field, long expected) {
    if (totals.path(field).asLong() != expected) {
      problems.add("the incremental run counted " + field + " " + totals.path(field).asLong() + ", expected " + expected);
    }
  }
}

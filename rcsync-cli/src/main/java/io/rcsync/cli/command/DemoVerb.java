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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        "window, an incremental run after new texts arrive, 'rcsync serve' on loopback while more texts arrive by",
        "RingCentral's webhook (simulators only), a verify of the window and a rollback dry run, then the import of",
        "the firm's SMS-Magic history (de-duplicated against the backfill's Notes) and its re-run.",
        "Files (config, state, reports) go to a new temp directory, or --dir."})
final class DemoVerb extends Verb {
  /**
   * Jackson and the JDK HTTP client, made on first use: picocli instantiates every verb to build {@code rcsync --help},
   * so a static field here would load Jackson's ObjectMapper and HttpClient's TLS classes (about 700 classes, a third
   * of {@code --help}'s start-up, docs/benchmarks.md "Startup") on every start of every verb.
   */
  private static final class Lazy {
    static final ObjectMapper JSON = new ObjectMapper();
    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(2)).build();

    private Lazy() {}
  }

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

      steps.add(step(demoEnv, work, "-sync.json", "1/8 Backfill wave1_intake, the last 60 days",
          "sync", "--backfill", "--since", since));
      clock.advance(Duration.ofMinutes(2));
      steps.add(step(demoEnv, work, "-sync.json", "2/8 Re-run the same window: every Note exists and is unchanged, nothing is written",
          "sync", "--backfill", "--since", since));
      DemoActivity activity = DemoActivity.at(data, config.sync().intakerFilter(), clock.instant());
      world.addMessages(activity.messages());
      world.addCases(activity.newCases());
      clock.advance(Duration.ofMinutes(5));
      steps.add(step(demoEnv, work, "-sync.json", "3/8 " + activity.messages().size() + " new texts arrive (one deleted, "
              + "one failed, one still queued, a group text, a purged record) and a lead's Intake is created; "
              + "incremental run from the watermarks",
          "sync", "--incremental"));
      clock.advance(Duration.ofMinutes(1));
      DemoActivity.Push pushed = DemoActivity.pushed(data, clock.instant());
      steps.add(world instanceof SimulatorDemoWorld sims ? push(sims, demoEnv, work, pushed, clock)
          : skippedPush());
      clock.advance(Duration.ofMinutes(1));
      steps.add(step(demoEnv, work, "-verify.json", "5/8 Verify: every text that matches a Matter or Intake has its Note",
          "verify", "--since", since));
      clock.advance(Duration.ofMinutes(1));
      steps.add(step(demoEnv, work, "-rollback.json", "6/8 Rollback dry run of wave1_intake (nothing is deleted)",
          "rollback", "--wave", DemoData.WAVE1));
      // issue 15: the firm's retired SMS-Magic package left two years of texts in the org; after the backfill
      clock.advance(Duration.ofMinutes(1));
      steps.add(step(demoEnv, work, "-import-smsmagic.json", "7/8 Import the firm's SMS-Magic history (the retired"
              + " package's SMS History and Incoming SMS records) as Notes: same match policy, texts the backfill"
              + " already has as rc_msg_ Notes are de-duplicated, never written twice",
          "import-smsmagic"));
      clock.advance(Duration.ofMinutes(1));
      steps.add(step(demoEnv, work, "-import-smsmagic.json", "8/8 Re-run the import: every record's Note exists,"
          + " nothing changes", "import-smsmagic"));

      List<String> problems = check(steps, activity, pushed, world.rcsyncNotes());
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
      JsonNode push = steps.get(3).report();
      if (push.has("skipped")) {
        out.println("  push: skipped (" + push.path("skipped").asText() + ")");
      } else {
        out.printf("  push: %d webhook events (%d instant texts, %d store changes, %d needing no sync of their own, %d refused);"
                + " %d of %d Notes written; arrival to Note %d–%d ms (inbound by the instant event ~linger, outbound by Message Sync ~1 s hold)%n",
            push.path("events").path("received").asLong(), push.path("events").path("instantMessages").asLong(),
            push.path("events").path("storeChanges").asLong(), push.path("events").path("syncsCoalesced").asLong(),
            push.path("events").path("refused").asLong(), push.path("notesWritten").asLong(),
            push.path("notesExpected").asLong(), push.path("minMillis").asLong(), push.path("maxMillis").asLong());
      }
      JsonNode imported = steps.get(IMPORT).report().path("totals");
      JsonNode reimported = steps.get(IMPORT + 1).report().path("totals");
      out.printf("  SMS-Magic import: read %d = Intaker %d + Matter %d + Intake %d + unmatched %d + failed %d"
              + " + de-duplicated %d (the backfill's rc_msg_ Notes already hold %d of those texts; %d are migration"
              + " copies within the history); %d Notes created; re-run: created %d, updated %d, unchanged %d%n",
          imported.path("fetched").asLong(), imported.path("intakerFiltered").asLong(),
          imported.path("matchedMatter").asLong(), imported.path("matchedIntake").asLong(),
          imported.path("unmatched").asLong(), imported.path("failed").asLong(), imported.path("deduplicated").asLong(),
          DemoData.SMS_MAGIC_EXPECTED.rcDuplicates(), DemoData.SMS_MAGIC_EXPECTED.migrationCopies(),
          imported.path("created").asLong(), reimported.path("created").asLong(),
          reimported.path("updated").asLong(), reimported.path("unchanged").asLong());
      JsonNode files = backfill.report().path("attachments");
      List<String> stored = world.rcsyncFiles();
      out.printf("  MMS: backfill copied %d file(s) (%s) into Salesforce Files, re-run uploaded %d; %d file(s) in"
              + " Salesforce now, each on its Note and Matter/Intake:%n",
          files.path("copied").asLong(), io.rcsync.core.service.sync.MmsNoteBody.humanSize(
              files.path("bytesCopied").asLong()),
          steps.get(1).report().path("attachments").path("copied").asLong(), stored.size());
      stored.forEach(line -> out.println("    " + line));
      world.callsReceived().forEach(line -> out.println("  " + line));
      if (problems.isEmpty()) {
        out.println("  Demo OK: totals balance, the re-run wrote nothing new (no Note, no file), the incremental run found the new texts "
            + "(deleted, failed, queued, group, purged and late-matched as expected), "
            + (push.has("skipped") ? "" : "serve wrote the pushed texts as they arrived, ")
            + "verify found no gaps, the SMS-Magic import wrote the history without repeating a backfilled text and"
            + " its re-run changed nothing.");
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
      // absolute: the demo's directory is not the operator's working directory (fresh14 #10)
      ReportWriter reports = new ReportWriter(work.resolve("reports"), p -> p.toAbsolutePath().normalize().toString(),
          secrets());
      out.println("  Demo report: " + reports.generic("demo", started, env().clock().instant(), code, body).report());
      if (dir == null && !keepRunning) {
        // kept, not removed: its reports are what the demo shows; but say where it is and how to remove it
        out.println("  Left in " + work.toAbsolutePath() + " (config, reports, the simulators' throwaway credentials): "
            + "remove it with 'rm -rf " + work.toAbsolutePath() + "', or pass --dir DIR to choose the place.");
      }
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

  /**
   * The generated seed-compatible config. It names the demo org's message-time field (so verify can also find orphaned
   * Notes) and counterparty field (so transcript shows one conversation per number), and the firm's time zone.
   */
  private static String configJson(DemoDataset data) throws IOException {
    ObjectNode root = (ObjectNode) Lazy.JSON.readTree(data.configJson());
    // issue 15: import-smsmagic needs the owner of Notes whose sender is unknown (a third of the demo history was
    // sent by automation); the firm's first user stands in for its office manager
    if (!root.has("smsmagic") && !data.users().isEmpty()) {
      root.putObject("smsmagic").put("defaultOwner", data.users().iterator().next().value());
    }
    return Lazy.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  /**
   * What to type in another terminal to try every verb against the kept-running simulators: {@code jar} is how rcsync
   * is started, {@code since} the demo history's first day (yyyy-mm-dd). serve takes an http public URL on loopback,
   * which the RingCentral simulator delivers its webhooks to.
   */
  static List<String> keepRunningHints(String jar, Path work, String since) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(
        "== The simulators keep running. In another terminal:",
        "  cd " + work,
        "  . ./demo-env.sh            # SF_* and RC_* variables of the simulators (throwaway credentials)",
        "  " + jar + " doctor",
        "  " + jar + " sync --backfill --since " + since + " --dry-run",
        "  " + jar + " sync --incremental",
        "  " + jar + " verify --since " + since,
        "  " + jar + " transcript --record " + DemoData.TEST_MATTER.value()
            + "   (the seed's test Matter as a conversation, one per number: reports/transcript-ID.html)",
        "  " + jar + " rollback --wave " + DemoData.WAVE1 + "            (then --confirm, then restore MANIFEST)",
        "  " + jar + " import-smsmagic --dry-run     (the firm's SMS-Magic history; the demo imported it already)",
        "  " + jar + " verify --source smsmagic      (every imported record has its Note, no orphans)",
        "  " + jar + " rollback --source smsmagic    (the imported history's Notes only; rc_msg_ Notes untouched)",
        "  " + jar + " serve --listen 127.0.0.1:8080 --public-url http://127.0.0.1:8080",
        "      (texts as they happen: http is allowed on loopback, where the simulator delivers its webhooks; any free "
            + "port; Ctrl-C stops it; while it runs it holds the run lock, so a sync by hand is refused)",
        "  " + jar + " schedule",
        "  " + jar + " logout                 (revokes the shared RingCentral session, deletes .rcsync/rc-token.json)"),
        dayOneHints(jar, work, since).stream()).toList();
  }

  /**
   * fresh14 #2: Day one (README) practised in a fresh, empty directory against the same simulators: demo-env.sh
   * carries every credential, so init needs no file of the demo's. Short {@code rcsync ...} forms (fresh14 #18).
   */
  static List<String> dayOneHints(String jar, Path work, String since) {
    return List.of(
        "",
        "== Practise Day one (README) in a fresh directory against the same simulators:",
        "  mkdir day1 && cd day1",
        "  . " + work.resolve("demo-env.sh") + "      # the RC_* variables stand in for .credentials/",
        "  " + jar + " init --target-org demo       (SF_* win over --target-org here, and init says so)",
        "  " + jar + " doctor",
        "  " + jar + " sync --backfill --since " + since + " --dry-run",
        "  " + jar + " sync --backfill --since " + since,
        "  " + jar + " schedule --format cron",
        "  " + jar + " transcript --record " + DemoData.TEST_MATTER.value() + "     (a demo Matter with texts)",
        "  " + jar + " verify --since " + since);
  }

  /**
   * Writes {@code work/demo-env.sh} (owner read/write only, 0600: it holds the simulators' throwaway credentials),
   * exporting the Salesforce ({@code SF_ACCESS_TOKEN}, {@code SF_INSTANCE_URL}) and RingCentral ({@code RC_CLIENT_ID},
   * {@code RC_CLIENT_SECRET}, {@code RC_JWT}, {@code RC_SERVER_URL}) variables, so a shell that sources it can run any
   * verb, {@code init} included, in any directory.
   */
  static Path writeEnvScript(Path work, SimulatorDemoWorld sims) throws IOException {
    Path script = work.resolve("demo-env.sh");
    StringBuilder sh = new StringBuilder("# rcsync demo: point a shell at the simulators (throwaway credentials)\n");
    sims.env().forEach((k, v) -> sh.append("export ").append(k).append("='").append(v).append("'\n"));
    // fresh14 #2: RingCentral too, so `. demo-env.sh` is enough in an empty directory (init, Day one)
    sims.ringCentralEnv().forEach((k, v) -> sh.append("export ").append(k).append("='").append(v).append("'\n"));
    // created 0600 before the secrets are written, so they are never readable by others, not even for a moment
    Files.deleteIfExists(script);
    if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(script, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(script, sh.toString());
    return script;
  }

  /** Leaves the simulators up until Ctrl-C, with a script that points a shell at them. */
  private void keepRunning(SimulatorDemoWorld sims, Path work) throws IOException {
    writeEnvScript(work, sims);
    // commands a person types, in their short form (fresh14 #18); the full launcher line is for cron, said once
    String launcher = String.join(" ", io.rcsync.cli.schedule.Schedules.launcher(List.of()));
    PrintWriter out = out();
    out.println();
    keepRunningHints("rcsync", work, DemoData.historyStart(env().clock().instant()).toString().substring(0, 10))
        .forEach(out::println);
    out.println("(rcsync above is the distribution's bin/rcsync on your PATH; this one started as: " + launcher + ")");
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

  private static final String PUSH_TITLE = "4/8 Push: rcsync serve on loopback subscribes to RingCentral's webhook; "
      + "texts arrive as they happen (two inbound, one outbound, the queued text delivered)";

  /** For {@code demo --in-memory}: the fakes have no webhook delivery, so serve has nothing to receive. */
  private Step skippedPush() {
    PrintWriter out = out();
    out.println();
    out.println("== " + PUSH_TITLE);
    String why = "needs the simulators' webhook delivery; run 'rcsync demo' without --in-memory";
    out.println("skipped: " + why);
    out.flush();
    ObjectNode report = Lazy.JSON.createObjectNode();
    report.put("skipped", why);
    return new Step(PUSH_TITLE, ExitCodes.OK, report);
  }

  /**
   * Runs {@code rcsync serve} in-process on a free loopback port, waits until it is healthy (subscribed through the
   * simulator's Validation-Token handshake, start-up sync done), makes the {@link DemoActivity.Push} texts happen in
   * the simulator (which delivers its webhook events to serve), waits until each has its Note, and stops serve the way
   * SIGTERM does. The step's report: serve's event counters (from its report), Notes written and arrival-to-Note
   * times (wall clock, from the moment the text is in the simulator's store to the moment its Note is seen).
   */
  private Step push(SimulatorDemoWorld sims, CliEnvironment demoEnv, Path work, DemoActivity.Push pushed,
      MutableClock clock) {
    PrintWriter out = out();
    int port = freeLoopbackPort();
    String url = "http://127.0.0.1:" + port;
    String[] args = {"serve", "--listen", "127.0.0.1:" + port, "--public-url", url};
    out.println();
    out.println("== " + PUSH_TITLE);
    out.println("$ rcsync " + String.join(" ", args) + "      (stopped by the demo once the Notes exist)");
    out.flush();
    List<Runnable> stopHooks = new CopyOnWriteArrayList<>();
    CliEnvironment serveEnv = demoEnv.withShutdownHooks(stopHooks::add);
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "rcsync-demo-serve");
      t.setDaemon(true);
      return t;
    });
    Future<Integer> serving = runner.submit(() -> {
      CommandLine cl = RcsyncCommand.commandLine(serveEnv);
      cl.setOut(out);
      cl.setErr(out); // serve's log lines belong to this step's output
      return cl.execute(args);
    });
    ObjectNode figures = Lazy.JSON.createObjectNode();
    Map<MessageId, Long> arrived = new LinkedHashMap<>();
    Map<MessageId, Long> latency = new LinkedHashMap<>();
    int code = ExitCodes.RECORD_FAILURES;
    try {
      if (!awaitCondition(() -> serving.isDone() || healthy(url), PUSH_WAIT) || serving.isDone()) {
        figures.put("problem", "serve did not become healthy within " + PUSH_WAIT.toSeconds() + " s");
      } else {
        java.util.function.BooleanSupplier allWritten = () -> {
          for (MessageId id : arrived.keySet()) {
            if (!latency.containsKey(id) && sims.hasNote(id)) {
              latency.put(id, (System.nanoTime() - arrived.get(id)) / 1_000_000);
            }
          }
          return latency.size() == arrived.size();
        };
        // first the inbound texts alone, so their Notes come from the instant events (serve's batched ingest) ...
        for (SmsMessage m : pushed.instant()) {
          sims.addMessages(List.of(m));
          arrived.put(m.id(), System.nanoTime());
        }
        if (awaitCondition(allWritten, PUSH_WAIT)) {
          // ... then what only a message-store change announces, which serve reads by Message Sync
          for (SmsMessage m : pushed.storeChanges()) {
            sims.addMessages(List.of(m));
            arrived.put(m.id(), System.nanoTime());
          }
          sims.ringCentral().setMessageStatus(pushed.extension(), pushed.delivered().value(), "Delivered",
              clock.instant());
          arrived.put(pushed.delivered(), System.nanoTime());
          awaitCondition(allWritten, PUSH_WAIT);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopHooks.forEach(Runnable::run); // what SIGTERM does: no new deliveries, writes in flight finish
      try {
        code = serving.get(15, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        figures.put("problem", "serve did not stop within 15 s: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      runner.shutdownNow();
    }
    JsonNode serve = newest(work.resolve("reports"), "-serve.json");
    figures.set("events", serve.path("health").path("events").deepCopy());
    figures.put("notesExpected", pushed.expectedNotes().size());
    figures.put("notesWritten", latency.size());
    List<Long> millis = latency.values().stream().sorted().toList();
    figures.put("minMillis", millis.isEmpty() ? 0 : millis.get(0));
    figures.put("medianMillis", millis.isEmpty() ? 0 : millis.get(millis.size() / 2));
    figures.put("maxMillis", millis.isEmpty() ? 0 : millis.get(millis.size() - 1));
    newestPath(work.resolve("reports"), "-serve.json")
        .ifPresent(p -> figures.putObject("files").put("report", demoEnv.display(p)));
    out.printf("push: %d of %d Notes written while serve ran (arrival to Note: %s)%n", latency.size(), arrived.size(),
        latency.entrySet().stream().map(e -> e.getKey().value() + " " + e.getValue() + " ms")
            .reduce((a, b) -> a + ", " + b).orElse("none"));
    out.flush();
    return new Step(PUSH_TITLE, code, figures);
  }

  private static final Duration PUSH_WAIT = Duration.ofSeconds(30);

  private static boolean healthy(String url) {
    try {
      return Lazy.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/healthz"))
          .timeout(Duration.ofSeconds(2)).GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Polls every 20 ms until the condition holds (true) or {@code max} passes (false). */
  private static boolean awaitCondition(java.util.function.BooleanSupplier condition, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  private static int freeLoopbackPort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new LocalFileException("cannot find a free loopback port for the demo's serve step: " + e.getMessage(), e);
    }
  }

  private static Optional<Path> newestPath(Path reports, String suffix) {
    try (var files = Files.list(reports)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).max(Path::compareTo);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static JsonNode newest(Path reports, String suffix) {
    try (var files = Files.list(reports)) {
      Optional<Path> p = files.filter(f -> f.getFileName().toString().endsWith(suffix)).max(Path::compareTo);
      return p.isEmpty() ? Lazy.JSON.createObjectNode() : Lazy.JSON.readTree(Files.readString(p.get()));
    } catch (IOException e) {
      throw new LocalFileException("cannot read the demo's reports in " + reports + ": " + e.getMessage(), e);
    }
  }

  /** Index of the SMS-Magic import's step; its re-run follows. */
  private static final int IMPORT = 6;

  /**
   * The import of the demo firm's SMS-Magic history against {@link DemoData#SMS_MAGIC_EXPECTED}: every record read,
   * the overlap repeats and migration copies de-duplicated, the matched ones written; the re-run writes nothing.
   */
  static List<String> checkImport(Step first, Step again) {
    var expected = DemoData.SMS_MAGIC_EXPECTED;
    JsonNode t = first.report().path("totals");
    List<String> problems = new ArrayList<>();
    if (first.exitCode() != 0) {
      problems.add("the SMS-Magic import exited " + first.exitCode());
    }
    if (t.path("fetched").asLong() != expected.read()) {
      problems.add("the SMS-Magic import read " + t.path("fetched").asLong() + " records, expected " + expected.read());
    }
    long dups = expected.rcDuplicates() + expected.migrationCopies();
    if (t.path("deduplicated").asLong() != dups) {
      problems.add("the SMS-Magic import de-duplicated " + t.path("deduplicated").asLong() + " records, expected " + dups
          + " (" + expected.rcDuplicates() + " repeats of backfilled texts, " + expected.migrationCopies()
          + " migration copies)");
    }
    long matched = t.path("matchedMatter").asLong() + t.path("matchedIntake").asLong();
    if (t.path("created").asLong() != matched) {
      problems.add("the SMS-Magic import created " + t.path("created").asLong() + " Notes for " + matched
          + " matched records");
    }
    JsonNode r = again.report().path("totals");
    if (r.path("created").asLong() != 0 || r.path("updated").asLong() != 0) {
      problems.add("the SMS-Magic import's re-run created " + r.path("created").asLong() + " and updated "
          + r.path("updated").asLong() + " Notes: it is not idempotent");
    }
    return problems;
  }

  private static List<String> check(List<Step> steps, DemoActivity activity, DemoActivity.Push pushed, long notesNow) {
    int newTexts = activity.notesCreated();
    JsonNode push = steps.get(3).report();
    long pushNotes = push.has("skipped") ? 0 : pushed.expectedNotes().size();
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
    JsonNode files = steps.get(0).report().path("attachments");
    if (files.path("copied").asLong() != files.path("media").asLong()) {
      problems.add("the backfill copied " + files.path("copied").asLong() + " of its " + files.path("media").asLong()
          + " MMS file(s) (see the -attachments.csv report)");
    }
    if (steps.get(1).report().path("attachments").path("copied").asLong() != 0) {
      problems.add("the re-run uploaded MMS files again: file copies are not idempotent");
    }
    JsonNode inc = steps.get(2).report().path("totals");
    if (inc.path("created").asLong() != newTexts) {
      problems.add("the incremental run created " + inc.path("created").asLong() + " Notes, expected " + newTexts);
    }
    expect(problems, inc, "held", activity.held());
    expect(problems, inc, "purged", activity.purged());
    expect(problems, inc, "deliveryFailed", activity.deliveryFailed());
    expect(problems, inc, "matchedLate", activity.matchedLate());
    if (!push.has("skipped")) {
      if (steps.get(3).exitCode() != 0) {
        problems.add("serve exited " + steps.get(3).exitCode());
      }
      if (push.path("notesWritten").asLong() != pushNotes) {
        problems.add("serve wrote " + push.path("notesWritten").asLong() + " of the " + pushNotes
            + " pushed texts' Notes");
      }
      if (push.path("events").path("instantMessages").asLong() < pushed.instant().size()) {
        problems.add("serve received " + push.path("events").path("instantMessages").asLong()
            + " instant text events, expected " + pushed.instant().size());
      }
    }
    problems.addAll(checkImport(steps.get(IMPORT), steps.get(IMPORT + 1)));
    if (steps.get(4).exitCode() != 0) {
      problems.add("verify found gaps (exit " + steps.get(4).exitCode() + ")");
    }
    long expected = created + newTexts + pushNotes;
    if (steps.get(5).report().path("matched").asLong() != expected || notesNow != expected) {
      problems.add("rollback would select " + steps.get(5).report().path("matched").asLong() + " Notes; "
          + notesNow + " exist, expected " + expected);
    }
    return problems;
  }

  private static void expect(List<String> problems, JsonNode totals, String field, long expected) {
    if (totals.path(field).asLong() != expected) {
      problems.add("the incremental run counted " + field + " " + totals.path(field).asLong() + ", expected " + expected);
    }
  }
}

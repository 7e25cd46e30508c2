package io.rcsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 2, measured: does a large {@code sync --backfill} finish in bounded memory? Both simulators run in
 * this JVM holding a synthetic firm of N texts (default 100,000 and 1,000,000; {@code -Drcsync.memory.texts=100000}
 * picks others); the CLI runs as a separate process, {@code java -Xmx256m -XX:+UseSerialGC -jar rcsync.jar sync
 * --backfill}, with the RingCentral credentials file and {@code SF_ACCESS_TOKEN}/{@code SF_INSTANCE_URL} pointing
 * at the simulators, as a real operator runs it.
 *
 * <p>Per N it records: completed or {@code OutOfMemoryError}, exit code, wall time, peak RSS ({@code VmHWM} of
 * {@code /proc/<pid>/status}, polled), the largest heap after a GC ({@code -Xlog:gc}), the calls each simulator
 * received, and the top of a class histogram ({@code jcmd <pid> GC.class_histogram}, taken every 5 s, the one with
 * the most live bytes kept) to show what grows with the window; the
 * heap after each of those full GCs is the live set over the run (max live heap). Figures go to {@code target/memory-benchmark.md} and the test output.
 *
 * <p>A benchmark, not a timed test: it asserts only that the child ran and that a completed run's report balances
 * and created one Note per matching text; an out-of-memory run is a finding, recorded, not a failure. The
 * simulators holding a million texts and Notes need several GB: run with
 * {@code -DargLine=-Xmx8g} (see docs/benchmarks.md, "Memory"). The CLI is {@code target/rcsync.jar} when it exists
 * (build it first with {@code package}), or {@code -Drcsync.memory.jar=FILE}; otherwise the same classes from this
 * JVM's class path.
 */
@Tag("benchmark")
class MemoryBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final String WAVE = "memory_firm";
  private static final int STAFF = 20;
  private static final int NUMBERS = 3_000;
  /** Seconds between class histograms (each forces a full GC: the live set); {@code -Drcsync.memory.histogramSeconds}. */
  private static final long HISTOGRAM_SECONDS = Long.getLong("rcsync.memory.histogramSeconds", 5);
  private static final Pattern GC_AFTER = Pattern.compile("->(\\d+)M\\(\\d+M\\)");

  @TempDir
  Path tmp;

  /** One run's figures. */
  private record Row(int texts, String outcome, int exitCode, double seconds, long peakRssKb, long maxHeapAfterGcMb,
      long rcCalls, Map<SimEndpoint, Long> rc, long sfCalls, Map<Endpoint, Long> sf, long created, long expected,
      String histogram, List<Long> liveSeries, List<String> warnings, String tail) {}

  @Test
  void measuresPeakMemoryOfALargeBackfillInASeparateProcess() throws Exception {
    List<Integer> sizes = Arrays.stream(System.getProperty("rcsync.memory.texts", "100000,1000000").split(","))
        .map(String::strip).map(Integer::parseInt).toList();
    String heap = System.getProperty("rcsync.memory.heap", "256m");
    List<Row> rows = new ArrayList<>();
    for (int n : sizes) {
      Row row = measure(n, heap);
      rows.add(row);
      String md = markdown(rows, heap);
      Path out = Path.of(System.getProperty("basedir", "."), "target", "memory-benchmark.md");
      Files.createDirectories(out.getParent());
      Files.writeString(out, md, StandardCharsets.UTF_8);
      System.out.println(md);
      System.gc();
    }
  }

  private Row measure(int texts, String heap) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("firm-" + texts));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    RingCentralSimulator rc = RingCentralSimulator.builder().noRateLimits().tokenLifetime(Duration.ofHours(4))
        .build().start();
    SalesforceSimulator sf = SalesforceSimulator.litify(SCHEMA).dailyApiRequests(100_000_000).build().start();
    try {
      long expected = seed(rc, sf, dir, texts, now);
      rc.resetCounters();
      sf.resetCounters();
      Path gcLog = dir.resolve("gc.log");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + heap, "-XX:+UseSerialGC", "-Xlog:gc:file=" + gcLog));
      // -Drcsync.memory.jar=FILE measures another build (e.g. main's jar, for a before/after at the same settings)
      Path jar = System.getProperty("rcsync.memory.jar") != null ? Path.of(System.getProperty("rcsync.memory.jar"))
          : Path.of(System.getProperty("basedir", "."), "target", "rcsync.jar");
      if (Files.isRegularFile(jar)) {
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
      } else {
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.rcsync.cli.Main"));
      }
      String since = LocalDate.ofInstant(now.minus(Duration.ofDays(61)), ZoneOffset.UTC).toString();
      command.addAll(List.of("sync", "--backfill", "--since", since));
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
      pb.environment().put("SF_ACCESS_TOKEN", sf.issueToken());
      pb.environment().put("SF_INSTANCE_URL", sf.instanceUrl());
      long start = System.nanoTime();
      Process p = pb.start();
      long peakRss = 0;
      String histogram = "";
      long lastHistogram = start;
      Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
      long deadline = start + TimeUnit.MINUTES.toNanos(Long.getLong("rcsync.memory.timeoutMinutes", 30));
      boolean stopped = false;
      while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline) {
          // a finding, not a failure: recorded with what the run reached (the figures so far stand)
          stopped = true;
          p.destroy();
          p.waitFor(30, TimeUnit.SECONDS);
          break;
        }
        peakRss = Math.max(peakRss, vmHwm(status));
        if (System.nanoTime() - lastHistogram > HISTOGRAM_SECONDS * 1e9) {
          lastHistogram = System.nanoTime();
          String h = histogram(p.pid());
          // the largest live set's histogram: what the run held at its fullest, not what was left at the end
          if (!h.isEmpty() && histogramBytes(h) >= histogramBytes(histogram)) {
            histogram = h;
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int code = p.isAlive() ? -1 : p.exitValue();
      String out = Files.readString(dir.resolve("stdout.txt")) + Files.readString(dir.resolve("stderr.txt"));
      boolean oom = out.contains("OutOfMemoryError");
      long created = -1;
      List<String> warnings = new ArrayList<>();
      try (var reports = Files.list(dir.resolve("reports"))) {
        Path report = reports.filter(f -> f.getFileName().toString().endsWith("-sync.json")).sorted()
            .reduce((a, b) -> b).orElse(null);
        if (report != null) {
          JsonNode r = JSON.readTree(report.toFile());
          created = r.path("totals").path("created").asLong(-1);
          r.path("warnings").forEach(w -> warnings.add(w.asText()));
          if (!stopped) {
            assertThat(r.path("totals").path("fetched").asLong()).as("texts fetched").isEqualTo(texts);
          }
        }
      } catch (IOException e) {
        created = -1;
      }
      if (stopped) {
        created = out.lines().filter(l -> l.contains(" so far")).reduce((a, b) -> b)
            .map(l -> Long.parseLong(l.replaceAll(".*, (\\d+) so far.*", "$1"))).orElse(0L);
      } else if (!oom) {
        assertThat(code).as(tail(out)).isZero();
        assertThat(created).as("one Note per matching text").isEqualTo(expected);
      }
      String outcome = oom ? "OutOfMemoryError" : stopped ? "stopped at the time limit (Notes written so far shown)"
          : code == 0 ? "completed" : "failed";
      return new Row(texts, outcome, code, seconds, peakRss,
          maxHeapAfterGc(gcLog), rc.totalCalls(), rc.callCounts(), sf.totalCalls(), sf.callCounts(), created,
          expected, histogram, liveSeries(gcLog), warnings, tail(out));
    } finally {
      rc.close();
      sf.close();
    }
  }

  /**
   * The synthetic firm: {@value #STAFF} extensions, {@value #NUMBERS} counterparties, 90% of them on a Matter (4 in
   * 5) or an Intake, texts spread evenly over the 60 days before {@code now}, 1% Intaker leads. Writes the config and
   * the credentials file; returns how many Notes the backfill must create.
   */
  private static long seed(RingCentralSimulator rc, SalesforceSimulator sf, Path dir, int texts, Instant now)
      throws IOException {
    Random random = new Random(20_261_130L + texts);
    String[] numbers = new String[NUMBERS];
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < NUMBERS; ) {
      String n = "502" + (200 + random.nextInt(800)) + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
      if (seen.add(n)) {
        numbers[i++] = n;
      }
    }
    int known = NUMBERS * 9 / 10;
    SalesforceIds matterIds = SalesforceIds.withPrefix(SalesforceIds.MATTER, 600_000);
    SalesforceIds intakeIds = SalesforceIds.withPrefix(SalesforceIds.INTAKE, 600_000);
    List<CaseRecord> cases = new ArrayList<>();
    for (int i = 0; i < known; i++) {
      String n = numbers[i];
      Cases.Builder b = i % 5 != 0 ? Cases.matter().id(matterIds.next()) : Cases.intake().id(intakeIds.next());
      String formatted = "(" + n.substring(0, 3) + ") " + n.substring(3, 6) + "-" + n.substring(6);
      cases.add(b.createdAt(now.minus(Duration.ofDays(400 + i % 300)))
          .phone(LitifySchema.DEFAULT_PHONE_FIELDS.get(i % 4), formatted).build());
    }
    sf.seedCases(cases, SCHEMA);
    StringBuilder roster = new StringBuilder();
    long span = Duration.ofDays(60).toSeconds();
    long expected = 0;
    for (int s = 0; s < STAFF; s++) {
      ExtensionId ext = ExtensionId.of(String.valueOf(490_000_100L + s));
      SalesforceId user = SalesforceIds.idFor(SalesforceIds.USER, 490_000 + s);
      rc.addExtension(new Extension(ext, String.valueOf(400 + s), "Staff " + s, "Enabled"));
      sf.addUser(user);
      roster.append(s == 0 ? "" : ",\n").append(String.format(Locale.ROOT,
          "      { \"name\": \"Staff %d\", \"extensionId\": \"%s\", \"sfUserId\": \"%s\" }", s, ext.value(),
          user.value()));
      int count = texts / STAFF + (s < texts % STAFF ? 1 : 0);
      List<SmsMessage> batch = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long id = 7_000_000_000L + (long) s * 10_000_000L + i;
        int k = random.nextInt(NUMBERS);
        String number = "+1" + numbers[k];
        boolean intaker = random.nextInt(100) == 0;
        Direction d = random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
        Instant at = now.minusSeconds(1 + (span - 2) * (count - i) / Math.max(1, count));
        SmsMessage m = new SmsMessage(MessageId.of(String.valueOf(id)), ext, d,
            d == Direction.INBOUND ? number : "+15025550100", List.of(d == Direction.INBOUND ? "+15025550100" : number),
            intaker ? "New lead from Intaker: call back" : "about the case, text " + i, at, null, "c" + k,
            d == Direction.INBOUND ? "Received" : "Delivered", List.of());
        batch.add(m);
        if (!intaker && k < known) {
          expected++;
        }
      }
      rc.addMessages(ext, batch);
    }
    String config = """
        {
          "activeWave": "%s",
          "waves": { "%s": [
        %s
          ] },
          "intakerFilter": { "bodyPrefixRegex": "^(Intaker|New lead from Intaker)" },
          "salesforce": { "targetOrg": "LITIFY_ORG" },
          "ringcentral": { "credentialsFile": ".credentials/rc-credentials.json" }
        }
        """.formatted(WAVE, WAVE, roster);
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/sync-config.json"), config);
    Path credentials = dir.resolve(".credentials/rc-credentials.json");
    Files.createDirectories(credentials.getParent());
    Files.writeString(credentials, rc.credentialsJson());
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    return expected;
  }

  /** VmHWM (peak resident set) in kB, 0 when the process is gone. */
  private static long vmHwm(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** The top 25 rows of the child's class histogram (forces a full GC: live objects only), "" when jcmd fails. */
  private static String histogram(long pid) {
    try {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram")
          .redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "";
      }
      List<String> lines = text.lines().filter(l -> l.matches("\\s*(\\d+:|num|Total|-).*")).limit(28).toList();
      return String.join("\n", lines) + "\n" + text.lines().filter(l -> l.startsWith("Total")).findFirst().orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The live bytes a histogram counts (its {@code Total} row), 0 when there is none. */
  private static long histogramBytes(String histogram) {
    return histogram.lines().filter(l -> l.startsWith("Total")).findFirst()
        .map(l -> l.trim().split("\\s+")).filter(f -> f.length >= 3).map(f -> Long.parseLong(f[2])).orElse(0L);
  }

  /** The largest heap occupancy after any GC in a {@code -Xlog:gc} file, in MB (-1 when there is none). */
  private static long maxHeapAfterGc(Path gcLog) throws IOException {
    if (!Files.exists(gcLog)) {
      return -1;
    }
    long max = -1;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC_AFTER.matcher(line);
      if (m.find()) {
        max = Math.max(max, Long.parseLong(m.group(1)));
      }
    }
    return max;
  }

  /**
   * The heap after each full GC that a class histogram forced ({@code Heap Inspection Initiated GC}), in MB: the live
   * set every {@code rcsync.memory.histogramSeconds} (5 s), so its growth over the run shows what the window costs.
   */
  private static List<Long> liveSeries(Path gcLog) throws IOException {
    List<Long> series = new ArrayList<>();
    if (Files.exists(gcLog)) {
      for (String line : Files.readAllLines(gcLog)) {
        Matcher m = GC_AFTER.matcher(line);
        if (line.contains("Heap Inspection") && m.find()) {
          series.add(Long.parseLong(m.group(1)));
        }
      }
    }
    return series;
  }

  private static String tail(String out) {
    List<String> lines = out.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }

  private static String markdown(List<Row> rows, String heap) {
    StringBuilder sb = new StringBuilder("# rcsync memory benchmark (issue 13 item 2)\n\n");
    sb.append("`java -Xmx").append(heap).append(" -XX:+UseSerialGC -jar rcsync.jar sync --backfill` as a separate ")
        .append("process against both simulators in the test JVM (rate limits off). ").append(STAFF)
        .append(" extensions, ").append(NUMBERS).append(" counterparties (90% on a Matter or Intake), 60 days.\n\n");
    sb.append("| texts | outcome | exit | seconds | peak RSS MB | max heap after GC MB | max live heap MB "
        + "| Notes created / expected | RC calls | SF calls |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %,d | %s | %d | %.1f | %d | %d | %d | %,d / %,d | %d | %d |%n",
          r.texts(), r.outcome(), r.exitCode(), r.seconds(), r.peakRssKb() / 1024, r.maxHeapAfterGcMb(),
          r.liveSeries().stream().mapToLong(Long::longValue).max().orElse(-1), r.created(), r.expected(), r.rcCalls(),
          r.sfCalls()));
    }
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%n## %,d texts%n%nRingCentral calls by endpoint: %s%n%n"
          + "Salesforce calls by endpoint: %s%n%nLive heap after each histogram's full GC, every " + HISTOGRAM_SECONDS
          + " s (MB): %s%n%n"
          + "Report warnings: %s%n%n"
          + "Largest class histogram (live objects):%n%n```%n%s%n```%n%n"
          + "Output tail:%n%n```%n%s%n```%n", r.texts(), nonZero(r.rc()), nonZero(r.sf()), r.liveSeries(), r.warnings(), r.histogram(), r.tail()));
    }
    return sb.toString();
  }

  private static <K> Map<K, Long> nonZero(Map<K, Long> counts) {
    Map<K, Long> out = new LinkedHashMap<>();
    counts.forEach((k, v) -> {
      if (v != null && v > 0) {
        out.put(k, v);
      }
    });
    return out;
  }
}

package io.rcsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.store.CsvHistorySource;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.port.out.HistorySource.Page;
import io.rcsync.core.port.out.HistorySource.Query;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: does {@code import-smsmagic --from-csv} read a large Data Loader export in bounded memory? Writes SMS
 * History exports of N rows (default 100,000 and 500,000; {@code -Drcsync.csv.rows=...} picks others) as Data Loader
 * writes them (every value quoted, CRLF, one body in five with a line break and a comma), reads every page through
 * {@link CsvHistorySource} and records: file size, pages, rows per second, and the live heap after a full GC taken
 * every 25 pages (the largest of them is what reading holds; the test's own bookkeeping is a count per page). A
 * benchmark, not a timed test: it asserts only that every row came back once. Figures go to
 * {@code target/csv-history-benchmark.md}. Run: {@code mvn -pl rcsync-cli -am test -Dgroups=benchmark
 * -DexcludedGroups= -Dtest=CsvHistoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class CsvHistoryBenchmark {
  private static final String HEADER = "\"ID\",\"NAME\",\"CREATEDDATE\",\"SMAGICINTERACT__SMSTEXT__C\","
      + "\"SMAGICINTERACT__PHONENUMBER__C\",\"SMAGICINTERACT__SENDERID__C\",\"SMAGICINTERACT__DIRECTION__C\","
      + "\"SMAGICINTERACT__SENT_ON__C\",\"SMAGICINTERACT__SENT_BY__C\",\"SMAGICINTERACT__STATUS__C\","
      + "\"SMAGICINTERACT__MESSAGE_TYPE__C\"\r\n";

  @TempDir
  Path dir;

  @Test
  void readsLargeExportsPageByPage() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("| rows | file MB | pages | rows/s | max live heap after GC (MB) | live heap / file size |");
    lines.add("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for (String n : System.getProperty("rcsync.csv.rows", "100000,500000").split(",")) {
      lines.add(run(Integer.parseInt(n.strip())));
    }
    String md = "CsvHistorySource reading SMS History exports, " + Runtime.getRuntime().availableProcessors()
        + " cores, -Xmx " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, " + System.getProperty("java.version")
        + "\n\n" + String.join("\n", lines) + "\n";
    System.out.println(md);
    Path out = Path.of(System.getProperty("basedir", "."), "target", "csv-history-benchmark.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
  }

  private String run(int rows) throws IOException {
    Path f = dir.resolve("history-" + rows + ".csv");
    try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      w.write(HEADER);
      for (int i = 0; i < rows; i++) {
        String body = i % 5 == 0 ? "Your hearing moved to " + (i % 28 + 1) + " May,\r\nbring the \"\"blue\"\" folder"
            : "Thanks, see you at " + (i % 12 + 1) + "pm";
        w.write(String.format(Locale.ROOT, "\"a3S%012dEAA\",\"SM-%09d\",\"2024-%02d-%02dT%02d:%02d:%02d.000Z\",\"%s\","
                + "\"(502) 555-%04d\",\"15025550147\",\"%s\",\"\",\"\",\"DELIVERED\",\"SMS\"\r\n", i, i, i % 12 + 1,
            i % 28 + 1, i % 24, i % 60, i % 60, body, i % 10_000, i % 3 == 0 ? "IN" : "OUT"));
      }
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long baseline = memory.getHeapMemoryUsage().getUsed();
    long maxLive = 0;
    long read = 0;
    int pages = 0;
    long started = System.nanoTime();
    long gcNanos = 0;
    try (CsvHistorySource source = CsvHistorySource.open(List.of(f), Path::toString, SmsMagicFieldMap.defaults(),
        CsvHistorySource.Options.defaults())) {
      Optional<String> cursor = Optional.empty();
      do {
        Page p = source.read(Query.all(), cursor);
        assertThat(p.rejected()).isEmpty();
        read += p.records().size();
        pages++;
        cursor = p.next();
        if (pages % 25 == 0) {
          long g = System.nanoTime();
          System.gc();
          maxLive = Math.max(maxLive, memory.getHeapMemoryUsage().getUsed() - baseline);
          gcNanos += System.nanoTime() - g;
        }
      } while (cursor.isPresent());
    }
    double seconds = (System.nanoTime() - started - gcNanos) / 1e9;
    assertThat(read).isEqualTo(rows);
    double fileMb = Files.size(f) / (double) (1 << 20);
    double liveMb = Math.max(0, maxLive) / (double) (1 << 20);
    return String.format(Locale.ROOT, "| %,d | %.1f | %d | %,.0f | %.1f | %.3f |", rows, fileMb, pages,
        rows / seconds, liveMb, liveMb / fileMb);
  }
}

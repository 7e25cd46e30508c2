package io.rcsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.domain.SmsMagicSettings;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.in.ImportHistoryUseCase.ImportCommand;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.port.out.ReportRows;
import io.rcsync.core.report.DeduplicatedText;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.ImportHistoryService;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Rosters;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.fixtures.SmsMagicRecords;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Review16 #6: what the SMS-Magic import itself holds while it reads a history (not the reader: see
 * {@link CsvHistoryBenchmark}). A source that makes its records page by page (so it holds none) feeds 100,000 history
 * records ({@code -Drcsync.import.records=...}) to {@link ImportHistoryService} as a dry run with streamed report rows
 * (so neither the fake org nor the report keeps them): 40% SMS History OUT, 30% SMS History IN, 30% Incoming SMS, one
 * IN record in ten a migration copy of an Incoming SMS record, bodies 20 to 160 characters. The live heap after a full
 * GC is taken every 5 pages; the largest, less the baseline, is what the import holds. Run twice: a source that reads
 * SMS History first (the import holds every IN record to the end) and one that reads Incoming SMS first
 * ({@code fixedInboundFirst}: a compact index only). A benchmark, not a timed test: it asserts only that the categories
 * add up. Figures go to {@code target/import-history-memory.md}. Run: {@code mvn -pl rcsync-cli -am test
 * -Dgroups=benchmark -DexcludedGroups= -Dtest=ImportHistoryMemoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class ImportHistoryMemoryBenchmark {
  private static final Instant T0 = Instant.parse("2022-01-01T00:00:00Z");
  private static final int PAGE = 2000;

  @Test
  void measuresWhatTheImportHoldsForAHistory() throws IOException {
    int n = Integer.getInteger("rcsync.import.records", 100_000);
    List<String> lines = new ArrayList<>();
    lines.add("| records | source order | max live heap after GC (MB) | bytes per record |");
    lines.add("| ---: | --- | ---: | ---: |");
    for (boolean incomingFirst : new boolean[] {false, true, false, true}) { // the first pair warms up
      long live = run(n, incomingFirst);
      lines.add(String.format(Locale.ROOT, "| %,d | %s | %.1f | %.0f |", n,
          incomingFirst ? "Incoming SMS first" : "SMS History first", live / (double) (1 << 20),
          live / (double) n));
    }
    String md = "ImportHistoryService (dry run, streamed rows) over " + n + " generated records, -Xmx "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, " + System.getProperty("java.version") + "\n\n"
        + String.join("\n", lines) + "\n";
    System.out.println(md);
    Path out = Path.of(System.getProperty("basedir", "."), "target", "import-history-memory.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
  }

  private long run(int n, boolean incomingFirst) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ApiCalls calls = new ApiCalls();
    MutableClock clock = MutableClock.at(Instant.parse("2026-04-20T12:00:00Z"));
    LitifySchema schema = LitifySchema.defaults().withMessageTimeField("RcSync_Message_Time__c");
    InMemoryNotes notes = new InMemoryNotes(schema, clock, calls);
    SalesforceId owner = SalesforceIds.idFor(SalesforceIds.USER, 9);
    Roster roster = Rosters.singleWave(Rosters.member("Alyssia").user(SalesforceIds.idFor(SalesforceIds.USER, 1))
        .build());
    SyncSettings settings = new SyncSettings(roster, IntakerFilter.of("^Intaker"), TopicMap.defaults(), schema,
        Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE);
    ImportHistoryService service = new ImportHistoryService(settings, SmsMagicSettings.defaults()
        .withDefaultOwner(owner), new InMemoryCaseDirectory(schema, calls), notes, notes, Optional.empty(),
        Optional.empty(), clock, calls);
    System.gc();
    long baseline = memory.getHeapMemoryUsage().getUsed();
    long[] maxLive = {0};
    Generated source = new Generated(n, incomingFirst, () -> {
      System.gc();
      maxLive[0] = Math.max(maxLive[0], memory.getHeapMemoryUsage().getUsed() - baseline);
    });
    RunReport report = service.importHistory(new ImportCommand(source, Optional.empty(), Optional.empty(), true,
        null, Optional.of(new Discarded())));
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.totals().fetched()).isEqualTo(n);
    return maxLive[0];
  }

  /** Makes record {@code i} when its page is read; holds nothing. */
  private static final class Generated implements HistorySource {
    final int n;
    final boolean incomingFirst;
    final Runnable sample;
    int pages;

    Generated(int n, boolean incomingFirst, Runnable sample) {
      this.n = n;
      this.incomingFirst = incomingFirst;
      this.sample = sample;
    }

    @Override
    public Page read(Query query, Optional<String> cursor) {
      int from = cursor.map(Integer::parseInt).orElse(0);
      int to = Math.min(n, from + PAGE);
      List<SmsMagicRecord> records = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        records.add(record(i));
      }
      if (++pages % 5 == 0) {
        sample.run();
      }
      return new Page(records, List.of(), to < n ? Optional.of(Integer.toString(to)) : Optional.empty());
    }

    /** Incoming SMS are the first (or last) 30%; every tenth IN record copies one of them. */
    private SmsMagicRecord record(int i) {
      int incoming = n * 3 / 10;
      boolean isIncoming = incomingFirst ? i < incoming : i >= n - incoming;
      int k = incomingFirst ? (isIncoming ? i : i - incoming) : (isIncoming ? i - (n - incoming) : i);
      String number = String.format(Locale.ROOT, "(502) 555-%04d", k % 10_000);
      String body = "Text " + k + " " + "about the case, please call back ".repeat(1 + k % 4);
      Instant at = T0.plusSeconds(60L * k);
      if (isIncoming) {
        return SmsMagicRecords.incoming().id(SalesforceIds.idFor("a3I", k)).counterparty(number).body(body).at(at)
            .build();
      }
      boolean in = k % 7 < 3; // 3 in 7 of SMS History inbound: 30% of all
      if (in && k % 10 == 0 && k < incoming) { // a migration copy of Incoming SMS record k
        return SmsMagicRecords.historyInbound().id(SalesforceIds.idFor("a3S", k)).counterparty(number).body(body)
            .at(at.plusSeconds(2)).build();
      }
      return (in ? SmsMagicRecords.historyInbound() : SmsMagicRecords.outgoing()).id(SalesforceIds.idFor("a3S", k))
          .counterparty(number).body(body).at(at).build();
    }

    @Override
    public boolean fixedInboundFirst() {
      return incomingFirst;
    }

    @Override
    public String description() {
      return "generated";
    }
  }

  /** Streamed rows nobody keeps. */
  private static final class Discarded implements ReportRows {
    @Override
    public void failure(MessageIssue row) {}

    @Override
    public void unmatched(MessageIssue row) {}

    @Override
    public void file(FileIssue row) {}

    @Override
    public void deduplicated(DeduplicatedText row) {}
  }
}

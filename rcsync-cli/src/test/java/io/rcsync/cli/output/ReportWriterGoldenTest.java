package io.rcsync.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.report.Counts;
import io.rcsync.core.report.FileCounts;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.ExtensionSummary;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.MissingFile;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.report.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact bytes of every report file, compared with {@code src/test/resources/golden/}: operators' scripts read
 * these files, so a change to their names, order, number format or CSV quoting must show up here as a diff.
 *
 * <p>Only the platform line separator of the pretty-printed JSON is normalised (to {@code \n}); CSV line ends are
 * compared as written (CRLF). To re-record after a deliberate format change, run the test with
 * {@code -Dgolden.update=true} from the module directory and review the diff.
 */
class ReportWriterGoldenTest {
  private static final String SECRET = "tok-SECRET-123456";
  private static final Instant STARTED = Instant.parse("2026-11-25T13:08:46.250Z");
  private static final Instant FINISHED = Instant.parse("2026-11-25T13:10:01.999Z");

  /** Values a CSV writer must quote or keep as they are, with the secret the writer must mask. */
  private static final List<MessageIssue> AWKWARD = List.of(
      new MessageIssue("m-1", "101", "+15551230001", "no Matter or Intake, phone 5551230001"),
      new MessageIssue("m-2", "101", "+15551230002", "Salesforce said \"INVALID_FIELD\" on Body__c"),
      new MessageIssue("m-3", "102", "=HYPERLINK(\"http://x\")", "line one\nline two"),
      new MessageIssue("m-4", "102", "+15551230004", "carriage\r\nreturn; token " + SECRET + " leaked"),
      new MessageIssue("m-5", "102", "", "counterparty unknown"),
      new MessageIssue("m-6", "103", "-1+1", "Zoë Ångström – client’s “quoted” name, ünïcödé 日本"),
      new MessageIssue("m-7", "103", "@SUM(A1)", ""),
      new MessageIssue("m-8", "103", " +15551230008 ", "  padded reason  "),
      new MessageIssue("m,9", "1\"03", "+1 (555) 123-0009", "tab\there"));

  @TempDir
  Path dir;

  private ReportWriter writer() {
    return new ReportWriter(dir, p -> "reports/" + p.getFileName(), List.of(SECRET, "short"));
  }

  // ---- sync ---------------------------------------------------------------------------------------------

  @Test
  void syncReportWithEveryOptionalPresent() throws IOException {
    Counts first = new Counts(3, 0, 1, 1, 1, 0, 2, 0, 0);
    Counts second = new Counts(7, 1, 2, 1, 1, 1, 3, 0, 1);
    RunReport r = new RunReport("sync", "backfill", false, "wave1_intake", STARTED, FINISHED,
        List.of(
            new ExtensionSummary("101", "Alyssia Núñez", Instant.parse("2026-09-26T00:00:00Z"),
                Instant.parse("2026-10-01T00:00:00Z"), first, Optional.empty(),
                "message sync: full from 2026-09-26T00:00:00Z after a rejected token"),
            new ExtensionSummary("102", "Bob, \"the\" Builder", Instant.parse("2026-09-26T00:00:00Z"),
                Instant.parse("2026-10-01T00:00:00.123456789Z"), second,
                Optional.of("fetch stopped: 401 for token " + SECRET))),
        first.plus(second), AWKWARD.subList(0, 5), AWKWARD.subList(5, 9),
        List.of("Sara Collins: no RingCentral extension", "Émile: sfUserId missing"),
        List.of("watermark for 103 moved back", "token " + SECRET + " is about to expire"),
        Map.of("salesforce", 12L, "ringcentral", 7L, "auth", 1L),
        Optional.of("RingCentral unreachable (" + SECRET + ")"));

    ReportWriter.Written written = writer().sync(r, 1, "sync");

    assertThat(written.report()).isEqualTo("reports/20261125T130846Z-sync.json");
    assertMatchesGolden("sync-full", "20261125T130846Z-sync.json", "20261125T130846Z-sync-failures.csv",
        "20261125T130846Z-sync-unmatched.csv");
  }

  @Test
  void syncReportWithEveryOptionalAbsentAndNothingFetched() throws IOException {
    RunReport r = new RunReport("sync", null, true, null, STARTED, STARTED,
        List.of(new ExtensionSummary("101", null, null, null, Counts.ZERO, Optional.empty())),
        Counts.ZERO, List.of(), List.of(), List.of(), List.of(), Map.of(), Optional.empty());

    writer().sync(r, 0, "sync");

    assertMatchesGolden("sync-empty", "20261125T130846Z-sync.json", "20261125T130846Z-sync-failures.csv",
        "20261125T130846Z-sync-unmatched.csv");
  }

  @Test
  void syncReportWithMmsFilesWritesTheAttachmentsCsvAndFigures() throws IOException {
    Counts counts = new Counts(4, 0, 4, 0, 0, 0, 4, 0, 0);
    FileCounts files = new FileCounts(6, 2, 3_250_000, 1, 1, 1, 1, 0, 0, 0, 0);
    List<FileIssue> rows = List.of(
        new FileIssue("9001", "101", "a1", "IMG_0042.jpg", "image/jpeg", 3_000_000L, "rc_msg_9001",
            FileIssue.Outcome.COPIED, ""),
        new FileIssue("9001", "101", "a2", "police, \"report\".pdf", "application/pdf", 250_000L, "rc_msg_9001",
            FileIssue.Outcome.COPIED, ""),
        new FileIssue("9002", "101", "b1", "b1.jpg", "image/jpeg", 1200L, "rc_msg_9002",
            FileIssue.Outcome.ALREADY_STORED, ""),
        new FileIssue("9003", "101", "c1", "clip.mp4", "video/mp4", 40_000_000L, "rc_msg_9003",
            FileIssue.Outcome.OVER_LIMIT, "clip.mp4 is 40000000 bytes (listed), over attachments.maxBytes (26214400):"
                + " raise attachments.maxBytes to copy it"),
        new FileIssue("9003", "101", "c2", "card.vcf", "text/vcard", null, "rc_msg_9003",
            FileIssue.Outcome.TYPE_REFUSED, "card.vcf has content type text/vcard, not in attachments.contentTypes"
                + " [image/*]: add it there to copy it"),
        new FileIssue("9004", "101", "d1", "d1.png", "image/png", 900L, "rc_msg_9004", FileIssue.Outcome.FAILED,
            "download failed: RingCentral 429 for token " + SECRET));
    RunReport r = new RunReport("sync", "incremental", false, "wave1_intake", STARTED, FINISHED,
        List.of(new ExtensionSummary("101", "Alyssia", Instant.parse("2026-09-26T00:00:00Z"),
            Instant.parse("2026-10-01T00:00:00Z"), counts, Optional.empty(), null, files)),
        counts, List.of(), List.of(), List.of(), List.of(), Map.of("salesforce", 9L, "ringcentral", 4L),
        Optional.empty(), files, rows);

    ReportWriter.Written written = writer().sync(r, 1, "sync");

    assertThat(written.files()).containsEntry("attachments", "reports/20261125T130846Z-sync-attachments.csv");
    assertMatchesGolden("sync-files", "20261125T130846Z-sync.json", "20261125T130846Z-sync-failures.csv",
        "20261125T130846Z-sync-unmatched.csv", "20261125T130846Z-sync-attachments.csv");
  }

  /**
   * The report's rows as a streamed run has them (issue 13 item 2): counted, only the first kept, and the CSVs written
   * by a {@link StreamedSyncRows} as the run went.
   */
  private static RunReport streamed(RunReport full, int kept) {
    return new RunReport(full.verb(), full.mode(), full.dryRun(), full.wave(), full.startedAt(), full.finishedAt(),
        full.extensions(), full.totals(), full.failures().stream().limit(kept).toList(),
        full.unmatched().stream().limit(kept).toList(), full.skippedStaff(), full.warnings(), full.apiCalls(),
        full.aborted(), full.fileTotals(), full.files().stream().limit(kept).toList(),
        new RunReport.Rows(full.failures().size(), full.unmatched().size(), full.files().size(),
            full.files().stream().filter(f -> f.outcome() == FileIssue.Outcome.FAILED).count(), true));
  }

  private static void feed(StreamedSyncRows rows, RunReport full) {
    full.failures().forEach(rows::failure);
    full.unmatched().forEach(rows::unmatched);
    full.files().forEach(rows::file);
  }

  @Test
  void streamedRowsWriteTheSameFilesAsTheInMemoryReport() throws IOException {
    Counts first = new Counts(3, 0, 1, 1, 1, 0, 2, 0, 0);
    RunReport full = new RunReport("sync", "backfill", false, "wave1_intake", STARTED, FINISHED,
        List.of(new ExtensionSummary("101", "Alyssia Núñez", Instant.parse("2026-09-26T00:00:00Z"),
            Instant.parse("2026-10-01T00:00:00Z"), first, Optional.empty())),
        first, AWKWARD.subList(0, 5), AWKWARD.subList(5, 9), List.of(), List.of(), Map.of(), Optional.empty());
    Path inMemory = Files.createDirectories(dir.resolve("in-memory"));
    new ReportWriter(inMemory, p -> "reports/" + p.getFileName(), List.of(SECRET, "short")).sync(full, 1, "sync");

    ReportWriter.Written written;
    try (StreamedSyncRows rows = writer().streamSyncRows()) {
      feed(rows, full);
      written = writer().sync(streamed(full, 2), 1, "sync", null, rows);
    }

    assertThat(written.files()).containsOnlyKeys("report", "failures", "unmatched");
    for (String name : List.of("20261125T130846Z-sync.json", "20261125T130846Z-sync-failures.csv",
        "20261125T130846Z-sync-unmatched.csv")) {
      assertThat(Files.readString(dir.resolve(name))).as(name)
          .isEqualTo(Files.readString(inMemory.resolve(name)));
    }
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("no part file left")
          .noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void streamedMmsRowsWriteTheGoldenAttachmentsCsv() throws IOException {
    Counts counts = new Counts(4, 0, 4, 0, 0, 0, 4, 0, 0);
    FileCounts files = new FileCounts(2, 1, 3_000_000, 0, 0, 0, 1, 0, 0, 0, 0);
    List<FileIssue> rows = List.of(
        new FileIssue("9001", "101", "a1", "IMG_0042.jpg", "image/jpeg", 3_000_000L, "rc_msg_9001",
            FileIssue.Outcome.COPIED, ""),
        new FileIssue("9004", "101", "d1", "=d1.png", null, null, "rc_msg_9004", FileIssue.Outcome.FAILED,
            "download failed: RingCentral 429 for token " + SECRET));
    RunReport full = new RunReport("sync", "incremental", false, "wave1_intake", STARTED, FINISHED,
        List.of(new ExtensionSummary("101", "Alyssia", null, null, counts, Optional.empty(), null, files)),
        counts, List.of(), List.of(), List.of(), List.of(), Map.of(), Optional.empty(), files, rows);
    Path inMemory = Files.createDirectories(dir.resolve("in-memory"));
    new ReportWriter(inMemory, p -> "reports/" + p.getFileName(), List.of(SECRET, "short")).sync(full, 1, "sync");

    try (StreamedSyncRows streamedRows = writer().streamSyncRows()) {
      feed(streamedRows, full);
      RunReport r = streamed(full, 1);
      assertThat(r.clean()).as("the failed file counts though its row is not kept").isFalse();
      writer().sync(r, 1, "sync", null, streamedRows);
    }

    String csv = Files.readString(dir.resolve("20261125T130846Z-sync-attachments.csv"));
    assertThat(csv).isEqualTo(Files.readString(inMemory.resolve("20261125T130846Z-sync-attachments.csv")))
        .contains("'=d1.png").doesNotContain(SECRET);
  }

  @Test
  void aRunThatEndsInAnExceptionLeavesNoStreamedPartFiles() throws IOException {
    try (StreamedSyncRows rows = writer().streamSyncRows()) {
      rows.unmatched(AWKWARD.get(0));
    }

    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aSecondReportInTheSameSecondGetsItsOwnNames() throws IOException {
    RunReport r = new RunReport("ingest", "incremental", false, "wave2", STARTED, FINISHED, List.of(),
        new Counts(1, 0, 1, 0, 0, 0, 1, 0, 0), List.of(), List.of(AWKWARD.get(0)), List.of(), List.of(),
        Map.of("ringcentral", 1L), Optional.empty());

    writer().sync(r, 0, "ingest");
    ReportWriter.Written second = writer().sync(r, 0, "ingest");

    assertThat(second.files()).containsExactly(
        Map.entry("report", "reports/20261125T130846Z_2-ingest.json"),
        Map.entry("failures", "reports/20261125T130846Z_2-ingest-failures.csv"),
        Map.entry("unmatched", "reports/20261125T130846Z_2-ingest-unmatched.csv"));
    assertMatchesGolden("ingest-second", "20261125T130846Z_2-ingest.json", "20261125T130846Z_2-ingest-failures.csv",
        "20261125T130846Z_2-ingest-unmatched.csv");
  }

  // ---- verify -------------------------------------------------------------------------------------------

  @Test
  void verifyReportWithGapsOrphansAndUncheckedTexts() throws IOException {
    VerifyReport r = new VerifyReport("wave1_intake", Instant.parse("2026-09-26T00:00:00Z"),
        Instant.parse("2026-10-01T00:00:00Z"), STARTED, FINISHED, 40, 31, 28, AWKWARD.subList(0, 4),
        List.of("rc_msg_9001", "rc_msg_9002"), Optional.of("salesforce.note.messageTimeField is not set"),
        Map.of("salesforce", 4L, "ringcentral", 3L), AWKWARD.subList(4, 9),
        List.of("extension 102: fetch failed (" + SECRET + ")", "run stopped early"));

    writer().verify(r, 1);

    assertMatchesGolden("verify-gaps", "20261125T130846Z-verify.json", "20261125T130846Z-verify-missing.csv",
        "20261125T130846Z-verify-unchecked.csv");
  }

  @Test
  void verifyReportOfACompleteWindow() throws IOException {
    VerifyReport r = new VerifyReport(null, Instant.parse("2026-09-26T00:00:00Z"), Instant.parse("2026-10-01T00:00:00Z"),
        STARTED, FINISHED, 0, 0, 0, List.of(), List.of(), Optional.empty(), Map.of());

    writer().verify(r, 0);

    assertMatchesGolden("verify-complete", "20261125T130846Z-verify.json", "20261125T130846Z-verify-missing.csv",
        "20261125T130846Z-verify-unchecked.csv");
  }

  @Test
  void verifyReportWithMissingFilesWritesTheirCsvWithFormulasNeutralised() throws IOException {
    VerifyReport r = new VerifyReport("wave1_intake", Instant.parse("2026-09-26T00:00:00Z"),
        Instant.parse("2026-10-01T00:00:00Z"), STARTED, FINISHED, 3, 2, 2, List.of(), List.of(), Optional.empty(),
        Map.of("salesforce", 3L), List.of(), List.of(), 3,
        List.of(new MissingFile("9001", "rc_msg_9001", "11", "=HYPERLINK(\"http://x\",\"pic\").jpg",
                "no file (key rc_att_9001_11): a backfill sync over the window copies it"),
            new MissingFile("9002", "rc_msg_9002", "21", "report, final.pdf",
                "not linked to its matter a0L000000000001AAA (file 069000000000001AAA): a backfill sync over the window"
                    + " links it; token " + SECRET)),
        1, Optional.empty());

    ReportWriter.Written written = writer().verify(r, 1);

    assertThat(written.files()).containsKey("missing-files");
    assertMatchesGolden("verify-files", "20261125T130846Z-verify.json", "20261125T130846Z-verify-missing-files.csv");
  }

  // ---- rollback / restore -------------------------------------------------------------------------------

  @Test
  void rollbackReportWithManifestBlockAndFailures() throws IOException {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("wave", "wave1_intake");
    filters.put("owner", null);
    filters.put("since", "2026-09-26T00:00:00Z");
    filters.put("until", null);
    filters.put("messageId", null);
    filters.put("confirm", true);
    filters.put("maxDelete", 5000);
    RollbackReport r = new RollbackReport(false, STARTED, FINISHED, 6, 1, 3, 2,
        List.of("a0B000000000001 rc_msg_1 2026-09-27T10:00:00Z \"hi, there\"", "a0B000000000002 rc_msg_2 Zoë"),
        recordFailures(), Optional.of("reports/20261125T130846Z-rollback-manifest.jsonl"),
        Optional.of("over --max-delete; token " + SECRET), Map.of("salesforce", 9L));

    writer().rollback(r, 1, filters);

    assertMatchesGolden("rollback-full", "20261125T130846Z-rollback.json", "20261125T130846Z-rollback-failures.csv");
  }

  @Test
  void rollbackDryRunWithNothingSelected() throws IOException {
    RollbackReport r = new RollbackReport(true, STARTED, FINISHED, 0, 0, 0, 0, List.of(), List.of(), Optional.empty(),
        Optional.empty(), Map.of());

    writer().rollback(r, 0, Map.of());

    assertMatchesGolden("rollback-empty", "20261125T130846Z-rollback.json", "20261125T130846Z-rollback-failures.csv");
  }

  @Test
  void restoreReportWithFailures() throws IOException {
    RestoreReport r = new RestoreReport(false, "reports/20261125T130846Z-rollback-manifest.jsonl", STARTED, FINISHED, 8, 4,
        1, 3, recordFailures(), Map.of("salesforce", 2L, "auth", 1L));

    writer().restore(r, 1);

    assertMatchesGolden("restore-full", "20261125T130846Z-restore.json", "20261125T130846Z-restore-failures.csv");
  }

  @Test
  void restoreFailuresCsvHasARowPerFileNotRestoredNamedByItsKey() throws IOException {
    RestoreReport r = new RestoreReport(false, "m.jsonl", STARTED, FINISHED, 1, 1, 0, 0, List.of(), Map.of(), 2, 0, 1, 1,
        List.of("rc_att_1_2: not restored: message-content: gone at RingCentral (HTTP 404)"));

    ReportWriter.Written written = writer().restore(r, 1);

    String csv = Files.readString(dir.resolve(Path.of(written.files().get("failures")).getFileName()));
    assertThat(csv).contains("rc_att_1_2,").contains("not restored: message-content: gone at RingCentral (HTTP 404)");
  }

  @Test
  void restoreDryRunWithoutFailures() throws IOException {
    RestoreReport r = new RestoreReport(true, "manifest.jsonl", STARTED, FINISHED, 0, 0, 0, 0, List.of(), Map.of());

    writer().restore(r, 0);

    assertMatchesGolden("restore-empty", "20261125T130846Z-restore.json", "20261125T130846Z-restore-failures.csv");
  }

  // ---- generic (doctor, schedule, demo) -----------------------------------------------------------------

  @Test
  void genericReportOfTheDemo() throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("seed", 42L);
    body.put("backend", "in-memory fakes");
    body.put("directory", "/tmp/rcsync-demo, with \"quotes\" and ünïcödé");
    List<Map<String, Object>> steps = new ArrayList<>();
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("step", "1/5 Backfill");
    step.put("exitCode", 0);
    step.put("report", "reports/20261125T130846Z-sync.json");
    steps.add(step);
    Map<String, Object> missing = new LinkedHashMap<>();
    missing.put("step", "2/5 Re-run");
    missing.put("exitCode", 1);
    missing.put("report", null);
    steps.add(missing);
    body.put("steps", steps);
    body.put("callsReceived", List.of("RingCentral: 12 calls", "Salesforce: 30 calls"));
    body.put("problems", List.of());
    body.put("ratio", 0.5);
    body.put("installed", false);

    ReportWriter.Written w = writer().generic("demo", STARTED, FINISHED, 0, body);

    assertThat(w.files()).containsOnlyKeys("report");
    assertMatchesGolden("demo", "20261125T130846Z-demo.json");
  }

  // ---- helpers ------------------------------------------------------------------------------------------

  /** Record failures as the services phrase them: "<record>: <why>", or a batch failure with no record. */
  private static List<String> recordFailures() {
    return List.of(
        "a0B000000000003: ENTITY_IS_DELETED, entity is deleted",
        "rc_msg_77: \"Body__c\" too long\nsecond line",
        "batch of 200 failed: 503 Service Unavailable (token " + SECRET + ")",
        "no colon here",
        ": starts with the separator",
        "a0B000000000004:no space after colon",
        "Zoë’s record: unicode reason – ✓",
        "=cmd|' /C calc'!A0: formula-looking record");
  }

  /** Compares the written files with {@code golden/<kase>/<name>}, byte for byte. */
  private void assertMatchesGolden(String kase, String... names) throws IOException {
    for (String name : names) {
      byte[] actual = normalised(name, Files.readAllBytes(dir.resolve(name)));
      String resource = "golden/" + kase + "/" + name;
      if (Boolean.getBoolean("golden.update")) {
        Path target = Paths.get("src/test/resources").resolve(resource);
        Files.createDirectories(target.getParent());
        Files.write(target, actual);
        continue;
      }
      byte[] expected = golden(resource);
      assertThat(new String(actual, StandardCharsets.UTF_8)).as(resource)
          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
      assertThat(Arrays.equals(actual, expected)).as(resource + " byte for byte").isTrue();
    }
  }

  private static byte[] normalised(String name, byte[] bytes) {
    String nl = System.lineSeparator();
    if (!name.endsWith(".json") || nl.equals("\n")) {
      return bytes;
    }
    return new String(bytes, StandardCharsets.UTF_8).replace(nl, "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] golden(String resource) throws IOException {
    try (InputStream in = ReportWriterGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("golden file " + resource + " (record it with -Dgolden.update=true)").isNotNull();
      return in.readAllBytes();
    }
  }
}

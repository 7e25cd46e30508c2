package io.rcsync.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.RcSync;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.AttachmentPolicy;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.report.FileCounts;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.http.Sleeper;
import io.rcsync.ringcentral.RingCentralAdapters;
import io.rcsync.ringcentral.RingCentralConfig;
import io.rcsync.ringcentral.RingCentralCredentials;
import io.rcsync.ringcentral.TokenCache;
import io.rcsync.salesforce.SalesforceAdapters;
import io.rcsync.salesforce.SalesforceConfig;
import io.rcsync.salesforce.StaticTokenAuth;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.ringcentral.RateLimit;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What MMS files cost (issue 12, "Calls budgeted"): a backfill on the RingCentral and Salesforce simulators of a firm
 * whose texts include N MMS, each with one ~200 KB picture, for N = 10, 200 and 1,000, with files on, its re-run, and
 * the same backfill with {@code attachments.enabled=false} (the baseline: the difference is what the files cost).
 *
 * <p>Real adapters and core: {@link RingCentralSimulator} → {@link RingCentralAdapters} (message source, extension
 * directory, attachment source, one login) → {@link RcSync} → {@link SalesforceAdapters} (case directory, Note sink,
 * file store) → {@link SalesforceSimulator}. RingCentral's documented rate limits are ON in the simulator (Light 50,
 * Medium 40, Auth 5 requests a minute, https://developers.ringcentral.com/guide/basics/rate-limits); the simulator and
 * the adapter share a virtual clock that the adapter's {@link Sleeper} advances, so the rate-limit waits are measured
 * (in virtual seconds) without being slept.
 *
 * <p>Salesforce calls are split by kind by a {@link FileStore} wrapper that attributes the simulator's requests made
 * inside each file-store method: Files lookups ({@code findByKeys}/{@code findByNotes}), uploads
 * ({@code upload}/{@code uploadAll}), shares ({@code share}/{@code unshare}); the rest are the Notes' (case lookups,
 * Note existence lookups, describe, Note writes). A benchmark, not a timed test: it asserts the runs are correct and
 * the call COUNTS, never how fast they are. Figures go to {@code target/files-benchmark.md} and standard output. Run:
 * {@code mvn -B -pl rcsync-cli -am test -Dgroups=benchmark -DexcludedGroups= -Dtest=FilesBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class FilesBenchmark {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final String WAVE = "files_firm";
  /** Bytes of each MMS picture: ~200 KB (the simulator generates them, seeded by the ids, as it streams them). */
  static final long FILE_BYTES = 200 * 1024;
  /** Plain SMS texts of every firm, besides its MMS. */
  static final int PLAIN_TEXTS = 500;
  static final int STAFF = 5;
  static final int NUMBERS = 100;
  /** RingCentral's documented Medium group limit (Get Message Content is in Medium): requests per 60 s window. */
  static final int MEDIUM_PER_MINUTE = 40;

  /** A clock the adapter's sleeper moves forward; the RingCentral simulator's rate-limit windows run on it. */
  static final class VirtualClock extends Clock {
    private final AtomicReference<Instant> now;

    VirtualClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      if (!d.isNegative()) {
        now.updateAndGet(t -> t.plus(d));
      }
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  /** Salesforce requests per file-store kind, counted on the simulator around each {@link FileStore} call. */
  static final class CountingFileStore implements FileStore {
    private final FileStore store;
    private final Supplier<Long> sfCalls;
    long lookups;
    long uploads;
    long shares;
    long deletes;
    long uploadedFiles;
    /** findByKeys invocations: one per Note batch that has media (FileCopier's step 2). */
    long batches;
    /** The keys of each findByKeys: the media of each Note batch. */
    final List<Integer> batchFiles = new ArrayList<>();

    CountingFileStore(FileStore store, Supplier<Long> sfCalls) {
      this.store = store;
      this.sfCalls = sfCalls;
    }

    private <T> T counted(Supplier<T> call, java.util.function.LongConsumer add) {
      long before = sfCalls.get();
      try {
        return call.get();
      } finally {
        add.accept(sfCalls.get() - before);
      }
    }

    long total() {
      return lookups + uploads + shares + deletes;
    }

    @Override
    public Map<String, StoredFile> findByKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
      batches++;
      batchFiles.add(keys.size());
      return counted(() -> store.findByKeys(keys, noteIds), n -> lookups += n);
    }

    @Override
    public Set<String> storedKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
      return counted(() -> store.storedKeys(keys, noteIds), n -> lookups += n);
    }

    @Override
    public List<StoredFile> findByNotes(Collection<SalesforceId> noteIds) {
      return counted(() -> store.findByNotes(noteIds), n -> lookups += n);
    }

    @Override
    public UploadOutcome upload(Upload upload) {
      uploadedFiles++;
      return counted(() -> store.upload(upload), n -> uploads += n);
    }

    @Override
    public List<UploadOutcome> uploadAll(List<Upload> list) {
      uploadedFiles += list.size();
      return counted(() -> store.uploadAll(list), n -> uploads += n);
    }

    @Override
    public List<ShareOutcome> share(List<Share> list) {
      return counted(() -> store.share(list), n -> shares += n);
    }

    @Override
    public List<ShareOutcome> unshare(List<Share> list) {
      return counted(() -> store.unshare(list), n -> shares += n);
    }

    @Override
    public List<DeleteOutcome> delete(Collection<SalesforceId> contentDocumentIds) {
      return counted(() -> store.delete(contentDocumentIds), n -> deletes += n);
    }
  }

  /** One measured run. */
  record Row(int n, String name, boolean files, RunReport report, double seconds, long sfTotal, long sfLookups,
      long sfUploads, long sfShares, long uploadedFiles, long batches, List<Integer> batchFiles, Map<SimEndpoint, Long> rc, Map<SalesforceSimulator.Endpoint,
      Long> sf, Duration rateLimitWait, List<Duration> waits) {
    FileCounts fc() {
      return report.fileTotals();
    }

    long sfNotes() {
      return sfTotal - sfLookups - sfUploads - sfShares;
    }

    long rc(SimEndpoint e) {
      return rc.getOrDefault(e, 0L);
    }

    /** Requests of RingCentral's Medium group: content downloads and extension listings. */
    long mediumRequests() {
      return rc(SimEndpoint.MESSAGE_CONTENT) + rc(SimEndpoint.EXTENSION_LIST);
    }

    long rcTotal() {
      return rc.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The firm's data: STAFF extensions, NUMBERS counterparties all on a Matter, PLAIN_TEXTS SMS and {@code mms} MMS. */
  record FirmData(List<Extension> extensions, Map<ExtensionId, List<SmsMessage>> messages, List<CaseRecord> cases,
      Set<SalesforceId> users, Roster roster, Instant since) {
    static FirmData generate(int mms, Instant now) {
      List<Extension> extensions = new ArrayList<>();
      List<StaffMember> members = new ArrayList<>();
      Set<SalesforceId> users = new java.util.LinkedHashSet<>();
      for (int s = 0; s < STAFF; s++) {
        ExtensionId ext = ExtensionId.of(String.valueOf(490_000_100L + s));
        SalesforceId user = SalesforceIds.idFor(SalesforceIds.USER, 490_000 + s);
        extensions.add(new Extension(ext, String.valueOf(400 + s), "Staff " + s, "Enabled"));
        // every roster row by extension id: no extension-list call (it is in the Medium group too)
        members.add(new StaffMember("Staff " + s, Optional.of(ext), Optional.empty(), Optional.of(user)));
        users.add(user);
      }
      SalesforceIds matterIds = SalesforceIds.withPrefix(SalesforceIds.MATTER, 600_000);
      List<CaseRecord> cases = new ArrayList<>();
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < NUMBERS; i++) {
        String number = String.format(Locale.ROOT, "+1502555%04d", 1000 + i);
        numbers.add(number);
        cases.add(Cases.matter().id(matterIds.next()).phone(number).build());
      }
      Map<ExtensionId, List<SmsMessage>> messages = new LinkedHashMap<>();
      int texts = PLAIN_TEXTS + mms;
      Instant first = now.minus(Duration.ofDays(30));
      long step = Duration.ofDays(29).toSeconds() / texts;
      for (int i = 0; i < texts; i++) {
        ExtensionId ext = extensions.get(i % STAFF).id();
        String number = numbers.get(i % NUMBERS);
        // every (PLAIN_TEXTS + mms) / mms-th text is an MMS with one ~200 KB picture
        boolean isMms = mms > 0 && (long) i * mms / texts != (long) (i + 1) * mms / texts;
        Messages.Builder b = Messages.inbound().id(String.valueOf(9_500_000_000L + i)).extension(ext.value())
            .from(number).text(isMms ? "picture " + i : "text " + i + " about the case")
            .at(first.plusSeconds(step * i));
        if (isMms) {
          b.attachment(new Attachment("att" + i, "https://placeholder.invalid/" + i, Attachment.MMS_ATTACHMENT,
              "image/jpeg", FILE_BYTES, "photo-" + i + ".jpg"));
        }
        messages.computeIfAbsent(ext, k -> new ArrayList<>()).add(b.build());
      }
      long counted = messages.values().stream().flatMap(List::stream).filter(m -> !m.attachments().isEmpty()).count();
      assertThat(counted).isEqualTo(mms);
      return new FirmData(extensions, messages, cases, users, Roster.of(new Wave(WAVE, members)),
          now.minus(Duration.ofDays(31)));
    }
  }

  /** Fresh simulators holding one firm; {@link #run} builds fresh adapters each time, like one CLI run. */
  static final class Firm implements AutoCloseable {
    final FirmData data;
    final SyncSettings settings;
    final VirtualClock clock;
    final RingCentralSimulator rc;
    final SalesforceSimulator sf;

    Firm(FirmData data, boolean files, boolean rateLimits, Instant start) {
      this.data = data;
      AttachmentPolicy policy = files ? AttachmentPolicy.defaults()
          : new AttachmentPolicy(false, AttachmentPolicy.DEFAULT_MAX_BYTES, AttachmentPolicy.DEFAULT_CONTENT_TYPES);
      settings = new SyncSettings(data.roster(), IntakerFilter.of("^Intaker"), TopicMap.defaults(), SCHEMA,
          Duration.ofMinutes(30), SyncSettings.DEFAULT_CHUNK_SIZE, Duration.ofDays(30), policy);
      clock = new VirtualClock(start);
      RingCentralSimulator.Builder rb = RingCentralSimulator.builder().clock(clock).tokenLifetime(Duration.ofHours(1));
      rb = rateLimits ? rb.rateLimits(RateLimit.documentedDefaults()) : rb.noRateLimits();
      rc = rb.build().start();
      rc.addExtensions(data.extensions());
      data.messages().forEach(rc::addMessages);
      sf = SalesforceSimulator.litify(SCHEMA).dailyApiRequests(1_000_000).build().start();
      data.users().forEach(sf::addUser);
      sf.seedCases(data.cases(), SCHEMA);
    }

    Row run(int n, String name) {
      ApiCalls calls = new ApiCalls();
      List<Duration> waits = new ArrayList<>();
      Sleeper sleeper = d -> {
        waits.add(d);
        clock.advance(d);
      };
      RingCentralAdapters ring = RingCentralAdapters.create(RingCentralConfig.builder(
          RingCentralCredentials.of(rc.clientId(), rc.clientSecret(), rc.jwt()).withServer(URI.create(rc.baseUrl())))
          .sleeper(sleeper).clock(clock).maxRetryWait(Duration.ofMinutes(5)).build(), calls, TokenCache.inMemory());
      SalesforceAdapters salesforce = SalesforceAdapters.create(SalesforceConfig.builder().schema(SCHEMA).build(),
          new StaticTokenAuth(sf.instanceUrl(), sf.issueToken()), calls);
      CountingFileStore files = new CountingFileStore(salesforce.newFileStore(), sf::totalCalls);
      RcSync rcsync = RcSync.builder()
          .settings(settings)
          .messageSource(ring.messageSource())
          .extensionDirectory(ring.extensionDirectory())
          .caseDirectory(salesforce.newCaseDirectory())
          .noteSink(salesforce.noteSink())
          .noteStore(salesforce.noteStore())
          .attachmentSource(ring.attachments())
          .fileStore(files)
          .apiCalls(calls)
          .build();
      rc.resetCounters();
      sf.resetCounters();
      long startNanos = System.nanoTime();
      RunReport report = rcsync.sync(SyncCommand.backfill(WAVE, data.since(), null, false));
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      assertThat(report.aborted()).as(name).isEmpty();
      assertThat(report.totals().balanced()).as(name).isTrue();
      assertThat(report.totals().failed()).as(name).isZero();
      assertThat(report.fileTotals().balanced()).as(name).isTrue();
      assertThat(report.fileTotals().failed() + report.fileTotals().unavailable()).as(name).isZero();
      // the adapters counted every request the simulators received
      assertThat(report.apiCalls().get(ApiCalls.RINGCENTRAL)).as(name).isEqualTo(rc.totalCalls());
      assertThat(report.apiCalls().get(ApiCalls.SALESFORCE)).as(name).isEqualTo(sf.totalCalls());
      Duration wait = waits.stream().reduce(Duration.ZERO, Duration::plus);
      Map<SimEndpoint, Long> rcCalls = new EnumMap<>(SimEndpoint.class);
      rcCalls.putAll(rc.callCounts());
      return new Row(n, name, settings.attachments().enabled(), report, seconds, sf.totalCalls(), files.lookups,
          files.uploads, files.shares, files.uploadedFiles, files.batches, List.copyOf(files.batchFiles), rcCalls, sf.callCounts(), wait, List.copyOf(waits));
    }

    int notes() {
      return sf.count(SCHEMA.noteObject());
    }

    int contentVersions() {
      return sf.count("ContentVersion");
    }

    @Override
    public void close() {
      rc.close();
      sf.close();
    }
  }

  /** ⌈n / 40⌉ − 1 full Medium windows of 60 s: the least a run of n content downloads must wait. */
  static Duration mediumFloor(long downloads) {
    return downloads <= MEDIUM_PER_MINUTE ? Duration.ZERO
        : Duration.ofSeconds(60 * ((downloads + MEDIUM_PER_MINUTE - 1) / MEDIUM_PER_MINUTE - 1));
  }

  @Test
  void measuresWhatMmsFilesCostOnTheSimulators() throws IOException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // warm-up on throwaway simulators, not reported
    try (Firm warm = new Firm(FirmData.generate(50, now), true, false, now)) {
      warm.run(50, "warm-up");
      warm.run(50, "warm-up re-run");
    }
    List<Row> rows = new ArrayList<>();
    for (int n : new int[] {10, 200, 1000}) {
      FirmData data = FirmData.generate(n, now);
      int texts = PLAIN_TEXTS + n;
      try (Firm firm = new Firm(data, true, true, now)) {
        Row first = firm.run(n, "backfill, files on");
        FileCounts fc = first.fc();
        assertThat(first.report().totals().created()).isEqualTo(texts);
        assertThat(fc.media()).isEqualTo(n);
        assertThat(fc.copied()).isEqualTo(n);
        assertThat(fc.bytesCopied()).isEqualTo(n * FILE_BYTES);
        assertThat(firm.contentVersions()).isEqualTo(n);
        // one content download per file, none retried (the adapter pauses when the Medium budget is spent)
        assertThat(first.rc(SimEndpoint.MESSAGE_CONTENT)).isEqualTo(n);
        assertThat(first.uploadedFiles()).isEqualTo(n);
        // per Note batch: 32 MiB a call binds before 200 files, so 163 files of 200 KiB a call
        long perCall = Math.min(FileStore.MAX_FILES_PER_CALL, (32L * 1024 * 1024) / FILE_BYTES);
        assertThat(first.batchFiles().stream().mapToLong(Integer::longValue).sum()).isEqualTo(n);
        assertThat(first.sfUploads()).isEqualTo(first.batchFiles().stream()
            .mapToLong(k -> (k + perCall - 1) / perCall).sum());
        // measured on the virtual clock: exactly the floor of the run's Medium requests (the n downloads and the one
        // extension listing, which is in the Medium group too)
        assertThat(first.rateLimitWait()).isEqualTo(mediumFloor(first.mediumRequests()));
        assertThat(first.rateLimitWait()).isGreaterThanOrEqualTo(mediumFloor(n));
        rows.add(first);

        Row again = firm.run(n, "re-run, files on");
        assertThat(again.report().totals().created()).isZero();
        assertThat(again.fc().alreadyStored()).isEqualTo(n);
        assertThat(again.fc().copied()).isZero();
        assertThat(again.sfUploads()).as("a re-run uploads nothing").isZero();
        assertThat(again.sfShares()).as("a re-run links nothing").isZero();
        assertThat(again.rc(SimEndpoint.MESSAGE_CONTENT)).as("a re-run downloads nothing").isZero();
        assertThat(firm.contentVersions()).isEqualTo(n);
        rows.add(again);
      }
      try (Firm firm = new Firm(data, false, true, now)) {
        Row base = firm.run(n, "backfill, attachments.enabled=false");
        assertThat(base.report().totals().created()).isEqualTo(texts);
        assertThat(base.fc().skipped()).isEqualTo(n);
        assertThat(base.sfLookups() + base.sfUploads() + base.sfShares()).isZero();
        assertThat(base.rc(SimEndpoint.MESSAGE_CONTENT)).isZero();
        assertThat(firm.contentVersions()).isZero();
        rows.add(base);
      }
    }
    String md = markdown(rows);
    Path out = Path.of(System.getProperty("basedir", "."), "target", "files-benchmark.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
    System.out.println(md);
  }

  // ---- report ----------------------------------------------------------------------------------------------

  private static String markdown(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("# rcsync MMS files benchmark (issue 12)\n\n");
    sb.append(String.format(Locale.ROOT, "Firm: %d extensions, %d plain texts + N MMS (one %,d-byte picture each), "
        + "every text on a Matter. RingCentral rate limits ON (documented defaults), waits on a virtual clock.%n%n",
        STAFF, PLAIN_TEXTS, FILE_BYTES));
    sb.append("| N | run | texts | Notes created | files copied / already stored / skipped | MB copied | seconds "
        + "| SF calls | SF: Notes | SF: Files lookups | SF: uploads | SF: shares | RC calls | RC: token + "
        + "extension list + message-store + message-content | RC rate-limit wait (virtual, measured) "
        + "| Medium floor for the N downloads alone (computed) |\n");
    sb.append("|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
    for (Row r : rows) {
      FileCounts fc = r.fc();
      sb.append(String.format(Locale.ROOT,
          "| %,d | %s | %,d | %,d | %d / %d / %d | %.1f | %.2f | %d | %d | %d | %d | %d | %d | %d + %d + %d + %d | %s | %s |%n",
          r.n(), r.name(), r.report().totals().fetched(), r.report().totals().created(), fc.copied(),
          fc.alreadyStored(), fc.skipped(), fc.bytesCopied() / 1e6, r.seconds(), r.sfTotal(), r.sfNotes(),
          r.sfLookups(), r.sfUploads(), r.sfShares(), r.rcTotal(), r.rc(SimEndpoint.TOKEN),
          r.rc(SimEndpoint.EXTENSION_LIST), r.rc(SimEndpoint.MESSAGE_STORE), r.rc(SimEndpoint.MESSAGE_CONTENT), human(r.rateLimitWait()),
          r.files() && r.name().startsWith("backfill") ? human(mediumFloor(r.rc(SimEndpoint.MESSAGE_CONTENT))) : "—"));
    }
    sb.append("\n## What the files cost (files-on backfill minus the attachments.enabled=false backfill)\n\n");
    sb.append("| N | extra SF calls | SF calls per 1,000 files | extra RC calls | RC calls per 1,000 files "
        + "| extra RC wait | Note batches with files [files each] | before batching: N uploads + 2 lookups + 2 shares per batch "
        + "| per 1,000 files before |\n");
    sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i + 2 < rows.size(); i += 3) {
      Row on = rows.get(i);
      Row base = rows.get(i + 2);
      long sf = on.sfTotal() - base.sfTotal();
      long rc = on.rcTotal() - base.rcTotal();
      long before = on.n() + 4 * on.batches();
      sb.append(String.format(Locale.ROOT, "| %,d | %d | %.1f | %d | %.1f | %s | %s | %,d | %,.0f |%n", on.n(), sf,
          1000.0 * sf / on.n(), rc, 1000.0 * rc / on.n(), human(on.rateLimitWait().minus(base.rateLimitWait())),
          on.batches() + " " + on.batchFiles(), before, 1000.0 * before / on.n()));
    }
    sb.append("\n## Salesforce endpoints per run\n\n| N | run | endpoint calls |\n|---:|---|---|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %,d | %s | %s |%n", r.n(), r.name(), r.sf()));
    }
    sb.append("\n## RingCentral waits per run (virtual)\n\n| N | run | waits |\n|---:|---|---|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %,d | %s | %s |%n", r.n(), r.name(),
          r.waits().stream().map(FilesBenchmark::human).toList()));
    }
    return sb.toString();
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
        : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}

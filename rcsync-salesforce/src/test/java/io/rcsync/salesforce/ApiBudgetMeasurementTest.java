package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.SyncStateStore;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.SyncService;
import io.rcsync.core.service.SyncSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Measures (not estimates) the Salesforce calls of the wave1 backfill shape from the seed: 1,020 texts, ~400
 * distinct counterparties, 915 matches (742 Matter + 173 Intake), 79 unmatched, 26 Intaker. The figures are
 * written to {@code target/api-budget.txt}.
 */
class ApiBudgetMeasurementTest {
  private static final Instant SINCE = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-04-02T00:00:00Z");
  private static final int[] PER_EXTENSION = {1, 144, 92, 86, 98, 185, 144, 270, 0};

  static PhoneNumber number(int i) {
    return PhoneNumber.of(String.format("%03d555%04d", 201 + i, 1000 + i));
  }

  static String formatted(int i) {
    PhoneNumber n = number(i);
    return switch (i % 4) {
      case 0 -> "(" + n.areaCode() + ") " + n.exchange() + "-" + n.line();
      case 1 -> n.areaCode() + "." + n.exchange() + "." + n.line();
      case 2 -> "+1 " + n.areaCode() + " " + n.exchange() + " " + n.line();
      default -> n.digits();
    };
  }

  /** Matters hold numbers 0..299, Intakes 300..369 (and a converted Intake shares every 10th Matter number). */
  static FakeSalesforceOrg org() throws IOException {
    FakeSalesforceOrg org = new FakeSalesforceOrg();
    for (int i = 0; i < 300; i++) {
      org.add("litify_pm__Matter__c", String.format("a0L%012dAAA", i), i % 5 == 0 ? "Closed" : "Open",
          "2025-06-01T00:00:00.000+0000", Map.of(i % 2 == 0 ? "Matter_Phone__c" : "Client_Phone__c", formatted(i)));
      if (i % 10 == 0) {
        org.add("litify_pm__Intake__c", String.format("a0C%012dAAB", i), "Converted", "2025-01-01T00:00:00.000+0000",
            Map.of("litify_pm__Phone__c", formatted(i)));
      }
    }
    for (int i = 300; i < 370; i++) {
      org.add("litify_pm__Intake__c", String.format("a0C%012dAAA", i), "Open", "2026-01-01T00:00:00.000+0000",
          Map.of("litify_pm__Phone__c", formatted(i)));
    }
    return org;
  }

  static List<SmsMessage> messages(List<ExtensionId> extensions) {
    List<String> counterparties = new ArrayList<>();
    for (int k = 0; k < 742; k++) {
      counterparties.add(formatted(k % 300));
    }
    for (int k = 0; k < 173; k++) {
      counterparties.add(number(300 + k % 70).e164());
    }
    for (int k = 0; k < 30; k++) {
      counterparties.add(number(370 + k).e164());
    }
    for (int k = 0; k < 49; k++) {
      counterparties.add("89821");
    }
    for (int k = 0; k < 26; k++) {
      counterparties.add("INTAKER:" + number(k).e164());
    }
    List<SmsMessage> out = new ArrayList<>();
    int c = 0;
    for (int e = 0; e < extensions.size(); e++) {
      for (int k = 0; k < PER_EXTENSION[e]; k++, c++) {
        String who = counterparties.get(c);
        boolean intaker = who.startsWith("INTAKER:");
        String number = intaker ? who.substring(8) : who;
        Direction d = c % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND;
        Instant t = SINCE.plusSeconds(60L * 60 * c);
        out.add(new SmsMessage(MessageId.of(String.valueOf(900_000_000L + c)), extensions.get(e), d,
            d == Direction.INBOUND ? number : "+15028138900", d == Direction.INBOUND ? List.of("+15028138900") : List.of(number),
            intaker ? "Intaker: new lead for you" : "text " + c, t, t, "conv-" + c, "Received", List.of()));
      }
    }
    return out;
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "compositeQueries={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void directPortCallsFor400NumbersAnd915Notes(boolean composite) throws IOException {
    try (FakeSalesforceOrg org = org()) {
      ApiCalls calls = new ApiCalls();
      SalesforceAdapters sf = SalesforceAdapters.create(SalesforceConfig.builder().compositeQueries(composite).build(),
          new StaticTokenAuth(org.baseUrl(), "00Dx!tok"), calls);
      List<PhoneNumber> numbers = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        numbers.add(number(i));
      }

      int found = sf.newCaseDirectory().findByPhones(numbers).size();
      long queryCalls = calls.count(ApiCalls.SALESFORCE);
      List<NoteDraft> drafts = new ArrayList<>();
      for (int i = 0; i < 915; i++) {
        drafts.add(Drafts.draft(i));
      }
      int written = 0;
      for (int i = 0; i < drafts.size(); i += 200) {
        written += (int) sf.noteSink().upsert(drafts.subList(i, Math.min(drafts.size(), i + 200))).stream()
            .filter(WriteOutcome::succeeded).count();
      }
      long upsertCalls = calls.count(ApiCalls.SALESFORCE) - queryCalls;

      assertThat(found).isEqualTo(300 + 30 + 70);
      assertThat(written).isEqualTo(915);
      assertThat(upsertCalls).isEqualTo(5);
      // composite: one statement per object, sized by SOQL's 100,000 characters only (the url is in the body)
      assertThat(queryCalls).isEqualTo(composite ? 1 : 14);
      assertThat(org.longestUri).isLessThan(SalesforceConfig.DEFAULT_MAX_URL_LENGTH);
      assertThat(org.longestSubrequestUrl).isLessThan(3 * SalesforceConfig.DEFAULT_MAX_SOQL_LENGTH);
      record("direct, compositeQueries=" + composite + ": findByPhones(400 numbers) = " + queryCalls + " lookup calls ("
          + org.queries + " SOQL statements, " + org.composites + " composite calls, " + org.queryMores + " query-more); 915 drafts in <=200 batches = " + upsertCalls + " upsert calls; total "
          + calls.count(ApiCalls.SALESFORCE) + "; longest URI " + org.longestUri + " chars, longest subrequest url "
          + org.longestSubrequestUrl);
    }
  }

  @Test
  void endToEndWave1BackfillThroughCoreSyncService() throws IOException {
    try (FakeSalesforceOrg org = org()) {
      List<StaffMember> staff = new ArrayList<>();
      List<ExtensionId> extensions = new ArrayList<>();
      String[] names = {"Sam", "Alyssia", "JaNette", "Kyle Haney", "Timmera", "Angelica", "Chymez", "Austin J", "Kathy"};
      for (int e = 0; e < names.length; e++) {
        extensions.add(ExtensionId.of(String.valueOf(376557000 + e)));
        staff.add(StaffMember.of(names[e], extensions.get(e).value(), String.format("005UV%010dAAA", e)));
      }
      List<SmsMessage> all = messages(extensions);
      MessageSource source = (ExtensionId ext, TimeWindow w, Consumer<MessageSource.Page> pages) -> {
        List<SmsMessage> mine = all.stream().filter(m -> m.extension().equals(ext) && w.contains(m.creationTime())).toList();
        for (int i = 0; i < mine.size(); i += 1000) {
          pages.accept(MessageSource.Page.of(mine.subList(i, Math.min(mine.size(), i + 1000))));
        }
      };
      Map<ExtensionId, Instant> marks = new HashMap<>();
      SyncStateStore state = new SyncStateStore() {
        @Override
        public Optional<Instant> watermark(ExtensionId extension) {
          return Optional.ofNullable(marks.get(extension));
        }

        @Override
        public void saveWatermarks(Map<ExtensionId, Instant> watermarks) {
          marks.putAll(watermarks);
        }
      };
      ApiCalls calls = new ApiCalls();
      LitifySchema schema = LitifySchema.defaults();
      SalesforceAdapters sf = SalesforceAdapters.create(SalesforceConfig.builder().schema(schema).build(),
          new StaticTokenAuth(org.baseUrl(), "00Dx!tok"), calls);
      SyncSettings settings = new SyncSettings(Roster.of(new Wave("wave1_intake", staff)),
          IntakerFilter.of("^(Intaker|New lead from Intaker)"), TopicMap.defaults(), schema, Duration.ofMinutes(30),
          SyncSettings.DEFAULT_CHUNK_SIZE);
      SyncService sync = new SyncService(settings, source, Optional.empty(), sf.newCaseDirectory(), sf.noteSink(), state,
          Clock.fixed(NOW, ZoneOffset.UTC), calls);

      RunReport report = sync.sync(SyncCommand.backfill("wave1_intake", SINCE, NOW, false));

      assertThat(report.totals().fetched()).isEqualTo(1020);
      assertThat(report.totals().intakerFiltered()).isEqualTo(26);
      assertThat(report.totals().matchedMatter() + report.totals().matchedIntake()).isEqualTo(915);
      assertThat(report.totals().unmatched()).isEqualTo(79);
      assertThat(report.totals().failed()).isZero();
      assertThat(org.notes).hasSize(915);
      long salesforce = report.apiCalls().get(ApiCalls.SALESFORCE);
      assertThat(org.upserts.get()).isEqualTo(5);
      assertThat(org.compositeWrites.get()).as("the five collections of 915 Notes travel in one composite call")
          .isEqualTo(5);
      assertThat(salesforce).isEqualTo(org.requests.get());
      // issue 13's target: 1 composite lookup (one case statement per object, the existence statement and the
      // describe of the Note object riding in its free slots) + 1 composite write (5 collections)
      assertThat(org.existenceQueries.get()).isEqualTo(1);
      assertThat(org.composites.get()).isEqualTo(2);
      assertThat(salesforce).isEqualTo(2);
      record("end-to-end SyncService backfill: fetched " + report.totals().fetched() + ", matter " + report.totals().matchedMatter()
          + ", intake " + report.totals().matchedIntake() + ", unmatched " + report.totals().unmatched() + ", intaker "
          + report.totals().intakerFiltered() + ", failed " + report.totals().failed() + " -> Salesforce calls " + salesforce
          + " (" + org.composites + " composite calls carrying " + org.queries + " SOQL statements and "
          + org.compositeWrites + " of the " + org.upserts + " collection upserts + " + org.queryMores + " query-more)");

      Map<String, Long> before = new LinkedHashMap<>(calls.snapshot());
      RunReport again = new SyncService(settings, source, Optional.empty(), sf.newCaseDirectory(), sf.noteSink(), state,
          Clock.fixed(NOW, ZoneOffset.UTC), calls).sync(SyncCommand.backfill("wave1_intake", SINCE, NOW, false));
      assertThat(again.totals().updated()).isZero();
      assertThat(again.totals().unchanged()).isEqualTo(915);
      assertThat(org.upserts.get()).as("no write on a re-run").isEqualTo(5);
      assertThat(org.notes).hasSize(915);
      record("idempotent re-run: " + again.totals().unchanged() + " unchanged, 0 written, Salesforce calls "
          + calls.since(before).get(ApiCalls.SALESFORCE) + " (" + org.existenceQueries + " existence queries over both runs)");
    }
  }

  private static synchronized void record(String line) throws IOException {
    Path out = Path.of("target", "api-budget.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    System.out.println(line);
  }
}

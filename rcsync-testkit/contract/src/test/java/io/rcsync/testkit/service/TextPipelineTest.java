package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.sync.CaseMatcher;
import io.rcsync.core.service.sync.NoteBatches;
import io.rcsync.core.service.sync.RunLedger;
import io.rcsync.core.service.sync.SyncTarget;
import io.rcsync.core.service.sync.SyncTargets;
import io.rcsync.core.service.sync.TextClassifier;
import io.rcsync.core.service.sync.TextPipeline;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextPipelineTest {
  private static final SalesforceId OWNER = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SyncTarget ALYSSIA = new SyncTarget(ExtensionId.of("376557052"), "Alyssia", Optional.of(OWNER));
  private static final SyncTarget KYLE = new SyncTarget(ExtensionId.of("376557074"), "Kyle", Optional.of(OWNER));

  private final LitifySchema schema = LitifySchema.defaults();
  private final InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, new ApiCalls())
      .add(Cases.matter().phone("(502) 813-8901").build());
  private final RunLedger ledger = new RunLedger(false, MutableClock.at(Instant.parse("2026-04-20T12:00:00Z")), new ApiCalls());
  private final List<Integer> batches = new ArrayList<>();

  private TextPipeline pipeline(int chunkSize, int batchSize) {
    ledger.start(new SyncTargets.Resolution(List.of(ALYSSIA, KYLE), List.of(), List.of(), Optional.empty()));
    NoteBatches counting = new NoteBatches() {
      @Override
      public int batchSize() {
        return batchSize;
      }

      @Override
      public void take(List<Pending> batch) {
        batches.add(batch.size());
        batch.forEach(p -> ledger.matched(p.target(), p.draft().kind(), p.ambiguous()));
      }
    };
    return new TextPipeline(ledger, new TextClassifier(IntakerFilter.of("^Intaker")), new CaseMatcher(cases, schema),
        TopicMap.defaults(), chunkSize, counting);
  }

  private void texts(TextPipeline p, SyncTarget t, int n) {
    for (int i = 0; i < n; i++) {
      p.accept(t, Messages.inbound().extension(t.extension()).from("+15028138901").build());
    }
  }

  @Test
  void lookupsGatherAcrossExtensionsAndNotesGoOutInFullBatchesThatSpanExtensions() {
    TextPipeline p = pipeline(4, 3);
    texts(p, ALYSSIA, 3);
    texts(p, KYLE, 4);

    p.finish();
    ledger.finish();

    assertThat(cases.batchSizes()).as("one lookup for the first chunk, the number is cached after").containsExactly(1);
    assertThat(batches).containsExactly(3, 3, 1);
    assertThat(ledger.report("sync", "backfill", "wave1").totals().matchedMatter()).isEqualTo(7);
  }

  @Test
  void eachChunksTextsAreAnnouncedToTheNotesStageJustBeforeTheirLookupWithItsGroupTextsMarked() {
    ledger.start(new SyncTargets.Resolution(List.of(ALYSSIA, KYLE), List.of(), List.of(), Optional.empty()));
    List<String> told = new ArrayList<>();
    NoteBatches announced = new NoteBatches() {
      @Override
      public void expect(List<io.rcsync.core.domain.MessageId> texts, List<io.rcsync.core.domain.MessageId> groups) {
        told.add(texts.stream().map(io.rcsync.core.domain.MessageId::value).toList() + " groups "
            + groups.stream().map(io.rcsync.core.domain.MessageId::value).toList() + " after " + cases.batchSizes().size()
            + " lookup(s)");
      }

      @Override
      public int batchSize() {
        return 10;
      }

      @Override
      public void take(List<Pending> batch) {
        batch.forEach(ledger::noteMatched);
      }
    };
    TextPipeline p = new TextPipeline(ledger, new TextClassifier(IntakerFilter.of("^Intaker")),
        new CaseMatcher(cases, schema), TopicMap.defaults(), 2, announced);

    p.accept(ALYSSIA, Messages.inbound().extension(ALYSSIA.extension()).from("+15028138901").id("1").build());
    p.accept(ALYSSIA, Messages.outbound().extension(ALYSSIA.extension()).to("+15028138901", "+18125550102").id("2")
        .build());
    p.accept(KYLE, Messages.inbound().extension(KYLE.extension()).from("+18125550103").id("3").build());
    p.accept(KYLE, Messages.inbound().extension(KYLE.extension()).from("+18125550104").text("Intaker: new lead for you").id("4").build());
    p.finish();

    assertThat(told).containsExactly("[1, 2] groups [2] after 0 lookup(s)", "[3] groups [] after 1 lookup(s)");
  }

  @Test
  void aQuotaSpentOnALookupFailsItsChunkAndTheTextsStillWaitingAsNotProcessed() {
    TextPipeline p = pipeline(2, 10);
    texts(p, ALYSSIA, 2); // chunk 1: looked up, 2 Notes wait for a full batch
    cases.failAfterCalls(0, ExternalSystemException.Kind.QUOTA_EXCEEDED);
    p.accept(KYLE, Messages.inbound().extension(KYLE.extension()).from("+18125550102").build());
    p.accept(KYLE, Messages.inbound().extension(KYLE.extension()).from("+18125550103").build()); // chunk 2 fails
    p.accept(KYLE, Messages.inbound().extension(KYLE.extension()).from("+18125550104").build()); // after the stop

    p.finish();
    ledger.finish();
    RunReport report = ledger.report("sync", "backfill", "wave1");

    assertThat(report.aborted()).isPresent();
    assertThat(batches).isEmpty();
    assertThat(report.totals().fetched()).isEqualTo(5);
    assertThat(report.totals().failed()).isEqualTo(5);
    assertThat(report.failures()).extracting(MessageIssue::reason).satisfiesExactly(
        r -> assertThat(r).startsWith("Matter/Intake lookup failed"),
        r -> assertThat(r).startsWith("Matter/Intake lookup failed"),
        r -> assertThat(r).startsWith("not processed: run stopped"),
        r -> assertThat(r).startsWith("not processed: run stopped"),
        r -> assertThat(r).startsWith("not processed: run stopped"));
  }

  @Test
  void aPurgedRecordIsCountedAsPurgedAndADeletedTextIsHandledLikeALiveOne() {
    ledger.start(new SyncTargets.Resolution(List.of(ALYSSIA, KYLE), List.of(), List.of(), Optional.empty()));
    io.rcsync.core.domain.SmsMessage purged = Messages.inbound().extension(ALYSSIA.extension()).from("+15028138901")
        .id("7001").build();
    io.rcsync.core.domain.SmsMessage deleted = Messages.outbound().extension(ALYSSIA.extension()).to("+15028138901")
        .id("7002").build();
    java.util.Map<String, io.rcsync.core.domain.Availability> availability = java.util.Map.of(
        "7001", io.rcsync.core.domain.Availability.PURGED, "7002", io.rcsync.core.domain.Availability.DELETED);
    List<NoteBatches.Pending> written = new ArrayList<>();
    NoteBatches collecting = new NoteBatches() {
      @Override
      public int batchSize() {
        return 10;
      }

      @Override
      public void take(List<Pending> batch) {
        written.addAll(batch);
        batch.forEach(ledger::noteMatched);
      }
    };
    TextPipeline p = new TextPipeline(ledger,
        new TextClassifier(IntakerFilter.of("^Intaker"), m -> availability.get(m.id().value())),
        new CaseMatcher(cases, schema), TopicMap.defaults(), 10, collecting);

    p.accept(ALYSSIA, purged);
    p.accept(ALYSSIA, deleted);
    p.finish();
    ledger.finish();

    RunReport report = ledger.report("sync", "backfill", "w");
    assertThat(report.totals().purged()).isEqualTo(1);
    assertThat(report.totals().matchedMatter()).isEqualTo(1);
    assertThat(report.totals().failed()).isZero();
    assertThat(report.totals().balanced()).isTrue();
    assertThat(written).extracting(w -> w.draft().messageId().value()).containsExactly("7002");
    assertThat(ledger.earliestUnwritten(ALYSSIA.extension())).isEmpty();
  }

  @Test
  void anMmsIsDraftedWithItsTextThenOneLinePerMediaAttachmentNotCountingTheTextPart() {
    List<String> bodies = new ArrayList<>();
    ledger.start(new SyncTargets.Resolution(List.of(ALYSSIA), List.of(), List.of(), Optional.empty()));
    NoteBatches capturing = new NoteBatches() {
      @Override
      public int batchSize() {
        return 10;
      }

      @Override
      public void take(List<Pending> batch) {
        batch.forEach(p -> bodies.add(p.draft().body()));
      }
    };
    TextPipeline p = new TextPipeline(ledger, new TextClassifier(IntakerFilter.of("^Intaker")), new CaseMatcher(cases, schema),
        TopicMap.defaults(), 10, capturing);
    io.rcsync.core.domain.Attachment textPart = new io.rcsync.core.domain.Attachment("1", "u1", "Text", "text/plain");
    p.accept(ALYSSIA, Messages.inbound().extension(ALYSSIA.extension()).from("+15028138901").text("My insurance card")
        .attachment(textPart).attachment(new io.rcsync.core.domain.Attachment("2", "u2", "MmsAttachment", "image/jpeg",
            2_097_152L, "card.jpg")).build());
    p.accept(ALYSSIA, Messages.inbound().extension(ALYSSIA.extension()).from("+15028138901").text("")
        .attachment(textPart).imageAttachment().build());

    p.finish();

    assertThat(bodies).containsExactly("My insurance card\nAttachment: card.jpg (image/jpeg, 2.0 MB)",
        "Attachment: att2.jpg (image/jpeg, size unknown)");
  }
}

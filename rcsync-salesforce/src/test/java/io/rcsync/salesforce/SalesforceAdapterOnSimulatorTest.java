package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import io.rcsync.testkit.sim.salesforce.SObjectField;
import io.rcsync.testkit.sim.salesforce.SalesforceFaults;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real Salesforce adapter against the embedded simulator's fault injection, paging and org schema: what the
 * WireMock tests pin down with canned answers, here with the simulator deciding.
 */
class SalesforceAdapterOnSimulatorTest {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final SalesforceId OWNER = SalesforceIds.idFor(SalesforceIds.USER, 12_345);
  private static final CaseRecord MATTER =
      Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 1)).phone("(502) 813-8900").build();
  private static final CaseRecord INTAKE =
      Cases.intake().id(SalesforceIds.idFor(SalesforceIds.INTAKE, 2)).phone("Client_Phone__c", "502.813.8901").build();

  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  private SalesforceSimulator org() {
    return orgs.org(SCHEMA, List.of(MATTER, INTAKE), Set.of(OWNER));
  }

  private static List<NoteDraft> drafts(int count) {
    List<NoteDraft> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      CaseRecord target = i % 2 == 0 ? MATTER : INTAKE;
      out.add(new NoteDraft(MessageId.of(String.valueOf(9_000 + i)), ExtensionId.of("376557052"), OWNER,
          "Text message received", "text " + i, target.kind(), target.id(),
          Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i), Direction.INBOUND, PhoneNumber.of("5028138900")));
    }
    return out;
  }

  private long salesforceCalls() {
    return orgs.apiCalls.count(ApiCalls.SALESFORCE);
  }

  // ---- UNABLE_TO_LOCK_ROW ---------------------------------------------------------------------------

  @Test
  void recordsThatHitUnableToLockRowOnceAreRetriedAloneAndWritten() {
    SalesforceSimulator sim = org();
    NoteSink sink = orgs.adapters(sim, SCHEMA).noteSink();
    List<NoteDraft> drafts = drafts(10);
    sim.faults().unableToLockRow(drafts.get(2).externalId(), 1).unableToLockRow(drafts.get(7).externalId(), 1);

    List<WriteOutcome> outcomes = sink.upsert(drafts);

    assertThat(outcomes).hasSize(10).allSatisfy(o -> assertThat(o.status()).isEqualTo(WriteOutcome.Status.CREATED));
    assertThat(sim.count(SCHEMA.noteObject())).isEqualTo(10);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(2);
    assertThat(orgs.sleeper.waits).hasSize(1);
    assertThat(salesforceCalls()).isEqualTo(sim.totalCalls()).isEqualTo(2);
  }

  @Test
  void aRowThatStaysLockedFailsAloneOnceTheRetriesAreSpent() {
    SalesforceSimulator sim = org();
    NoteSink sink = orgs.adapters(sim, SCHEMA, b -> b.lockRowRetries(2)).noteSink();
    List<NoteDraft> drafts = drafts(4);
    sim.faults().unableToLockRow(drafts.get(1).externalId(), SalesforceFaults.ALWAYS);

    List<WriteOutcome> outcomes = sink.upsert(drafts);

    assertThat(outcomes.get(1).status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(outcomes.get(1).errorCode()).isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(outcomes).filteredOn(WriteOutcome::succeeded).hasSize(3);
    assertThat(sim.count(SCHEMA.noteObject())).isEqualTo(3);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(3); // first call + 2 retries of that record
  }

  // ---- REQUEST_LIMIT_EXCEEDED -------------------------------------------------------------------------

  @Test
  void requestLimitExceededIsQuotaExceededAndWhatWasWrittenStays() {
    SalesforceSimulator sim = org();
    NoteSink sink = orgs.adapters(sim, SCHEMA).noteSink();
    List<NoteDraft> drafts = drafts(6);
    sim.setDailyApiRequestsRemaining(1);

    assertThat(sink.upsert(drafts.subList(0, 3))).allMatch(WriteOutcome::succeeded);
    assertThatThrownBy(() -> sink.upsert(drafts.subList(3, 6)))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.QUOTA_EXCEEDED);
          assertThat(e.fatalToRun()).isTrue();
          assertThat(e.getMessage()).contains("REQUEST_LIMIT_EXCEEDED").doesNotContain("\n");
        });
    assertThat(sim.count(SCHEMA.noteObject())).isEqualTo(3);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(2); // no retry of a spent quota
  }

  @Test
  void aSpentQuotaStopsTheCompositeLookupToo() {
    SalesforceSimulator sim = org();
    CaseDirectory directory = orgs.adapters(sim, SCHEMA).newCaseDirectory();
    sim.setDailyApiRequestsRemaining(0);

    assertThatThrownBy(() -> directory.findByPhones(List.of(PhoneNumber.of("5028138900"))))
        .isInstanceOfSatisfying(ExternalSystemException.class,
            e -> assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.QUOTA_EXCEEDED));
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(1);
  }

  // ---- token revoked ----------------------------------------------------------------------------------

  @Test
  void aRevokedStaticTokenIsOneClearAuthenticationErrorOnEveryPort() {
    SalesforceSimulator sim = org();
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA);
    sim.revokeAllTokens();

    List<Runnable> calls = List.of(
        () -> sf.noteSink().upsert(drafts(1)),
        () -> sf.noteStore().find(NoteStore.Query.all()),
        () -> sf.newCaseDirectory().findByPhones(List.of(PhoneNumber.of("5028138900"))));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(ExternalSystemException.class, e -> {
        assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
        assertThat(e.system()).isEqualTo(ApiCalls.SALESFORCE);
        assertThat(e.getMessage()).contains("SF_ACCESS_TOKEN").doesNotContain("00D5S0000000001!")
            .doesNotContain("\n");
      });
    }
    assertThat(sim.totalCalls()).isEqualTo(3); // one 401 each, no blind retry
    assertThat(sim.count(SCHEMA.noteObject())).isZero();
  }

  @Test
  void anAuthThatCanRenewGetsAFreshTokenAfterA401AndCarriesOn() {
    SalesforceSimulator sim = org();
    SalesforceAuth renewing = new SalesforceAuth() {
      private SalesforceSession current = new SalesforceSession(sim.instanceUrl(), sim.issueToken());

      @Override
      public synchronized SalesforceSession session() {
        return current;
      }

      @Override
      public synchronized SalesforceSession renew(SalesforceSession rejected) {
        current = new SalesforceSession(sim.instanceUrl(), sim.issueToken());
        return current;
      }

      @Override
      public String loginHint() {
        return "run `sf org login web --alias TEST`";
      }
    };
    NoteSink sink = SalesforceAdapters.create(SalesforceConfig.builder().schema(SCHEMA).sleeper(orgs.sleeper).build(),
        renewing, orgs.apiCalls).noteSink();
    sim.revokeAllTokens();

    assertThat(sink.upsert(drafts(2))).allMatch(WriteOutcome::succeeded);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(2);
    assertThat(salesforceCalls()).isEqualTo(2);
  }

  // ---- 503 -------------------------------------------------------------------------------------------

  @Test
  void serviceUnavailableAnswersAreRetriedWithBackoff() {
    SalesforceSimulator sim = org();
    CaseDirectory directory = orgs.adapters(sim, SCHEMA).newCaseDirectory();
    sim.faults().failNextRequests(2);

    List<CaseRecord> found = directory.findByPhones(List.of(PhoneNumber.of("5028138900")));

    assertThat(found).extracting(CaseRecord::id).containsExactly(MATTER.id());
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(3);
    assertThat(orgs.sleeper.waits).hasSize(2);
    assertThat(salesforceCalls()).isEqualTo(3);
  }

  // ---- dateTime precision ------------------------------------------------------------------------------

  @Test
  void aMessageTimeIsStoredToTheSecondAndTheTimeFiltersAgreeWithWhatIsStored() {
    LitifySchema schema = SCHEMA.withMessageTimeField("Message_Time__c");
    SalesforceSimulator sim = orgs.org(schema, List.of(MATTER, INTAKE), Set.of(OWNER));
    SalesforceAdapters sf = orgs.adapters(sim, schema);
    NoteDraft d = drafts(1).get(0);
    Instant withMillis = Instant.parse("2026-03-01T10:00:00.750Z");
    NoteDraft draft = new NoteDraft(d.messageId(), d.extension(), d.owner(), d.topic(), d.body(), d.kind(), d.caseId(),
        withMillis, d.direction(), d.counterparty());
    assertThat(sf.noteSink().upsert(List.of(draft))).allMatch(WriteOutcome::succeeded);
    Instant second = Instant.parse("2026-03-01T10:00:00Z");
    NoteStore store = sf.noteStore();

    assertThat(store.find(NoteStore.Query.all())).singleElement()
        .satisfies(n -> assertThat(n.messageTime()).contains(second));
    assertThat(store.find(window(second, null))).hasSize(1);
    assertThat(store.find(window(withMillis, null))).isEmpty(); // the stored 10:00:00 is before 10:00:00.750
    assertThat(store.find(window(null, withMillis))).hasSize(1);
    assertThat(store.find(window(null, second))).isEmpty();
  }

  private static NoteStore.Query window(Instant since, Instant until) {
    return new NoteStore.Query(Set.of(), java.util.Optional.ofNullable(since), java.util.Optional.ofNullable(until),
        java.util.Optional.empty());
  }

  // ---- paging and schema --------------------------------------------------------------------------------

  @Test
  void followsNextRecordsUrlWhenTheLookupAndTheNoteQueryOverflowAPage() {
    List<CaseRecord> many = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      many.add(Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 100 + i)).phone("502-813-8900").build());
    }
    for (boolean composite : List.of(true, false)) {
      SalesforceSimulator sim = orgs.org(SalesforceSimulator.litify(SCHEMA).queryBatchSize(7), SCHEMA, many,
          Set.of(OWNER));
      SalesforceAdapters sf = orgs.adapters(sim, SCHEMA, b -> b.compositeQueries(composite));

      assertThat(sf.newCaseDirectory().findByPhones(List.of(PhoneNumber.of("5028138900")))).hasSize(30);
      assertThat(sim.calls(Endpoint.QUERY_MORE)).as("composite=%s", composite).isEqualTo(4);

      List<NoteDraft> drafts = drafts(16).stream().filter(d -> d.kind() == CaseKind.MATTER).map(d -> new NoteDraft(
          d.messageId(), d.extension(), d.owner(), d.topic(), d.body(), d.kind(), many.get(0).id(), d.messageTime(),
          d.direction(), d.counterparty())).toList();
      assertThat(sf.noteSink().upsert(drafts)).allMatch(WriteOutcome::succeeded);
      assertThat(sf.noteStore().find(NoteStore.Query.all())).hasSize(8);
    }
  }

  @Test
  void aPhoneFieldOnlyMattersHaveIsDroppedForIntakesAfterOneDescribe() {
    LitifySchema withWorkPhone = SCHEMA.withPhoneFields(List.of("Matter_Phone__c", "Work_Phone__c"));
    OrgSchema litify = OrgSchema.litifyDefaults(SCHEMA);
    OrgSchema org = litify.with(litify.requireObject(SCHEMA.matterObject())
        .withField(SObjectField.string("Work_Phone__c", 40)));
    CaseRecord atWork = Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 7))
        .phone("Work_Phone__c", "(812) 555-0142").build();
    CaseRecord intake = Cases.intake().id(SalesforceIds.idFor(SalesforceIds.INTAKE, 8))
        .phone("Matter_Phone__c", "812.555.0142").build();
    for (boolean composite : List.of(true, false)) {
      SalesforceSimulator sim = orgs.org(SalesforceSimulator.builder().schema(org), SCHEMA, List.of(atWork, intake),
          Set.of());
      CaseDirectory directory = orgs.adapters(sim, withWorkPhone, b -> b.compositeQueries(composite)).newCaseDirectory();

      List<CaseRecord> found = directory.findByPhones(List.of(PhoneNumber.of("8125550142")));

      assertThat(found).extracting(CaseRecord::id).as("composite=%s", composite)
          .containsExactlyInAnyOrder(atWork.id(), intake.id());
      assertThat(sim.calls(Endpoint.DESCRIBE)).isEqualTo(1);
      assertThat(directory.findByPhones(List.of(PhoneNumber.of("8125550199")))).isEmpty();
      assertThat(sim.calls(Endpoint.DESCRIBE)).isEqualTo(1);
    }
  }

  // ---- rollback safety and completeness ---------------------------------------------------------------

  @Test
  void aRollbackManifestHoldsFieldsSomeoneFilledInAfterTheSyncAndRestorePutsThemBack() {
    OrgSchema litify = OrgSchema.litifyDefaults(SCHEMA);
    OrgSchema org = litify.with(litify.requireObject(SCHEMA.noteObject())
        .withField(SObjectField.bool("Pinned__c")).withField(SObjectField.string("Follow_Up__c", 80)));
    SalesforceSimulator sim = orgs.org(SalesforceSimulator.builder().schema(org), SCHEMA, List.of(MATTER, INTAKE),
        Set.of(OWNER));
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA);
    NoteDraft draft = drafts(1).get(0);
    String id = sf.noteSink().upsert(List.of(draft)).get(0).id().orElseThrow().value();
    sim.update(SCHEMA.noteObject(), id, java.util.Map.of("Pinned__c", true, "Follow_Up__c", "call back Monday"));

    List<io.rcsync.core.domain.NoteRecord> manifest = sf.noteStore().find(NoteStore.Query.all());
    assertThat(manifest).singleElement().satisfies(r -> assertThat(r.fields())
        .containsEntry("Pinned__c", true).containsEntry("Follow_Up__c", "call back Monday")
        .doesNotContainKeys("Id", "CreatedDate", "LastModifiedDate", "IsDeleted"));
    assertThat(sf.noteStore().delete(List.of(manifest.get(0).id()))).allMatch(io.rcsync.core.domain.DeleteOutcome::deleted);
    assertThat(sim.count(SCHEMA.noteObject())).isZero();

    assertThat(sf.noteStore().restore(manifest)).allMatch(WriteOutcome::succeeded);

    assertThat(sim.findBy(SCHEMA.noteObject(), SCHEMA.noteExternalIdField(), draft.externalId()))
        .singleElement().satisfies(n -> assertThat(n).containsEntry("Pinned__c", true)
            .containsEntry("Follow_Up__c", "call back Monday"));
  }

  @Test
  void deleteRefusesIdsOfOtherObjectsAndOfNotesRcsyncDidNotWrite() {
    SalesforceSimulator sim = org();
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA);
    SalesforceId ours = sf.noteSink().upsert(drafts(1)).get(0).id().orElseThrow();
    SalesforceId manual = SalesforceId.of(sim.insert(SCHEMA.noteObject(), java.util.Map.of(
        SCHEMA.noteExternalIdField(), "manual_1", "OwnerId", OWNER.value(), SCHEMA.noteBodyField(), "typed by hand")));

    List<io.rcsync.core.domain.DeleteOutcome> out = sf.noteStore().delete(List.of(MATTER.id(), manual, ours));

    assertThat(out).extracting(io.rcsync.core.domain.DeleteOutcome::deleted).containsExactly(false, false, true);
    assertThat(out).extracting(io.rcsync.core.domain.DeleteOutcome::errorCode)
        .containsExactly("NOT_A_LIVE_NOTE", "NOT_WRITTEN_BY_RCSYNC", null);
    assertThat(sim.find(SCHEMA.matterObject(), MATTER.id().value())).isPresent();
    assertThat(sim.find(SCHEMA.noteObject(), manual.value())).isPresent();
    assertThat(sim.find(SCHEMA.noteObject(), ours.value())).isEmpty();
  }
}

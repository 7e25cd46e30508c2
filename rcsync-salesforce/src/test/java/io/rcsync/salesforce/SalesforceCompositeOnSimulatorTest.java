package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Note writes and existence lookups batched into {@code POST /composite} on the simulator, which enforces the real
 * limits (25 subrequests, at most five Collections or queries) and counts one API call per composite call.
 */
class SalesforceCompositeOnSimulatorTest {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final SalesforceId OWNER = SalesforceIds.idFor(SalesforceIds.USER, 12_345);
  private static final CaseRecord MATTER =
      Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 1)).phone("(502) 813-8900").build();

  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  private static List<NoteDraft> drafts(int count) {
    List<NoteDraft> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new NoteDraft(MessageId.of(String.valueOf(70_000 + i)), ExtensionId.of("376557052"), OWNER,
          "Text message received", "text " + i, MATTER.kind(), MATTER.id(),
          Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i), Direction.INBOUND, PhoneNumber.of("5028138900")));
    }
    return out;
  }

  private SalesforceSimulator org() {
    return orgs.org(SCHEMA, List.of(MATTER), Set.of(OWNER));
  }

  private long calls() {
    return orgs.apiCalls.count(ApiCalls.SALESFORCE);
  }

  @Test
  void aThousandNotesAreOneSalesforceCall() {
    SalesforceSimulator sim = org();
    NoteSink sink = orgs.adapters(sim, SCHEMA).noteSink();

    List<WriteOutcome> out = sink.upsert(drafts(1000));

    assertThat(out).hasSize(1000).allMatch(o -> o.status() == WriteOutcome.Status.CREATED);
    assertThat(sim.count(SCHEMA.noteObject())).isEqualTo(1000);
    assertThat(calls()).isEqualTo(1);
    assertThat(sim.totalCalls()).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(1);
    assertThat(sim.subrequests(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(5);
  }

  @Test
  void aThousandAndOneNotesAreTwoCalls() {
    SalesforceSimulator sim = org();
    NoteSink sink = orgs.adapters(sim, SCHEMA).noteSink();

    List<WriteOutcome> out = sink.upsert(drafts(1001));

    assertThat(out).hasSize(1001).allMatch(WriteOutcome::succeeded);
    assertThat(out.get(1000).externalId()).isEqualTo("rc_msg_71000");
    assertThat(sim.count(SCHEMA.noteObject())).isEqualTo(1001);
    assertThat(calls()).isEqualTo(2);
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPSERT)).as("the lone 1,001st record: a plain collection").isEqualTo(1);
  }

  @Test
  void withCompositeBatchingOffAThousandNotesAreFiveCalls() {
    SalesforceSimulator sim = org();
    NoteSink sink = orgs.adapters(sim, SCHEMA, b -> b.compositeBatching(false)).noteSink();

    assertThat(sink.maxBatchSize()).isEqualTo(200);
    List<WriteOutcome> out = new ArrayList<>(sink.upsert(drafts(1000)));

    assertThat(out).hasSize(1000).allMatch(WriteOutcome::succeeded);
    assertThat(calls()).isEqualTo(5);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(5);
    assertThat(sim.calls(Endpoint.COMPOSITE)).isZero();
  }

  @Test
  void rewritingAThousandExistingNotesIsOneCallAndUpdatesEach() {
    SalesforceSimulator sim = org();
    NoteSink sink = orgs.adapters(sim, SCHEMA).noteSink();
    sink.upsert(drafts(1000));
    long before = calls();

    List<WriteOutcome> again = sink.upsert(drafts(1000));

    assertThat(again).allMatch(o -> o.status() == WriteOutcome.Status.UPDATED);
    assertThat(calls() - before).isEqualTo(1);
    assertThat(sim.count(SCHEMA.noteObject())).isEqualTo(1000);
  }

  @Test
  void findsAThousandExistingNotesInOneCompositeCallOfQuerySubrequests() {
    SalesforceSimulator sim = org();
    NoteSink sink = orgs.adapters(sim, SCHEMA).noteSink();
    List<NoteDraft> drafts = drafts(1000);
    sink.upsert(drafts);
    sim.resetCounters();
    long before = calls();
    List<String> ids = new ArrayList<>(drafts.stream().map(NoteDraft::externalId).toList());
    ids.add("rc_msg_missing");

    Map<String, StoredNote> found = sink.findExistingInBatches(ids);

    assertThat(found).hasSize(1000).containsKey("rc_msg_70999").doesNotContainKey("rc_msg_missing");
    assertThat(found.get("rc_msg_70000").body()).isEqualTo("text 0");
    assertThat(calls() - before).as("1,001 ids: one composite call, then the lone id left over").isEqualTo(2);
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(1);
    assertThat(sim.subrequests(Endpoint.QUERY)).as("one statement: in a composite body only SOQL's limit binds it")
        .isEqualTo(1);
  }

  @Test
  void withCompositeQueriesOffEachExistenceStatementIsItsOwnGet() {
    SalesforceSimulator sim = org();
    NoteSink sink = orgs.adapters(sim, SCHEMA, b -> b.compositeQueries(false)).noteSink();
    List<NoteDraft> drafts = drafts(1000);
    sink.upsert(drafts);
    sim.resetCounters();

    Map<String, StoredNote> found = sink.findExisting(drafts.stream().map(NoteDraft::externalId).toList());

    assertThat(found).hasSize(1000);
    assertThat(sim.calls(Endpoint.COMPOSITE)).isZero();
    assertThat(sim.calls(Endpoint.QUERY)).isGreaterThan(1);
  }
}

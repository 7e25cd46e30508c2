package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Note sink's existence lookups and its describe of the Note object ride in the free slots of the case
 * directory's composite lookup call ({@link CompositeRiders}), on the simulator, which enforces Composite's limits and
 * counts one API call per composite call.
 */
class NoteLookupsRideInTheCaseLookupTest {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final SalesforceId OWNER = SalesforceIds.idFor(SalesforceIds.USER, 12_345);
  private static final CaseRecord MATTER =
      Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 1)).phone("(502) 813-8900").build();
  private static final CaseRecord OTHER =
      Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 2)).phone("502.555.0199").build();
  private static final PhoneNumber NUMBER = PhoneNumber.of("5028138900");
  private static final MessageId SINGLE = MessageId.of("801");
  private static final MessageId GROUP = MessageId.of("802");
  private static final MessageId NEW = MessageId.of("803");

  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  private static NoteDraft draft(MessageId id, CaseRecord on, boolean furtherOfGroup) {
    return new NoteDraft(id, ExtensionId.of("376557052"), OWNER, "Text message received", "text " + id.value(),
        on.kind(), on.id(), Instant.parse("2026-03-01T10:00:00Z"), Direction.INBOUND, NUMBER, furtherOfGroup);
  }

  /** An org with the Notes of a single text (801) and of a group text's further Note on OTHER (802_{OTHER}). */
  private SalesforceSimulator org() {
    SalesforceSimulator sim = orgs.org(SCHEMA, List.of(MATTER, OTHER), Set.of(OWNER));
    SalesforceAdapters seed = orgs.adapters(sim, SCHEMA);
    assertThat(seed.noteSink().upsert(List.of(draft(SINGLE, MATTER, false), draft(GROUP, OTHER, true))))
        .allMatch(WriteOutcome::succeeded);
    sim.resetCounters();
    return sim;
  }

  private long calls() {
    return orgs.apiCalls.count(ApiCalls.SALESFORCE);
  }

  private static List<String> keys() {
    return List.of(SINGLE.externalId(), GROUP.externalId(), GROUP.externalId(OTHER.id()), NEW.externalId());
  }

  @Test
  void theExistenceLookupAndTheNoteDescribeRideInTheCaseLookupsCompositeCall() {
    SalesforceSimulator sim = org();
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA);
    SalesforceNoteSink sink = sf.noteSink();
    SalesforceCaseDirectory cases = sf.newCaseDirectory();

    sink.expect(List.of(SINGLE, GROUP, NEW), List.of(GROUP));
    assertThat(cases.findByPhones(List.of(NUMBER))).extracting(CaseRecord::id).containsExactly(MATTER.id());
    NoteBodyFormat format = sink.bodyFormat();
    Map<String, StoredNote> found = sink.findExisting(keys());

    assertThat(found).containsOnlyKeys(SINGLE.externalId(), GROUP.externalId(OTHER.id()));
    assertThat(found.get(GROUP.externalId(OTHER.id())).matter()).contains(OTHER.id());
    assertThat(found.get(SINGLE.externalId()).body()).isEqualTo("text 801");
    assertThat(sim.totalCalls()).as("one composite call for cases, Notes and describe").isEqualTo(1);
    assertThat(sim.calls(Endpoint.COMPOSITE)).isEqualTo(1);
    assertThat(sim.subrequests(Endpoint.QUERY)).as("Matter and Intake statements + one existence statement")
        .isEqualTo(3);
    assertThat(sim.subrequests(Endpoint.DESCRIBE)).isEqualTo(1);
    assertThat(format).as("what the sink's own describe says")
        .isEqualTo(orgs.adapters(sim, SCHEMA).noteSink().bodyFormat());
  }

  /**
   * Issue 15: an imported SMS-Magic record's Note ({@code smsmagic_{record Id}}) is looked up ahead by its key like a
   * RingCentral text's, in the same composite call; named as a group text by mistake it still gets no group LIKE, so
   * a look-alike {@code smsmagic_{id}_{caseId}} Note is not taken for one of its Notes.
   */
  @Test
  void anSmsMagicNoteIsLookedUpAheadByItsKeyAndNeverAsAGroupText() {
    SalesforceSimulator sim = org();
    MessageId history = MessageId.smsMagic(SalesforceIds.idFor("a1S", 7));
    assertThat(orgs.adapters(sim, SCHEMA).noteSink().upsert(List.of(draft(history, MATTER, false))))
        .allMatch(WriteOutcome::succeeded);
    Map<String, Object> lookAlike = new LinkedHashMap<>();
    lookAlike.put(SCHEMA.noteExternalIdField(), history.externalId() + "_" + OTHER.id().value());
    lookAlike.put("OwnerId", OWNER.value());
    sim.insert(SCHEMA.noteObject(), lookAlike);
    sim.resetCounters();
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA);
    SalesforceNoteSink sink = sf.noteSink();

    sink.expect(List.of(SINGLE, history), List.of(history));
    sf.newCaseDirectory().findByPhones(List.of(NUMBER));
    long before = calls();
    String lookAlikeKey = history.externalId() + "_" + OTHER.id().value();
    Map<String, StoredNote> found = sink.findExisting(List.of(SINGLE.externalId(), history.externalId(), lookAlikeKey));

    assertThat(found).containsOnlyKeys(SINGLE.externalId(), history.externalId(), lookAlikeKey);
    assertThat(found.get(history.externalId()).body()).isEqualTo("text " + history.value());
    assertThat(sim.calls(Endpoint.COMPOSITE)).as("the case lookup carried the Notes' statement").isEqualTo(1);
    // the look-alike was not covered by a group LIKE: it is the one key the sink looks up itself
    assertThat(calls() - before).isEqualTo(1);
  }

  @Test
  void eachAnswerFromAheadIsUsedOnceAndAKeyNobodyExpectedIsLookedUpByTheSinkItself() {
    SalesforceSimulator sim = org();
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA);
    SalesforceNoteSink sink = sf.noteSink();
    sink.expect(List.of(NEW), List.of());
    sf.newCaseDirectory().findByPhones(List.of(NUMBER));
    long before = calls();

    Map<String, StoredNote> found = sink.findExisting(List.of(NEW.externalId(), SINGLE.externalId()));

    assertThat(found).containsOnlyKeys(SINGLE.externalId()); // 801 was not expected: found by the sink's own query
    assertThat(calls() - before).isEqualTo(1);
    assertThat(sink.findExisting(List.of(NEW.externalId()))).isEmpty();
    assertThat(calls() - before).as("asked again: looked up again, not answered from a used answer").isEqualTo(2);
  }

  @Test
  void withoutACaseLookupToRideTheKeysExpectedForLaterBatchesRideInTheSinksOwnLookup() {
    SalesforceSimulator sim = org();
    SalesforceNoteSink sink = orgs.adapters(sim, SCHEMA).noteSink();
    sink.expect(List.of(NEW, SINGLE, GROUP), List.of(GROUP)); // every number cached: no case lookup call follows

    Map<String, StoredNote> first = sink.findExisting(List.of(NEW.externalId()));
    Map<String, StoredNote> later = sink.findExisting(List.of(SINGLE.externalId(), GROUP.externalId(),
        GROUP.externalId(OTHER.id())));

    assertThat(first).isEmpty();
    assertThat(later).containsOnlyKeys(SINGLE.externalId(), GROUP.externalId(OTHER.id()));
    assertThat(sim.totalCalls()).as("one composite call: the batch's statement and the queued keys'").isEqualTo(1);
    assertThat(sim.subrequests(Endpoint.QUERY)).isEqualTo(2);
  }

  @Test
  void aNewRunDropsWhatWasLookedUpAhead() {
    SalesforceSimulator sim = org();
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA);
    SalesforceNoteSink sink = sf.noteSink();
    SalesforceCaseDirectory cases = sf.newCaseDirectory();
    sink.expect(List.of(SINGLE), List.of());
    cases.findByPhones(List.of(NUMBER));
    long before = calls();

    cases.startRun();
    Map<String, StoredNote> found = sink.findExisting(List.of(SINGLE.externalId()));

    assertThat(found).containsOnlyKeys(SINGLE.externalId());
    assertThat(calls() - before).isEqualTo(1);
  }

  @Test
  void aNoteCreatedByOthersAfterTheLookupAheadIsUpdatedByTheUpsertNotDuplicated() {
    SalesforceSimulator sim = org();
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA);
    SalesforceNoteSink sink = sf.noteSink();
    sink.expect(List.of(NEW), List.of());
    sf.newCaseDirectory().findByPhones(List.of(NUMBER));
    Map<String, Object> typed = new LinkedHashMap<>();
    typed.put(SCHEMA.noteExternalIdField(), NEW.externalId());
    typed.put("OwnerId", OWNER.value());
    typed.put(SCHEMA.noteBodyField(), "written by someone else in between");
    sim.insert(SCHEMA.noteObject(), typed);

    assertThat(sink.findExisting(List.of(NEW.externalId()))).as("the answer from ahead is that old").isEmpty();
    List<WriteOutcome> out = sink.create(List.of(draft(NEW, MATTER, false)));

    assertThat(out).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(WriteOutcome.Status.UPDATED));
    assertThat(sim.findBy(SCHEMA.noteObject(), SCHEMA.noteExternalIdField(), NEW.externalId())).hasSize(1);
  }

  @Test
  void withCompositeQueriesOffNothingRidesAndTheSinkMakesItsOwnCalls() {
    SalesforceSimulator sim = org();
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA, b -> b.compositeQueries(false));
    SalesforceNoteSink sink = sf.noteSink();

    sink.expect(List.of(SINGLE, GROUP, NEW), List.of(GROUP));
    sf.newCaseDirectory().findByPhones(List.of(NUMBER));
    sink.bodyFormat();
    Map<String, StoredNote> found = sink.findExisting(keys());

    assertThat(found).containsOnlyKeys(SINGLE.externalId(), GROUP.externalId(OTHER.id()));
    assertThat(sim.calls(Endpoint.COMPOSITE)).isZero();
    assertThat(sim.calls(Endpoint.DESCRIBE)).isEqualTo(1);
    assertThat(sim.calls(Endpoint.QUERY)).as("two case statements, one existence statement").isEqualTo(3);
  }

  @Test
  void aSinkBuiltAloneIgnoresTheHint() {
    SalesforceSimulator sim = org();
    SalesforceNoteSink sink = new SalesforceNoteSink(SalesforceConfig.builder().schema(SCHEMA).build(),
        new StaticTokenAuth(sim.instanceUrl(), sim.issueToken()), new ApiCalls());
    SalesforceCaseDirectory cases = orgs.adapters(sim, SCHEMA).newCaseDirectory();

    sink.expect(List.of(SINGLE), List.of());
    cases.findByPhones(List.of(NUMBER));
    Map<String, StoredNote> found = sink.findExisting(List.of(SINGLE.externalId()));

    assertThat(found).containsOnlyKeys(SINGLE.externalId());
    assertThat(sim.subrequests(Endpoint.QUERY)).as("the case lookup's two statements only").isEqualTo(2);
    assertThat(sim.totalCalls()).isEqualTo(2);
  }
}

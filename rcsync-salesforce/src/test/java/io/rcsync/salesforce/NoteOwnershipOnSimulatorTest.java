package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteField;
import io.rcsync.core.domain.NoteFieldOwnership;
import io.rcsync.core.domain.NoteUpdate;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sink's find / update / body-format calls against the Salesforce simulator: what a re-run sends and changes. */
class NoteOwnershipOnSimulatorTest {
  private static final Instant T0 = Instant.parse("2026-03-10T14:30:00Z");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 12_345);
  private static final SalesforceId PARALEGAL = SalesforceIds.idFor(SalesforceIds.USER, 67_890);
  private final SimulatorOrgs orgs = new SimulatorOrgs();
  private final MutableClock clock = MutableClock.at(T0);
  private final LitifySchema schema = LitifySchema.defaults();
  private final CaseRecord matter = Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 70_001)).open()
      .phone("(502) 813-8900").build();
  private final CaseRecord rightMatter = Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 70_002)).open()
      .phone("(502) 813-8999").build();
  private final NoteFieldOwnership ownership = NoteFieldOwnership.standard(TopicMap.defaults());

  @AfterEach
  void close() {
    orgs.close();
  }

  private SalesforceSimulator org(boolean richText) {
    return orgs.org(SalesforceSimulator.litify(schema).schema(OrgSchema.litifyDefaults(schema, richText)).clock(clock),
        schema, List.of(matter, rightMatter), Set.of(ALYSSIA, PARALEGAL));
  }

  private static NoteDraft draft(MessageId id, SalesforceId owner, CaseRecord target, String body) {
    return new NoteDraft(id, ExtensionId.of("376557052"), owner, "Text message received", body, CaseKind.MATTER,
        target.id(), T0, Direction.INBOUND, PhoneNumber.of("5028138900"));
  }

  private static Object lastModified(SalesforceSimulator sim, String noteId) {
    return sim.find("litify_pm__lit_Note__c", noteId).orElseThrow().get("LastModifiedDate");
  }

  @Test
  void aRerunOfAnUnchangedNoteSendsNoWriteAndLeavesLastModifiedDateAlone() {
    SalesforceSimulator sim = org(false);
    SalesforceNoteSink sink = orgs.adapters(sim, schema).noteSink();
    NoteDraft d = draft(MessageId.of("8100000001"), ALYSSIA, matter, "hello\nthere");
    String id = sink.create(List.of(d)).get(0).id().orElseThrow().value();
    Object modified = lastModified(sim, id);
    clock.advance(Duration.ofHours(2));
    sim.resetCounters();

    Map<String, StoredNote> found = sink.findExisting(List.of(d.externalId()));

    assertThat(ownership.changes(found.get(d.externalId()), d)).isEmpty();
    assertThat(sim.calls(Endpoint.QUERY)).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPSERT) + sim.calls(Endpoint.COLLECTIONS_UPDATE)).isZero();
    assertThat(lastModified(sim, id)).isEqualTo(modified);
  }

  @Test
  void aChangedBodyIsUpdatedAloneByIdBumpingLastModifiedDateAndKeepingTheParalegalsOwnerAndMatter() {
    SalesforceSimulator sim = org(false);
    SalesforceNoteSink sink = orgs.adapters(sim, schema).noteSink();
    MessageId msg = MessageId.of("8100000002");
    NoteDraft d = draft(msg, ALYSSIA, matter, "first");
    SalesforceId id = sink.create(List.of(d)).get(0).id().orElseThrow();
    // the paralegal's correction, as the Salesforce UI would save it
    sim.update(schema.noteObject(), id.value(), Map.of("OwnerId", PARALEGAL.value(), schema.noteMatterField(),
        rightMatter.id().value()));
    Object corrected = lastModified(sim, id.value());
    clock.advance(Duration.ofHours(2));
    sim.resetCounters();

    NoteDraft rerun = draft(msg, ALYSSIA, matter, "first, edited");
    StoredNote stored = sink.findExisting(List.of(d.externalId())).get(d.externalId());
    // a re-run leaves a body alone (staff's after creation); --relink rewrites it, here alone, by Id
    assertThat(ownership.changes(stored, rerun)).isEmpty();
    Set<NoteField> changes = EnumSet.copyOf(ownership.relinking().changes(stored, rerun));
    changes.retainAll(Set.of(NoteField.BODY));
    sink.update(List.of(new NoteUpdate(stored.id(), rerun, changes)));

    assertThat(changes).containsExactly(NoteField.BODY);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPDATE)).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COLLECTIONS_UPSERT)).isZero();
    Map<String, Object> after = sim.find(schema.noteObject(), id.value()).orElseThrow();
    assertThat(after.get(schema.noteBodyField())).isEqualTo("first, edited");
    assertThat(SalesforceId.of(after.get("OwnerId").toString()).sameRecord(PARALEGAL)).isTrue();
    assertThat(SalesforceId.of(after.get(schema.noteMatterField()).toString()).sameRecord(rightMatter.id())).isTrue();
    assertThat(after.get("LastModifiedDate")).isNotEqualTo(corrected);
  }

  @Test
  void aRichTextBodyFieldIsLearnedFromOneDescribeAndGetsEscapedHtmlWithLineBreaks() {
    SalesforceSimulator sim = org(true);
    SalesforceNoteSink sink = orgs.adapters(sim, schema).noteSink();

    NoteBodyFormat format = sink.bodyFormat();
    sink.bodyFormat();
    NoteDraft d = draft(MessageId.of("8100000003"), ALYSSIA, matter, "a<b & c>d\r\nline two");
    String id = sink.create(List.of(d.withBody(format.render(d.body())))).get(0).id().orElseThrow().value();

    assertThat(format).isEqualTo(NoteBodyFormat.RICH_TEXT);
    assertThat(sim.calls(Endpoint.DESCRIBE)).isEqualTo(1);
    assertThat(sim.find(schema.noteObject(), id).orElseThrow().get(schema.noteBodyField()))
        .isEqualTo("a&lt;b &amp; c&gt;d<br>line two");
  }

  @Test
  void aLongTextBodyFieldIsPlainText() {
    SalesforceSimulator sim = org(false);

    assertThat(orgs.adapters(sim, schema).noteSink().bodyFormat()).isEqualTo(NoteBodyFormat.PLAIN_TEXT);
  }
}

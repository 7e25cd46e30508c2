package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicFieldMap.MessageObject;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.domain.SmsMagicSettings;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.domain.SmsMagicFieldMap.Setting;
import io.rcsync.core.port.out.ConfigMismatchException;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.port.out.HistorySource.Page;
import io.rcsync.core.port.out.HistorySource.Query;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import io.rcsync.testkit.sim.salesforce.SObjectField;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SMS-Magic history source on the simulator: what it asks the org (describe once per object, pages of the
 * configured size, one long text field), how it copes with orgs that differ (older Interact without Direction__c and
 * Sent_On__c, a missing object, no or two Matter lookups) and what it makes of a row.
 */
class SalesforceHistorySourceTest {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final String NS = SmsMagicRows.NS;
  private static final Instant T0 = Instant.parse("2023-05-01T15:00:00Z");
  private static final SalesforceId USER = SalesforceIds.idFor(SalesforceIds.USER, 12_345);
  private static final SalesforceId MATTER = SalesforceIds.idFor(SalesforceIds.MATTER, 7);

  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  private SalesforceSimulator org(OrgSchema schema) {
    return orgs.org(SalesforceSimulator.builder().schema(schema), SCHEMA, List.of(), Set.of(USER));
  }

  private SalesforceSimulator smsMagicOrg() {
    return org(OrgSchema.litifyDefaults(SCHEMA).withSmsMagic(SCHEMA));
  }

  private HistorySource source(SalesforceSimulator sim, SmsMagicFieldMap map, int batch) {
    sim.resetCounters();
    return orgs.adapters(sim, SCHEMA).historySource(map, batch);
  }

  private static SmsMagicRecord outgoing(int n, Direction direction) {
    return new SmsMagicRecord(SmsMagicRows.historyId(100 + n), String.format("SM-%09d", 100 + n),
        OrgSchema.SMS_HISTORY, direction, "(502) 555-0" + (100 + n % 99), "+15025550147", "text " + n,
        T0.plusSeconds(60L * n), Optional.of(USER), Optional.empty(), Optional.empty(), "DELIVERED", false);
  }

  private static List<SmsMagicRecord> outgoing(int count) {
    List<SmsMagicRecord> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      out.add(outgoing(n, n % 2 == 0 ? Direction.OUTBOUND : Direction.INBOUND));
    }
    return out;
  }

  private static List<SmsMagicRecord> readAll(HistorySource source, Query query) {
    List<SmsMagicRecord> out = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      Page page = source.read(query, cursor);
      out.addAll(page.records());
      cursor = page.next();
    } while (cursor.isPresent());
    return out;
  }

  private static SmsMagicFieldMap historyOnly(MessageObject history) {
    return new SmsMagicFieldMap(List.of(history));
  }

  private static MessageObject history(List<String> status, Optional<String> matterLookup) {
    MessageObject h = SmsMagicFieldMap.smsHistory();
    return new MessageObject(h.label(), h.object(), h.body(), h.counterparty(), h.firmNumber(), h.directionField(),
        h.inboundValues(), h.fixedDirection(), h.timeFields(), h.ownerFields(), status, matterLookup, h.intakeLookup(),
        h.messageType(), h.nameField());
  }

  // ---- what it asks the org -----------------------------------------------------------------------------

  @Test
  void describesEachObjectOnceThenReadsPagesOfTheConfiguredSizeCountingEveryCall() {
    SalesforceSimulator sim = smsMagicOrg();
    outgoing(450).forEach(r -> SmsMagicRows.insert(sim, r));
    HistorySource source = source(sim, SmsMagicFieldMap.defaults(), 200);
    long before = orgs.apiCalls.count(ApiCalls.SALESFORCE);

    List<Integer> sizes = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      Page page = source.read(Query.all(), cursor);
      sizes.add(page.records().size());
      cursor = page.next();
    } while (cursor.isPresent());

    // Incoming SMS first (fixedInboundFirst), which holds nothing: one query answering no rows (the page goes on
    // into SMS History); then SMS History: one query and two next pages
    assertThat(sizes).containsExactly(200, 200, 50);
    assertThat(sim.calls(Endpoint.DESCRIBE)).isEqualTo(2);
    assertThat(sim.calls(Endpoint.QUERY)).isEqualTo(2);
    assertThat(sim.calls(Endpoint.QUERY_MORE)).isEqualTo(2);
    assertThat(orgs.apiCalls.count(ApiCalls.SALESFORCE) - before).isEqualTo(sim.totalCalls());
  }

  @Test
  void readsTwoThousandRecordsAPageByDefault() {
    SalesforceSimulator sim = smsMagicOrg();
    outgoing(2_100).forEach(r -> SmsMagicRows.insert(sim, r));
    HistorySource source = source(sim, historyOnly(SmsMagicFieldMap.smsHistory()), 2_000);

    Page first = source.read(Query.all(), Optional.empty());

    assertThat(first.records()).hasSize(2_000);
    assertThat(first.next()).isPresent();
  }

  @Test
  void aSecondLongTextFieldIsNotReadSoPagesStayAtTheAskedSize() {
    SalesforceSimulator sim = smsMagicOrg();
    outgoing(450).forEach(r -> SmsMagicRows.insert(sim, r));
    MessageObject withErrorText = history(List.of(NS + "Status__c", NS + "Delivery_Error_Message__c"),
        Optional.of(SmsMagicFieldMap.AUTO));
    HistorySource source = source(sim, historyOnly(withErrorText), 2_000);

    Page page = source.read(Query.all(), Optional.empty());

    assertThat(page.records()).hasSize(450);
    assertThat(page.next()).isEmpty();
    assertThat(source.warnings()).singleElement().asString()
        .contains(NS + "Delivery_Error_Message__c", "long text", "smsmagic.objects.outgoing.statusFields");
  }

  // ---- orgs that differ ------------------------------------------------------------------------------------

  @Test
  void anOlderInteractOrgIsReadWithoutDirectionAndSentOnWithOneWarningEach() {
    SalesforceSimulator sim = org(OrgSchema.litifyDefaults(SCHEMA).withSmsMagic(SCHEMA, true));
    SmsMagicRows.insert(sim, outgoing(1, Direction.OUTBOUND));
    HistorySource source = source(sim, SmsMagicFieldMap.defaults(), 2_000);

    List<SmsMagicRecord> read = readAll(source, Query.all());

    assertThat(read).singleElement().satisfies(r -> {
      assertThat(r.direction()).isEqualTo(Direction.OUTBOUND);
      assertThat(r.messageTime()).isEqualTo(T0.plusSeconds(60)); // CreatedOn__c
      assertThat(r.sender()).contains(USER);
    });
    assertThat(source.warnings()).hasSize(2);
    assertThat(source.warnings()).anySatisfy(w -> assertThat(w).contains(NS + "Direction__c",
        "smsmagic.objects.outgoing.directionField"));
    assertThat(source.warnings()).anySatisfy(w -> assertThat(w).contains(NS + "Sent_On__c",
        "smsmagic.objects.outgoing.timeFields"));
  }

  @Test
  void anOrgWithoutThePackageIsAnErrorThatSaysSo() {
    SalesforceSimulator sim = org(OrgSchema.litifyDefaults(SCHEMA));
    HistorySource source = source(sim, SmsMagicFieldMap.defaults(), 2_000);

    assertThatThrownBy(() -> source.read(Query.all(), Optional.empty()))
        .isInstanceOf(ExternalSystemException.class)
        .hasMessageContaining("SMS-Magic package")
        .hasMessageContaining(OrgSchema.SMS_HISTORY)
        .hasMessageContaining("--from-csv");
    assertThat(sim.calls(Endpoint.QUERY)).isZero();
  }

  @Test
  void aDefaultObjectTheOrgLacksIsSkippedWithAWarningAndTheOthersAreRead() {
    // an org with SMS History only (no Incoming SMS object): the defaults name both
    OrgSchema full = OrgSchema.litifyDefaults(SCHEMA).withSmsMagic(SCHEMA);
    SalesforceSimulator sim = org(OrgSchema.of(full.objects().stream()
        .filter(o -> !full.requireObject(OrgSchema.INCOMING_SMS).equals(o)).toList()));
    SmsMagicRows.insert(sim, outgoing(1, Direction.OUTBOUND));
    HistorySource source = source(sim, SmsMagicFieldMap.defaults(), 2_000);

    List<SmsMagicRecord> read = readAll(source, Query.all());

    assertThat(read).hasSize(1);
    assertThat(source.warnings()).singleElement().asString()
        .contains(OrgSchema.INCOMING_SMS, "not in the org", "skipped");
  }

  /** fresh16 #4: a typo in a configured object name dropped a whole object's texts with exit 0. */
  @Test
  void aConfiguredObjectTheOrgLacksIsAConfigErrorNamingTheKeyAndTheDefaultItResembles() {
    SalesforceSimulator sim = smsMagicOrg();
    MessageObject i = SmsMagicFieldMap.incomingSms();
    MessageObject typo = new MessageObject(i.label(), NS + "Incoming_SMSx__c", i.body(), i.counterparty(),
        i.firmNumber(), i.directionField(), i.inboundValues(), i.fixedDirection(), i.timeFields(), i.ownerFields(),
        i.statusFields(), i.matterLookup(), i.intakeLookup(), i.messageType(), i.nameField());
    HistorySource source = source(sim, new SmsMagicFieldMap(List.of(SmsMagicFieldMap.smsHistory(), typo)), 2_000);

    assertThatThrownBy(() -> source.read(Query.all(), Optional.empty()))
        .isInstanceOf(ConfigMismatchException.class)
        .hasMessageStartingWith("smsmagic.objects.incoming.object: object " + NS + "Incoming_SMSx__c is not in the org"
            + " for this user; did you mean " + OrgSchema.INCOMING_SMS + "?")
        .satisfies(e -> assertThat(((ConfigMismatchException) e).key()).isEqualTo("smsmagic.objects.incoming.object"));
    assertThat(sim.calls(Endpoint.QUERY)).as("nothing read").isZero();
  }

  @Test
  void aConfiguredBodyFieldTheOrgLacksIsAConfigErrorWithTheOrgsNearestFieldName() {
    SalesforceSimulator sim = smsMagicOrg();
    MessageObject h = SmsMagicFieldMap.smsHistory();
    MessageObject typo = new MessageObject(h.label(), h.object(), NS + "SMSTxt__c", h.counterparty(),
        h.firmNumber(), h.directionField(), h.inboundValues(), h.fixedDirection(), h.timeFields(), h.ownerFields(),
        h.statusFields(), h.matterLookup(), h.intakeLookup(), h.messageType(), h.nameField());
    HistorySource source = source(sim, historyOnly(typo), 2_000);

    assertThatThrownBy(() -> source.read(Query.all(), Optional.empty()))
        .isInstanceOf(ConfigMismatchException.class)
        .hasMessageStartingWith("smsmagic.objects.outgoing.body: field " + NS + "SMSTxt__c is not in the org on "
            + OrgSchema.SMS_HISTORY + "; did you mean " + NS + "SMSText__c?");
  }

  @Test
  void aConfiguredLookupOrTimeFieldTheOrgLacksIsAConfigErrorWhileADefaultOneIsAWarning() {
    SalesforceSimulator sim = smsMagicOrg();
    MessageObject h = SmsMagicFieldMap.smsHistory();
    HistorySource noSuchLookup = source(sim, historyOnly(history(h.statusFields(), Optional.of("NoSuch__c"))), 2_000);
    MessageObject sentAt = new MessageObject(h.label(), h.object(), h.body(), h.counterparty(), h.firmNumber(),
        h.directionField(), h.inboundValues(), h.fixedDirection(), List.of("Sent_At__c", "CreatedDate"),
        h.ownerFields(), h.statusFields(), h.matterLookup(), h.intakeLookup(), h.messageType(), h.nameField());
    HistorySource noSuchTime = source(sim, historyOnly(sentAt), 2_000);

    assertThatThrownBy(() -> noSuchLookup.read(Query.all(), Optional.empty()))
        .isInstanceOf(ConfigMismatchException.class)
        .hasMessageStartingWith("smsmagic.objects.outgoing.matterLookup: field NoSuch__c is not in the org on "
            + OrgSchema.SMS_HISTORY);
    assertThatThrownBy(() -> noSuchTime.read(Query.all(), Optional.empty()))
        .isInstanceOf(ConfigMismatchException.class)
        .hasMessageStartingWith("smsmagic.objects.outgoing.timeFields: field Sent_At__c is not in the org");
    assertThat(SmsMagicFieldMap.smsHistory().isDefault(Setting.TIME_FIELDS, NS + "sent_on__c"))
        .as("a default name, any case: an older org without it is read with a warning (test above)").isTrue();
  }

  @Test
  void aMissingBodyFieldIsAnErrorNamingObjectFieldAndConfigKey() {
    SalesforceSimulator sim = smsMagicOrg();
    MessageObject h = SmsMagicFieldMap.smsHistory();
    MessageObject wrong = new MessageObject(h.label(), h.object(), NS + "SMS_Text__c", h.counterparty(),
        h.firmNumber(), h.directionField(), h.inboundValues(), h.fixedDirection(), h.timeFields(), h.ownerFields(),
        h.statusFields(), h.matterLookup(), h.intakeLookup(), h.messageType(), h.nameField());
    HistorySource source = source(sim, historyOnly(wrong), 2_000);

    assertThatThrownBy(() -> source.read(Query.all(), Optional.empty()))
        .isInstanceOf(ExternalSystemException.class)
        .hasMessageContaining(OrgSchema.SMS_HISTORY)
        .hasMessageContaining(NS + "SMS_Text__c")
        .hasMessageContaining("smsmagic.objects.outgoing.body");
  }

  @Test
  void twoLookupsToMatterAreAnErrorNamingBoth() {
    OrgSchema base = OrgSchema.litifyDefaults(SCHEMA).withSmsMagic(SCHEMA);
    OrgSchema schema = base.with(base.requireObject(OrgSchema.SMS_HISTORY)
        .withField(SObjectField.reference("Related_Matter__c", SCHEMA.matterObject())));
    SalesforceSimulator sim = org(schema);
    HistorySource source = source(sim, historyOnly(SmsMagicFieldMap.smsHistory()), 2_000);

    assertThatThrownBy(() -> source.read(Query.all(), Optional.empty()))
        .isInstanceOf(ExternalSystemException.class)
        .hasMessageContaining("Matter__c")
        .hasMessageContaining("Related_Matter__c")
        .hasMessageContaining("smsmagic.objects.outgoing.matterLookup");
  }

  @Test
  void anObjectWithoutAMatterLookupIsReadWithoutOne() {
    SalesforceSimulator sim = smsMagicOrg();
    sim.insert("Contact", Map.of("LastName", "Reyes", "MobilePhone", "(502) 555-0111", "CreatedDate", T0));
    MessageObject contacts = new MessageObject("contacts", "Contact", "LastName", "MobilePhone", Optional.empty(),
        Optional.empty(), Set.of(), Direction.INBOUND, List.of("CreatedDate"), List.of(), List.of(),
        Optional.of(SmsMagicFieldMap.AUTO), Optional.of(SmsMagicFieldMap.AUTO), Optional.empty(), Optional.empty());
    HistorySource source = source(sim, historyOnly(contacts), 2_000);

    List<SmsMagicRecord> read = readAll(source, Query.all());

    assertThat(read).singleElement().satisfies(r -> {
      assertThat(r.matter()).isEmpty();
      assertThat(r.intake()).isEmpty();
      assertThat(r.counterparty()).isEqualTo("(502) 555-0111");
    });
    assertThat(source.warnings()).isEmpty();
  }

  // ---- what it makes of a row ----------------------------------------------------------------------------

  @Test
  void aRowsOwnMatterLookupDirectionStatusAndMmsAreRead() {
    SalesforceSimulator sim = smsMagicOrg();
    sim.seedCases(List.of(io.rcsync.testkit.fixtures.Cases.matter().id(MATTER).phone("(859) 555-0100").build()),
        SCHEMA);
    SmsMagicRecord in = new SmsMagicRecord(SmsMagicRows.historyId(1), "SM-000000001", OrgSchema.SMS_HISTORY,
        Direction.INBOUND, "+1 (502) 555-0123", "+15025550147", "Sent the pics", T0, Optional.empty(),
        Optional.of(MATTER), Optional.empty(), "UNDELIVERED", true);
    SmsMagicRows.insert(sim, in);
    SmsMagicRecord created = new SmsMagicRecord(SalesforceIds.idFor("a3I", 1), "I-00000001",
        OrgSchema.INCOMING_SMS, Direction.INBOUND, "5025550124", "5025550147", "Yes", T0.plusSeconds(5),
        Optional.empty(), Optional.empty(), Optional.empty(), "", false);
    SmsMagicRows.insert(sim, created);
    HistorySource source = source(sim, SmsMagicFieldMap.defaults(), 2_000);

    List<SmsMagicRecord> read = readAll(source, Query.all());

    assertThat(read).containsExactly(created, in); // Incoming SMS first
    assertThat(read.get(1).messageId().externalId()).isEqualTo("smsmagic_" + SmsMagicRows.historyId(1).value());
  }

  @Test
  void anInteractEraRecordSubmittedThenFailedIsReadAsFailedWhateverTheCaseOfTheStatus() {
    SalesforceSimulator sim = smsMagicOrg();
    // research15 §2: sentStatus__c keeps its default "Submitted"; deliveryStatus__c says Failed; no Status__c
    SalesforceId interact = SmsMagicRows.historyId(1);
    SmsMagicRows.insert(sim, new SmsMagicRecord(interact, "SM-000000001", OrgSchema.SMS_HISTORY, Direction.OUTBOUND,
        "5025550123", "", "Your hearing moved", T0, Optional.empty(), Optional.empty(), Optional.empty(), "", false));
    sim.update(OrgSchema.SMS_HISTORY, interact.value(), java.util.Map.of(NS + "sentStatus__c", "Submitted",
        NS + "deliveryStatus__c", "Failed"));
    SalesforceId converse = SmsMagicRows.historyId(2); // Status__c kept its picklist default, deliveryStatus__c failed
    SmsMagicRows.insert(sim, new SmsMagicRecord(converse, "SM-000000002", OrgSchema.SMS_HISTORY, Direction.OUTBOUND,
        "5025550123", "", "Call me back", T0.plusSeconds(60), Optional.empty(), Optional.empty(), Optional.empty(),
        "SUBMITTED", false));
    sim.update(OrgSchema.SMS_HISTORY, converse.value(), java.util.Map.of(NS + "deliveryStatus__c", "FAILED"));
    HistorySource source = source(sim, SmsMagicSettings.defaults().fields(), 2_000);

    List<SmsMagicRecord> read = readAll(source, Query.all());

    assertThat(read).extracting(SmsMagicRecord::status).containsExactly("Failed", "FAILED");
    assertThat(read).allSatisfy(r -> assertThat(SmsMagicSettings.defaults().isFailed(r.status())).isTrue());
  }

  @Test
  void aCursorFromElsewhereIsRefusedWithALineSayingWhatToDo() {
    SalesforceSimulator sim = smsMagicOrg();
    HistorySource source = source(sim, SmsMagicFieldMap.defaults(), 2_000);

    assertThatThrownBy(() -> source.read(Query.all(), Optional.of("0:https://evil.example/services/data")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start again without one");
    assertThatThrownBy(() -> source.read(Query.all(), Optional.of("7")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBatchSizeOutsideWhatSalesforceAcceptsIsRefused() {
    SalesforceSimulator sim = smsMagicOrg();
    SalesforceAdapters sf = orgs.adapters(sim, SCHEMA);

    assertThatThrownBy(() -> sf.historySource(SmsMagicFieldMap.defaults(), 5_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smsmagic.queryBatchSize");
    assertThatThrownBy(() -> sf.historySource(SmsMagicFieldMap.defaults(), 100))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describesTheSourceByItsObjects() {
    SalesforceSimulator sim = smsMagicOrg();

    HistorySource source = source(sim, SmsMagicFieldMap.defaults(), 2_000);

    assertThat(source.description()).isEqualTo("org: " + OrgSchema.SMS_HISTORY + ", " + OrgSchema.INCOMING_SMS);
  }
}

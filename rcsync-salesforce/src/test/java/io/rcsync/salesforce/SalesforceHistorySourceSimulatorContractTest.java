package io.rcsync.salesforce;

import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicFieldMap.MessageObject;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.testkit.contract.HistorySourceContract;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The real SMS-Magic history source passes the contract against the embedded simulator's SMS History and Incoming
 * SMS objects, reading 200 records a page (so the suite's 460 SMS History records take three pages). SMS History's
 * time is {@code Sent_On__c} then {@code CreatedOn__c} here (no {@code CreatedDate} fallback), so a row with neither
 * is the unreadable row the contract expects to come back rejected.
 */
class SalesforceHistorySourceSimulatorContractTest extends HistorySourceContract {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  static SmsMagicFieldMap withoutCreatedDateFallback() {
    MessageObject h = SmsMagicFieldMap.smsHistory();
    MessageObject history = new MessageObject(h.label(), h.object(), h.body(), h.counterparty(), h.firmNumber(),
        h.directionField(), h.inboundValues(), h.fixedDirection(),
        List.of("smagicinteract__Sent_On__c", "smagicinteract__CreatedOn__c"), h.ownerFields(), h.statusFields(),
        h.matterLookup(), h.intakeLookup(), h.messageType(), h.nameField());
    return new SmsMagicFieldMap(List.of(history, SmsMagicFieldMap.incomingSms()));
  }

  @Override
  protected HistorySource sourceWith(List<SmsMagicRecord> records, List<Unreadable> unreadable) {
    SalesforceSimulator sim = orgs.org(
        SalesforceSimulator.builder().schema(OrgSchema.litifyDefaults(SCHEMA).withSmsMagic(SCHEMA)), SCHEMA,
        List.of(), Set.of());
    SmsMagicRows.seedReferences(sim, records, SCHEMA);
    records.forEach(r -> SmsMagicRows.insert(sim, r));
    unreadable.forEach(u -> SmsMagicRows.insertWithoutTime(sim, u.id(), u.createdDate()));
    sim.resetCounters();
    return orgs.adapters(sim, SCHEMA).historySource(withoutCreatedDateFallback(), 200);
  }
}

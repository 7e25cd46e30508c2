package io.rcsync.salesforce;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.testkit.contract.ForeignNoteWriter;
import io.rcsync.testkit.contract.NoteBackend;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Embedded Salesforce simulators seeded for one test each, with the real adapter pointed at them through
 * {@link StaticTokenAuth} (what {@code SF_ACCESS_TOKEN} + {@code SF_INSTANCE_URL} give). Closed after each test.
 */
final class SimulatorOrgs implements AutoCloseable {
  private final List<SalesforceSimulator> sims = new ArrayList<>();
  final ApiCalls apiCalls = new ApiCalls();
  final RecordingSleeper sleeper = new RecordingSleeper();

  /** A started Litify org holding the cases (Matters/Intakes) and active users, with the schema's fields. */
  SalesforceSimulator org(LitifySchema schema, List<CaseRecord> cases, Set<SalesforceId> users) {
    return org(SalesforceSimulator.litify(schema), schema, cases, users);
  }

  /** Same, from a configured builder (org schema, query batch size ...). */
  SalesforceSimulator org(SalesforceSimulator.Builder builder, LitifySchema schema, List<CaseRecord> cases,
      Set<SalesforceId> users) {
    SalesforceSimulator sim = builder.build().start();
    sims.add(sim);
    users.forEach(sim::addUser);
    sim.seedCases(cases, schema);
    sim.resetCounters();
    return sim;
  }

  SalesforceAdapters adapters(SalesforceSimulator sim, LitifySchema schema) {
    return adapters(sim, schema, UnaryOperator.identity());
  }

  /** The real adapter on the simulator; retries wait through {@link #sleeper}, never for real. */
  SalesforceAdapters adapters(SalesforceSimulator sim, LitifySchema schema,
      UnaryOperator<SalesforceConfig.Builder> tweak) {
    SalesforceConfig config = tweak.apply(SalesforceConfig.builder().schema(schema).sleeper(sleeper)).build();
    return SalesforceAdapters.create(config, new StaticTokenAuth(sim.instanceUrl(), sim.issueToken()), apiCalls);
  }

  /** Sink and store of one adapter set over one org, and a back door for Notes a user typed. */
  NoteBackend backend(LitifySchema schema, List<CaseRecord> cases, Set<SalesforceId> users) {
    SalesforceSimulator sim = org(schema, cases, users);
    SalesforceAdapters sf = adapters(sim, schema);
    return new NoteBackend(sf.noteSink(), sf.noteStore(), ForeignNoteWriter.withIds((externalId, owner, body) -> {
      Map<String, Object> values = new LinkedHashMap<>();
      if (externalId != null) {
        values.put(schema.noteExternalIdField(), externalId);
      }
      values.put("OwnerId", owner.value());
      values.put(schema.noteBodyField(), body);
      return SalesforceId.of(sim.insert(schema.noteObject(), values));
    }));
  }

  @Override
  public void close() {
    sims.forEach(SalesforceSimulator::close);
    sims.clear();
  }
}

package io.rcsync.testkit.demo;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fake.InMemoryExtensionDirectory;
import io.rcsync.testkit.fake.InMemoryManifestStore;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.testkit.fake.InMemorySyncStateStore;
import io.rcsync.testkit.fake.MutableClock;

/**
 * In-memory RingCentral and Salesforce loaded with a {@link DemoDataset}: what the CLI's {@code demo} verb and
 * end-to-end tests run a sync against. All fakes count their calls in one {@link ApiCalls}. The message source
 * serves Message Sync on the demo's clock, so incremental runs go by Message Sync as they do against RingCentral.
 */
public record DemoBackends(
    DemoDataset dataset,
    InMemoryMessageSource messages,
    InMemoryExtensionDirectory extensions,
    InMemoryCaseDirectory cases,
    InMemoryNotes notes,
    InMemorySyncStateStore state,
    InMemoryManifestStore manifests,
    MutableClock clock,
    ApiCalls apiCalls) {

  public static DemoBackends of(DemoDataset dataset, LitifySchema schema, MutableClock clock) {
    ApiCalls calls = new ApiCalls();
    InMemoryMessageSource source = new InMemoryMessageSource(calls).withMessageSync(clock);
    dataset.messages().values().forEach(source::addAll);
    InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(calls);
    directory.addAll(dataset.extensions());
    InMemoryCaseDirectory caseDirectory = new InMemoryCaseDirectory(schema, calls).addAll(dataset.cases());
    InMemoryNotes notes = new InMemoryNotes(schema, clock, calls).knowCases(dataset.cases()).knowUsers(dataset.users());
    return new DemoBackends(dataset, source, directory, caseDirectory, notes, new InMemorySyncStateStore(),
        new InMemoryManifestStore(), clock, calls);
  }
}

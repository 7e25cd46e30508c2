package io.rcsync.cli.demo;

import io.rcsync.cli.wiring.AdapterFactory;

import io.rcsync.core.domain.SmsMessage;
import io.rcsync.testkit.demo.DemoBackends;
import java.util.List;
import java.util.Map;

/** The demo on the testkit's in-memory fakes: no network, no ports, no credentials. */
public final class InMemoryDemoWorld implements DemoWorld {
  private final DemoBackends backends;
  private final InMemoryAdapters adapters;

  public InMemoryDemoWorld(DemoBackends backends) {
    this.backends = backends;
    this.adapters = new InMemoryAdapters(backends.messages(), backends.extensions(), backends.cases(), backends.notes())
        .withHistory(io.rcsync.testkit.demo.DemoData.smsMagicHistory(backends.dataset()).records());
  }

  @Override
  public AdapterFactory adapters() {
    return adapters;
  }

  @Override
  public Map<String, String> env() {
    return Map.of();
  }

  @Override
  public void addMessages(List<SmsMessage> messages) {
    backends.messages().addAll(messages);
  }

  @Override
  public void addCases(List<io.rcsync.core.domain.CaseRecord> cases) {
    cases.forEach(backends.cases()::add);
    backends.notes().knowCases(cases);
  }

  @Override
  public List<String> describe() {
    return List.of("RingCentral: in-memory fake with " + backends.messages().size() + " texts on "
            + backends.dataset().extensions().size() + " extensions",
        "Salesforce: in-memory fake with " + backends.dataset().cases().size() + " Matters/Intakes");
  }

  @Override
  public long rcsyncNotes() {
    // rc_msg_ only: the imported SMS-Magic history's smsmagic_ Notes are not RingCentral's
    return backends.notes().rcsyncNotes().stream()
        .filter(n -> n.source().equals(java.util.Optional.of(io.rcsync.core.domain.TextSource.RINGCENTRAL))).count();
  }

  @Override
  public List<String> rcsyncFiles() {
    java.util.Map<String, String> noteKeys = new java.util.HashMap<>();
    backends.notes().rcsyncNotes().forEach(n -> noteKeys.put(n.id().shortForm(), n.externalId()));
    return adapters.files().rcsyncFiles().stream()
        .map(f -> adapters.files().describe(f.key()).map(d -> d.get(1)).orElse(f.key()) + " ("
            + io.rcsync.core.service.sync.MmsNoteBody.humanSize(f.sizeBytes()) + "), linked to "
            + String.join(", ", f.linkedTo().stream().map(id -> noteKeys.getOrDefault(id.shortForm(), id.value())).toList()))
        .sorted()
        .toList();
  }

  @Override
  public void close() {
    // nothing to stop
  }
}

package io.rcsync.testkit.demo;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.port.out.ExtensionDirectory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A generated firm: its roster, the phone system's extensions, every extension's texts, the Matters and Intakes
 * in Salesforce and the Salesforce users who may own Notes. Build one with {@link DemoData#generate}.
 */
public record DemoDataset(
    Roster roster,
    List<ExtensionDirectory.Extension> extensions,
    Map<ExtensionId, List<SmsMessage>> messages,
    List<CaseRecord> cases,
    Set<SalesforceId> users) {

  public DemoDataset {
    extensions = List.copyOf(extensions);
    Map<ExtensionId, List<SmsMessage>> m = new LinkedHashMap<>();
    messages.forEach((k, v) -> m.put(k, List.copyOf(v)));
    messages = Collections.unmodifiableMap(m);
    cases = List.copyOf(cases);
    users = Collections.unmodifiableSet(new LinkedHashSet<>(users));
  }

  public List<SmsMessage> allMessages() {
    List<SmsMessage> out = new ArrayList<>();
    messages.values().forEach(out::addAll);
    return out;
  }

  /** The extension a roster member syncs, resolving a member known only by extension number. */
  public Optional<ExtensionId> extensionOf(StaffMember member) {
    if (member.extensionId().isPresent()) {
      return member.extensionId();
    }
    return member.extensionNumber()
        .flatMap(n -> extensions.stream().filter(e -> n.equals(e.number())).map(ExtensionDirectory.Extension::id).findFirst());
  }

  /** Every text held by the extensions of one wave's members. */
  public List<SmsMessage> messagesOfWave(String wave) {
    List<SmsMessage> out = new ArrayList<>();
    for (StaffMember member : roster.wave(wave).members()) {
      extensionOf(member).ifPresent(ext -> out.addAll(messages.getOrDefault(ext, List.of())));
    }
    return out;
  }

  /** The seed-compatible {@code config/sync-config.json} text for this roster (design.md §1). */
  public String configJson() {
    return DemoData.demoConfigJson(this);
  }
}

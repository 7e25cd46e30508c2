package io.rcsync.core.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every wave of the roster, in file order. */
public record Roster(Map<String, Wave> waves) {
  public Roster {
    waves = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(waves));
  }

  public static Roster of(Wave... waves) {
    Map<String, Wave> m = new LinkedHashMap<>();
    for (Wave w : waves) {
      m.put(w.name(), w);
    }
    return new Roster(m);
  }

  public Wave wave(String name) {
    Wave w = waves.get(name);
    if (w == null) {
      throw new IllegalArgumentException("unknown wave '" + name + "'; known waves: " + String.join(", ", waves.keySet()));
    }
    return w;
  }

  public Set<String> waveNames() {
    return waves.keySet();
  }

  public List<StaffMember> allMembers() {
    return waves.values().stream().flatMap(w -> w.members().stream()).toList();
  }

  /** The roster member who owns an extension, in any wave. */
  public Optional<StaffMember> memberFor(ExtensionId extension) {
    return allMembers().stream().filter(m -> m.extensionId().filter(extension::equals).isPresent()).findFirst();
  }
}

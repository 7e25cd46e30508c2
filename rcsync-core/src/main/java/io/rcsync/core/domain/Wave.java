package io.rcsync.core.domain;

import java.util.List;
import java.util.Objects;

/** A named group of staff rolled out together, e.g. {@code wave1_intake}. */
public record Wave(String name, List<StaffMember> members) {
  public Wave {
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
  }
}

package io.rcsync.core.domain;

import java.util.Objects;

/** A RingCentral extension id (the internal numeric id, not the dialable extension number). */
public record ExtensionId(String value) implements Comparable<ExtensionId> {
  public ExtensionId {
    Objects.requireNonNull(value, "extension id");
    if (!value.matches("\\d{1,20}")) {
      throw new IllegalArgumentException("invalid RingCentral extension id: '" + value + "' (digits expected)");
    }
  }

  public static ExtensionId of(String value) {
    return new ExtensionId(value);
  }

  @Override
  public int compareTo(ExtensionId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

package io.rcsync.core.domain;

import java.time.Instant;
import java.util.Objects;

/** A half-open window {@code [from, to)} of message creation times. */
public record TimeWindow(Instant from, Instant to) {
  public TimeWindow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("empty time window: from " + from + " is not before to " + to);
    }
  }

  public boolean contains(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }
}

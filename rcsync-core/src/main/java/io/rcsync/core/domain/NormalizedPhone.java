package io.rcsync.core.domain;

import java.util.Optional;

/** Outcome of normalising one raw phone value: either a {@link PhoneNumber} or a rejection reason. */
public sealed interface NormalizedPhone {
  String raw();

  record Valid(String raw, PhoneNumber number) implements NormalizedPhone {}

  record Rejected(String raw, PhoneRejection reason) implements NormalizedPhone {}

  default Optional<PhoneNumber> asNumber() {
    return this instanceof Valid v ? Optional.of(v.number()) : Optional.empty();
  }
}

package io.rcsync.core.domain;

import java.util.Objects;

/**
 * A record the source could not turn into an {@link SmsMessage}. It is counted as failed and reported with
 * its id, never dropped silently.
 *
 * @param rawId the id as found in the record, or {@code "?"} when the record has none
 */
public record MalformedMessage(String rawId, ExtensionId extension, String reason) {
  public MalformedMessage {
    Objects.requireNonNull(extension, "extension");
    rawId = rawId == null || rawId.isBlank() ? "?" : rawId;
    reason = reason == null ? "malformed record" : reason;
  }
}

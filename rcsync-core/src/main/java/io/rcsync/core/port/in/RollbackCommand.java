package io.rcsync.core.port.in;

import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SalesforceId;
import java.time.Instant;
import java.util.Optional;

/**
 * Which Notes to remove. Without {@code confirm} nothing is deleted (dry-run is the default).
 *
 * @param maxDelete the most Notes this run may delete; a larger match is refused
 * @param allowUnrestorableFiles delete a Note's MMS files (issue 12) even when restore could not re-create them (no
 *     RingCentral content URI in the manifest); without it such a Note and its files are kept and reported
 */
public record RollbackCommand(
    Optional<String> wave,
    Optional<SalesforceId> owner,
    Optional<Instant> since,
    Optional<Instant> until,
    Optional<MessageId> messageId,
    boolean confirm,
    int maxDelete,
    boolean allowUnrestorableFiles) {
  public static final int DEFAULT_MAX_DELETE = 1000;

  public RollbackCommand {
    wave = wave == null ? Optional.empty() : wave;
    owner = owner == null ? Optional.empty() : owner;
    since = since == null ? Optional.empty() : since;
    until = until == null ? Optional.empty() : until;
    messageId = messageId == null ? Optional.empty() : messageId;
    if (maxDelete < 0) {
      throw new IllegalArgumentException("--max-delete must not be negative");
    }
  }

  /** Without {@code allowUnrestorableFiles}: files restore could not re-create are kept with their Notes. */
  public RollbackCommand(Optional<String> wave, Optional<SalesforceId> owner, Optional<Instant> since,
      Optional<Instant> until, Optional<MessageId> messageId, boolean confirm, int maxDelete) {
    this(wave, owner, since, until, messageId, confirm, maxDelete, false);
  }

  public static RollbackCommand dryRunAll() {
    return new RollbackCommand(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), false, DEFAULT_MAX_DELETE);
  }
}

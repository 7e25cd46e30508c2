package io.rcsync.core.port.in;

import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Notes to remove. Without {@code confirm} nothing is deleted (dry-run is the default).
 *
 * @param maxDelete the most Notes this run may delete; a larger match is refused
 * @param allowUnrestorableFiles delete a Note's MMS files (issue 12) even when restore could not re-create them (no
 *     RingCentral content URI in the manifest); without it such a Note and its files are kept and reported
 * @param source whose Notes (issue 15, {@code --source rc|smsmagic}): {@link TextSource#RINGCENTRAL} ({@code rc_msg_})
 *     unless asked otherwise, so a rollback that does not name SMS-Magic never selects an imported history Note
 *     ({@code smsmagic_}), and one that does selects nothing else
 * @throws IllegalArgumentException when {@code maxDelete} is negative, or {@code messageId} is another source's key
 *     (one line naming both)
 */
public record RollbackCommand(
    Optional<String> wave,
    Optional<SalesforceId> owner,
    Optional<Instant> since,
    Optional<Instant> until,
    Optional<MessageId> messageId,
    boolean confirm,
    int maxDelete,
    boolean allowUnrestorableFiles,
    TextSource source) {
  public static final int DEFAULT_MAX_DELETE = 1000;

  public RollbackCommand {
    wave = wave == null ? Optional.empty() : wave;
    owner = owner == null ? Optional.empty() : owner;
    since = since == null ? Optional.empty() : since;
    until = until == null ? Optional.empty() : until;
    messageId = messageId == null ? Optional.empty() : messageId;
    Objects.requireNonNull(source, "source");
    if (maxDelete < 0) {
      throw new IllegalArgumentException("--max-delete must not be negative");
    }
    if (messageId.isPresent() && messageId.get().source() != source) {
      throw new IllegalArgumentException("--message-id " + messageId.get().externalId() + " is the key of a "
          + messageId.get().source().cliName() + " Note, but the rollback is of " + source.cliName()
          + " Notes: add --source " + messageId.get().source().cliName());
    }
  }

  /** Of RingCentral's Notes ({@code rc_msg_}), as before issue 15. */
  public RollbackCommand(Optional<String> wave, Optional<SalesforceId> owner, Optional<Instant> since,
      Optional<Instant> until, Optional<MessageId> messageId, boolean confirm, int maxDelete,
      boolean allowUnrestorableFiles) {
    this(wave, owner, since, until, messageId, confirm, maxDelete, allowUnrestorableFiles, TextSource.RINGCENTRAL);
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

  /** The same command over another source's Notes. */
  public RollbackCommand withSource(TextSource newSource) {
    return new RollbackCommand(wave, owner, since, until, messageId, confirm, maxDelete, allowUnrestorableFiles,
        newSource);
  }
}

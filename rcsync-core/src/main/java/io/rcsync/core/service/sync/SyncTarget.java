package io.rcsync.core.service.sync;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SalesforceId;
import java.util.Objects;
import java.util.Optional;

/**
 * One extension a run reads, or (issue 15) one owner's share of an SMS-Magic import.
 *
 * @param extension the RingCentral extension; for an import target a run-local key only ({@link #ofHistoryOwner}),
 *     never shown
 * @param staffName the roster name reports show ("?" for a pushed message of an extension no roster row owns; the
 *     owner's name for an import target)
 * @param owner the Salesforce user its Notes get; empty when the roster row has no sfUserId, in which case the
 *     extension's matched texts fail instead of being written with the wrong owner
 * @param shownAs what reports show in the extension column instead of {@link #extension()}: empty for a RingCentral
 *     extension; for an import target the owner's Salesforce User Id, so no report presents a made-up extension
 */
public record SyncTarget(ExtensionId extension, String staffName, Optional<SalesforceId> owner,
    Optional<String> shownAs) {
  public SyncTarget {
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(staffName, "staffName");
    Objects.requireNonNull(owner, "owner");
    shownAs = shownAs == null ? Optional.empty() : shownAs;
  }

  /** A RingCentral extension's target. */
  public SyncTarget(ExtensionId extension, String staffName, Optional<SalesforceId> owner) {
    this(extension, staffName, owner, Optional.empty());
  }

  /**
   * The target of an SMS-Magic import's records owned by {@code owner} (issue 15): the ledger keys its rows by
   * extension, so each owner gets a run-local key {@code ordinal} (never shown), and reports show the owner's User Id
   * and {@code ownerName}.
   *
   * @param ordinal 1, 2, ... in the order the run meets the owners
   */
  public static SyncTarget ofHistoryOwner(int ordinal, String ownerName, SalesforceId owner) {
    return new SyncTarget(ExtensionId.of(Integer.toString(ordinal)), ownerName, Optional.of(owner),
        Optional.of(owner.value()));
  }

  /** What reports show in the extension column: {@link #shownAs()} when set, else the extension id. */
  public String shown() {
    return shownAs.orElse(extension.value());
  }
}

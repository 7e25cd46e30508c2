package io.rcsync.core.service.sync;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SalesforceId;
import java.util.Objects;
import java.util.Optional;

/**
 * One extension a run reads.
 *
 * @param staffName the roster name reports show ("?" for a pushed message of an extension no roster row owns)
 * @param owner the Salesforce user its Notes get; empty when the roster row has no sfUserId, in which case the
 *     extension's matched texts fail instead of being written with the wrong owner
 */
public record SyncTarget(ExtensionId extension, String staffName, Optional<SalesforceId> owner) {
  public SyncTarget {
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(staffName, "staffName");
    Objects.requireNonNull(owner, "owner");
  }
}

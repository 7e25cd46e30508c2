package io.rcsync.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One roster row. A member may lack a RingCentral extension (flagged and skipped) or a Salesforce user
 * (their texts cannot be owned correctly and are reported as failed until the roster is fixed).
 */
public record StaffMember(
    String name, Optional<ExtensionId> extensionId, Optional<String> extensionNumber, Optional<SalesforceId> sfUserId) {
  public StaffMember {
    Objects.requireNonNull(name, "name");
    extensionId = extensionId == null ? Optional.empty() : extensionId;
    extensionNumber = extensionNumber == null ? Optional.empty() : extensionNumber;
    sfUserId = sfUserId == null ? Optional.empty() : sfUserId;
  }

  public static StaffMember of(String name, String extensionId, String sfUserId) {
    return new StaffMember(
        name,
        Optional.ofNullable(extensionId).map(ExtensionId::of),
        Optional.empty(),
        Optional.ofNullable(sfUserId).map(SalesforceId::of));
  }

  public boolean hasExtension() {
    return extensionId.isPresent() || extensionNumber.isPresent();
  }
}

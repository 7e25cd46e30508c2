package io.rcsync.core.port.out;

import io.rcsync.core.domain.ExtensionId;
import java.util.List;

/** The phone system's list of extensions, used to resolve roster rows and flag staff who have none. */
public interface ExtensionDirectory {

  /** RingCentral's extension type of a person's extension. */
  String TYPE_USER = "User";

  /** RingCentral's status of an extension in use. */
  String STATUS_ENABLED = "Enabled";

  /**
   * One extension as RingCentral's extension list shows it
   * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1GetExtensionListInfoResponse.html).
   *
   * @param number the dialable extension number, e.g. "104"
   * @param name for a user extension RingCentral's combination of first and last name, else the extension's name
   * @param status e.g. "Enabled", "Disabled", "NotActivated", "Frozen"
   * @param type e.g. "User", "Department" (a call queue), "IvrMenu"; null when the source does not say
   * @param firstName {@code contact.firstName} (user extensions only), or null
   * @param lastName {@code contact.lastName} (user extensions only), or null
   * @param email {@code contact.email}, or null
   */
  record Extension(ExtensionId id, String number, String name, String status, String type, String firstName,
      String lastName, String email) {

    /** A user extension without contact details (fixtures and tests that need only id, number, name, status). */
    public Extension(ExtensionId id, String number, String name, String status) {
      this(id, number, name, status, TYPE_USER, null, null, null);
    }

    /** A person's extension ({@code type} "User"). */
    public boolean isUser() {
      return TYPE_USER.equals(type);
    }

    /** In use: status "Enabled" (not Disabled, NotActivated, Frozen or Unassigned). */
    public boolean isEnabled() {
      return STATUS_ENABLED.equals(status);
    }
  }

  List<Extension> listExtensions();
}

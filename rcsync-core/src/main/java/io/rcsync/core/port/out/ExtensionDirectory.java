package io.rcsync.core.port.out;

import io.rcsync.core.domain.ExtensionId;
import java.util.List;

/** The phone system's list of extensions, used to resolve roster rows and flag staff who have none. */
public interface ExtensionDirectory {

  /**
   * @param number the dialable extension number, e.g. "104"
   * @param status e.g. "Enabled", "Disabled", "NotActivated"
   */
  record Extension(ExtensionId id, String number, String name, String status) {}

  List<Extension> listExtensions();
}

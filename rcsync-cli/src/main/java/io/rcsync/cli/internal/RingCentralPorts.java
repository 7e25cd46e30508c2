package io.rcsync.cli.internal;

import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.MessageSource;
import java.util.List;

/** The RingCentral side of a run. */
public interface RingCentralPorts {
  MessageSource messages();

  ExtensionDirectory extensions();

  /**
   * Logs in now (rather than on the first fetch) and says so in one line, e.g. "token valid until 14:05Z".
   *
   * @throws io.rcsync.core.port.out.ExternalSystemException when RingCentral refuses the credentials
   */
  String checkLogin();

  /** Where the credentials came from and the server, without any secret. */
  String describe();

  /** Non-fatal findings while loading (credentials file readable by others ...). */
  List<String> warnings();
}

package io.rcsync.testkit.sim.ringcentral;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The account: its id, its extensions in the order added, and the JWT user's extension (the one {@code ~} stands
 * for: the configured one, else the first extension added). Not thread-safe: the simulator calls it under its lock.
 */
final class RcDirectory {
  private final String accountId;
  private final Map<ExtensionId, ExtensionDirectory.Extension> extensions = new LinkedHashMap<>();
  private ExtensionId owner;

  RcDirectory(String accountId, ExtensionId owner) {
    this.accountId = accountId;
    this.owner = owner;
  }

  String accountId() {
    return accountId;
  }

  /** Adds or replaces an extension; the first one added becomes the owner unless one was configured. */
  void add(ExtensionDirectory.Extension extension) {
    extensions.put(extension.id(), extension);
    if (owner == null) {
      owner = extension.id();
    }
  }

  Collection<ExtensionDirectory.Extension> extensions() {
    return extensions.values();
  }

  /** The JWT user's extension, or null before any is known. */
  ExtensionId owner() {
    return owner;
  }

  /** The {@code accountId} path parameter names this account ({@code ~} or its id). */
  boolean isAccount(String pathParameter) {
    return pathParameter.equals("~") || pathParameter.equals(accountId);
  }
}

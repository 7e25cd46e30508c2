package io.rcsync.testkit.contract;

import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.testkit.fake.InMemoryExtensionDirectory;
import java.util.List;

/** The in-memory fake passes {@link ExtensionDirectoryContract}. */
class InMemoryExtensionDirectoryTest extends ExtensionDirectoryContract {
  @Override
  protected ExtensionDirectory directoryHolding(List<ExtensionDirectory.Extension> extensions) {
    return InMemoryExtensionDirectory.holding(extensions);
  }
}

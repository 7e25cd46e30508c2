package io.rcsync.testkit.contract;

import io.rcsync.core.port.out.ManifestStore;
import io.rcsync.testkit.fake.InMemoryManifestStore;

/** The in-memory fake passes {@link ManifestStoreContract}. */
class InMemoryManifestStoreTest extends ManifestStoreContract {
  @Override
  protected ManifestStore freshStore() {
    return new InMemoryManifestStore();
  }
}

package io.rcsync.testkit.contract;

import io.rcsync.core.port.out.SyncStateStore;
import io.rcsync.testkit.fake.InMemorySyncStateStore;

/** The in-memory fake passes {@link SyncStateStoreContract}. */
class InMemorySyncStateStoreTest extends SyncStateStoreContract {
  @Override
  protected SyncStateStore freshStore() {
    return new InMemorySyncStateStore();
  }
}

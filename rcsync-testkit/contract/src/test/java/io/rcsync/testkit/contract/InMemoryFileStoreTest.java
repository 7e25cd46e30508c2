package io.rcsync.testkit.contract;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.testkit.fake.InMemoryFiles;
import io.rcsync.testkit.fixtures.SalesforceIds;

/** The in-memory fake passes {@link FileStoreContract}. */
class InMemoryFileStoreTest extends FileStoreContract {
  @Override
  protected FileBackend freshBackend(long maxFileBytes) {
    InMemoryFiles files = new InMemoryFiles(new ApiCalls(), maxFileBytes);
    SalesforceIds notes = SalesforceIds.withPrefix(SalesforceIds.NOTE);
    return new FileBackend(files, SalesforceIds.idFor(SalesforceIds.MATTER, 1), notes::next,
        record -> files.insertForeign("Retainer.pdf", record, new byte[] {1, 2, 3}), files::calls);
  }
}

package io.rcsync.testkit.contract;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import java.util.List;

/** The in-memory fake passes {@link CaseDirectoryContract}. */
class InMemoryCaseDirectoryTest extends CaseDirectoryContract {
  @Override
  protected CaseDirectory directoryHolding(List<CaseRecord> records, LitifySchema schema) {
    return new InMemoryCaseDirectory(schema, new ApiCalls()).addAll(records);
  }
}

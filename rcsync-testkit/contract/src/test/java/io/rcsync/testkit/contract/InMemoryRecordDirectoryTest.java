package io.rcsync.testkit.contract;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.RecordDirectory;
import io.rcsync.testkit.fake.InMemoryRecordDirectory;
import java.util.List;
import java.util.Map;

/** The in-memory {@link RecordDirectory} passes {@link RecordDirectoryContract}. */
class InMemoryRecordDirectoryTest extends RecordDirectoryContract {
  @Override
  protected RecordDirectory freshDirectory(List<CaseRecord> cases, Map<SalesforceId, String> users) {
    InMemoryRecordDirectory d = new InMemoryRecordDirectory(new ApiCalls());
    for (int i = 0; i < cases.size(); i++) {
      d.add(cases.get(i), "REC-" + (i + 1));
    }
    users.forEach(d::addUser);
    return d;
  }
}

package io.rcsync.testkit.contract;

import io.rcsync.core.port.out.StaffDirectory;
import io.rcsync.core.port.out.StaffDirectory.SalesforceUser;
import io.rcsync.testkit.fake.InMemoryStaffDirectory;
import java.util.List;

/** The in-memory fake passes {@link StaffDirectoryContract}. */
class InMemoryStaffDirectoryTest extends StaffDirectoryContract {
  @Override
  protected StaffDirectory directoryWith(List<SalesforceUser> active, List<SalesforceUser> inactive) {
    return InMemoryStaffDirectory.holding(active);
  }
}

package io.rcsync.salesforce;

/** {@link SalesforceCaseDirectorySimulatorContractTest} with {@code compositeQueries(false)}: one GET per statement. */
class SalesforceCaseDirectorySimulatorGetContractTest extends SalesforceCaseDirectorySimulatorContractTest {
  @Override
  boolean composite() {
    return false;
  }
}

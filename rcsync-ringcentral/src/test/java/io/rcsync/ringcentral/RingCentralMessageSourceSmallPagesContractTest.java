package io.rcsync.ringcentral;

import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;

/** The contract again with 97-record pages, so a 2,150-message backfill crosses 23 page boundaries. */
class RingCentralMessageSourceSmallPagesContractTest extends RingCentralMessageSourceContractTest {
  @Override
  int perPage() {
    return 97;
  }

  @Override
  RingCentralSimulator.Builder simulator() {
    return RingCentralSimulator.builder().noRateLimits();
  }
}

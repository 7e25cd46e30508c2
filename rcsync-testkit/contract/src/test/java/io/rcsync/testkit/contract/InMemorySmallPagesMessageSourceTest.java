package io.rcsync.testkit.contract;

/** The in-memory fake (Message Sync on) passes {@link MessageSourceContract} with 7-record pages. */
class InMemorySmallPagesMessageSourceTest extends InMemoryMessageSourceTest {
  @Override
  int pageSize() {
    return 7;
  }
}

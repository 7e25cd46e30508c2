package io.rcsync.testkit.contract;

/**
 * The in-memory fake (Message Sync on) passes {@link MessageSourceContract} in pages of 7, so every multi-page rule is
 * exercised with few messages.
 */
class InMemorySmallPagesMessageSourceTest extends InMemoryMessageSourceTest {
  @Override
  protected int pageSize() {
    return 7;
  }
}

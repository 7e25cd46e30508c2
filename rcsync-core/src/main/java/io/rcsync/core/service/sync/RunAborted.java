package io.rcsync.core.service.sync;

/**
 * Unwinds a step once the {@link RunLedger} records that the run must stop (quota spent, credentials lost); the
 * reason is already in the ledger, so it carries no message or stack trace.
 */
final class RunAborted extends RuntimeException {
  RunAborted() {
    super(null, null, false, false);
  }
}

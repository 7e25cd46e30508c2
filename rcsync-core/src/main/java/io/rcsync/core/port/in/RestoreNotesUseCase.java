package io.rcsync.core.port.in;

import io.rcsync.core.report.RestoreReport;

/** Put back the Notes of a rollback manifest. */
public interface RestoreNotesUseCase {
  RestoreReport restore(String manifestLocation, boolean dryRun);
}

package io.rcsync.core.port.in;

import io.rcsync.core.report.RollbackReport;

/** Remove Notes rcsync wrote, after writing a manifest that can restore them. */
public interface RollbackNotesUseCase {
  RollbackReport rollback(RollbackCommand command);
}

package io.rcsync.core.port.in;

import io.rcsync.core.report.RunReport;

/** Mirror a wave's texts in a window into Notes. */
public interface SyncMessagesUseCase {
  RunReport sync(SyncCommand command);
}

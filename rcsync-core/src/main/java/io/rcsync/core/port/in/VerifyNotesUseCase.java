package io.rcsync.core.port.in;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.report.VerifyReport;
import java.time.Instant;
import java.util.Optional;

/** Prove the Notes are a complete record of a window: compare the phone system's texts with the Notes. */
public interface VerifyNotesUseCase {
  record VerifyCommand(String wave, Optional<ExtensionId> extension, Instant since, Optional<Instant> until) {}

  VerifyReport verify(VerifyCommand command);
}

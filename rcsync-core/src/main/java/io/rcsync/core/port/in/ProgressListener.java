package io.rcsync.core.port.in;

import io.rcsync.core.domain.ExtensionId;

/** Receives progress as a run goes; the CLI draws a bar or prints lines. All methods default to no-op. */
public interface ProgressListener {
  ProgressListener NONE = new ProgressListener() {};

  default void extensionStarted(ExtensionId extension, String staffName) {}

  default void messagesFetched(ExtensionId extension, int count) {}

  default void notesWritten(int count) {}

  default void extensionFinished(ExtensionId extension) {}

  default void warning(String message) {}
}

package io.rcsync.core.port.in;

import io.rcsync.core.domain.ExtensionId;

/**
 * Receives progress as a run goes; the CLI draws a bar or prints lines. All methods default to no-op.
 *
 * <p>Threads: an overlapped sync (issue 13 item 3, {@code sync.overlap}) calls {@link #extensionStarted},
 * {@link #messagesFetched} and {@link #extensionFinished} from the reading thread and {@link #notesWritten} from its
 * worker, possibly at the same time, so an implementation must be thread-safe (the CLI's synchronizes). "Finished"
 * means read: that extension's Notes may still be being written. The reading thread's calls never come with an
 * interrupt pending, so a listener may write to an interruptible channel (the CLI's run lock); the worker is never
 * interrupted. Interrupting the thread running a sync asks it to stop soon ({@code SyncService}).
 */
public interface ProgressListener {
  ProgressListener NONE = new ProgressListener() {};

  default void extensionStarted(ExtensionId extension, String staffName) {}

  default void messagesFetched(ExtensionId extension, int count) {}

  default void notesWritten(int count) {}

  default void extensionFinished(ExtensionId extension) {}

  default void warning(String message) {}
}

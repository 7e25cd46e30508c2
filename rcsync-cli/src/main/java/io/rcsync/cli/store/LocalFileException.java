package io.rcsync.cli.store;

/** A local file of rcsync (state, manifest, lock, report) cannot be read or written; the message names it. */
public final class LocalFileException extends RuntimeException {
  public LocalFileException(String message) {
    super(message);
  }

  public LocalFileException(String message, Throwable cause) {
    super(message, cause);
  }
}

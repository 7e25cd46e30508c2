package io.rcsync.cli.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see the old content or the new, never a mix: the bytes go to a temp file in the
 * same directory, are forced to disk, and the temp file is renamed over the target with {@code ATOMIC_MOVE}.
 */
public final class AtomicFiles {
  /** The rename step, replaceable in tests to simulate a crash between writing and renaming. */
  @FunctionalInterface
  public interface Mover {
    void move(Path from, Path to) throws IOException;
  }

  public static final Mover ATOMIC_RENAME = (from, to) -> {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + to.getParent() + " cannot rename atomically; keep rcsync's "
          + "state on a local disk", e);
    }
  };

  private AtomicFiles() {}

  public static void write(Path target, byte[] content, Mover mover) throws IOException {
    write(target, content, mover, false);
  }

  /**
   * As {@link #write(Path, byte[], Mover)}; with {@code ownerOnly} the file gets POSIX permissions 0600
   * ({@code rw-------}) before it is renamed into place, so it is never readable by others, not even briefly (on a
   * file system without POSIX permissions the step is skipped).
   */
  public static void write(Path target, byte[] content, Mover mover, boolean ownerOnly) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp");
    try {
      if (ownerOnly && Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      writeAndForce(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      mover.move(tmp, target);
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes the bytes and forces them (and the file's metadata) to the device before returning. */
  public static void writeAndForce(Path file, byte[] content, StandardOpenOption... options) throws IOException {
    try (FileChannel ch = FileChannel.open(file, options)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  /** Makes a rename durable; a no-op where directories cannot be opened (Windows). */
  public static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the rename itself is already atomic
    }
  }
}

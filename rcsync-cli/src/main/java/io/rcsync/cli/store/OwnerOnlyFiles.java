package io.rcsync.cli.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files only their owner may read, such as the RingCentral token cache {@code .rcsync/rc-token.json}: finding one that
 * is open to others, and closing it again. On a file system without POSIX permissions nothing is open to others.
 */
public final class OwnerOnlyFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE);

  private OwnerOnlyFiles() {}

  /**
   * The file's permissions as {@code ls} shows them (e.g. {@code rw-r--r--}) when they give anything to the group or
   * others; empty when the file is the owner's alone, absent, or its permissions cannot be read.
   */
  public static Optional<String> openToOthers(Path file) {
    if (!posix() || !Files.exists(file)) {
      return Optional.empty();
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      return OWNER_ONLY.containsAll(perms) ? Optional.empty() : Optional.of(PosixFilePermissions.toString(perms));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Makes the file readable and writable by its owner only ({@code chmod 600}).
   *
   * @param shownAs the file as the operator knows it, for the message
   * @throws LocalFileException one line naming the file when its permissions cannot be changed (another owner ...)
   */
  public static void restrictToOwner(Path file, String shownAs) {
    if (!posix()) {
      return;
    }
    try {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    } catch (IOException e) {
      throw new LocalFileException("cannot make " + shownAs + " private (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "); run chmod 600 " + shownAs + " as its owner", e);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}

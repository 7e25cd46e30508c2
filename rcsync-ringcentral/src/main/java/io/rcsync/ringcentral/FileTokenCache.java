package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token cache every process on the machine shares: one JSON file (the CLI uses {@code .rcsync/rc-token.json} in
 * the state directory, design.md §7) holding {@code owner}, {@code accessToken}, {@code accessIssuedAt},
 * {@code accessExpiresAt}, {@code refreshToken} and {@code refreshExpiresAt} (ISO-8601 instants).
 *
 * <p>On a POSIX file system the file is created with permission 0600 (written to a temp file created 0600 in the same
 * directory, then moved over the old one atomically) and a file whose permissions are wider is refused: {@link #load()}
 * throws with one line naming the file and {@code chmod 600}. Refreshes are serialized across processes by an exclusive
 * {@link FileChannel#lock()} on the sibling {@code <file>.lock} (and across threads of this JVM by an in-process lock,
 * since a JVM may not hold two locks on one file): a second process waits, re-reads the file and uses the fresh token
 * instead of refreshing again.
 *
 * <p>A file that cannot be parsed is treated as empty (the next login overwrites it). No token is ever logged.
 */
public final class FileTokenCache implements TokenCache {
  private static final Logger LOG = LoggerFactory.getLogger(FileTokenCache.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE);
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final String shownAs;
  private final boolean posix;

  /**
   * @param file the cache file; its directory is created on the first save
   * @param shownAs how messages name the file, e.g. {@code .rcsync/rc-token.json} as the operator would type it
   */
  public FileTokenCache(Path file, String shownAs) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    this.shownAs = Objects.requireNonNull(shownAs, "shownAs");
    this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** The cache file. */
  public Path file() {
    return file;
  }

  @Override
  public Optional<Tokens> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text;
    try {
      if (posix) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
          throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.AUTHENTICATION, "RingCentral token cache "
              + shownAs + " has permissions " + PosixFilePermissions.toString(perms) + ", open to other users; run"
              + " chmod 600 " + shownAs + " (or delete it and log in again)");
        }
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.AUTHENTICATION, "cannot read RingCentral token cache "
          + shownAs + " (" + e.getClass().getSimpleName() + "); check its owner and permissions, or delete it");
    }
    try {
      JsonNode n = JSON.readTree(text);
      return Optional.of(new Tokens(n.path("owner").asText(), n.get("accessToken").asText(),
          Instant.parse(n.get("accessIssuedAt").asText()), Instant.parse(n.get("accessExpiresAt").asText()),
          textOrNull(n, "refreshToken"), instantOrNull(n, "refreshExpiresAt")));
    } catch (Exception e) {
      LOG.warn("RingCentral token cache {} is unreadable ({}); logging in afresh", shownAs,
          e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  @Override
  public void save(Tokens tokens) {
    Objects.requireNonNull(tokens, "tokens");
    ObjectNode n = JSON.createObjectNode();
    n.put("owner", tokens.owner());
    n.put("accessToken", tokens.accessToken());
    n.put("accessIssuedAt", tokens.accessIssuedAt().toString());
    n.put("accessExpiresAt", tokens.accessExpiresAt().toString());
    if (tokens.refreshToken() != null) {
      n.put("refreshToken", tokens.refreshToken());
    }
    if (tokens.refreshExpiresAt() != null) {
      n.put("refreshExpiresAt", tokens.refreshExpiresAt().toString());
    }
    Path dir = file.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = posix ? Files.createTempFile(dir, ".rc-token", ".tmp", ownerOnly())
          : Files.createTempFile(dir, ".rc-token", ".tmp");
      Files.writeString(tmp, n.toString(), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      // not fatal: this process keeps its token in memory; the next one logs in again
      LOG.warn("cannot write RingCentral token cache {} ({}); the next run will log in again", shownAs,
          e.getClass().getSimpleName());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  @Override
  public void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.AUTHENTICATION, "cannot delete RingCentral token"
          + " cache " + shownAs + " (" + e.getClass().getSimpleName() + "); delete it by hand");
    }
  }

  @Override
  public <T> T locked(Supplier<T> action) {
    ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    jvm.lock();
    try {
      if (jvm.getHoldCount() > 1) {
        return action.get(); // re-entered: this thread already holds the file lock
      }
      Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
      FileChannel channel;
      try {
        Files.createDirectories(lockFile.getParent());
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel = posix ? FileChannel.open(lockFile, options, ownerOnly()) : FileChannel.open(lockFile, options);
      } catch (IOException e) {
        LOG.warn("cannot open the RingCentral token lock {} ({}); refreshing without it", lockFile.getFileName(),
            e.getClass().getSimpleName());
        return action.get();
      }
      try (channel; FileLock ignored = channel.lock()) {
        return action.get();
      } catch (IOException e) {
        throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.AUTHENTICATION, "cannot lock RingCentral token"
            + " cache " + shownAs + " (" + e.getClass().getSimpleName() + ")");
      }
    } finally {
      jvm.unlock();
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
  }

  private static String textOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }

  private static Instant instantOrNull(JsonNode n, String field) {
    String t = textOrNull(n, field);
    return t == null ? null : Instant.parse(t);
  }

  @Override
  public String toString() {
    return "FileTokenCache[" + shownAs + "]";
  }
}

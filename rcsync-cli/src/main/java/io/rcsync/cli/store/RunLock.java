package io.rcsync.cli.store;

import io.rcsync.core.support.Durations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps two runs that change Salesforce or the state (cron/launchd ticks, an operator's backfill) from overlapping.
 *
 * <p>The lock is an OS file lock ({@link FileChannel#tryLock()}) on {@code .rcsync/sync.lock}, which the OS drops when
 * the holder dies, so a crashed run never blocks the next one. The file also holds who has it (pid, host, start time,
 * what it runs) and a heartbeat the holder refreshes as it works. Stale rule: when the OS says the lock is held but the
 * heartbeat is older than the stale limit ({@code 6 × the hot-tier interval}, at least 30 minutes) or the holder's pid
 * no longer exists on this host, the run is taken to be hung or gone: the lock file is replaced and the new run goes
 * on with a warning. Otherwise the run stops with one line naming the lock file and its holder.
 *
 * <p>Releasing empties the file but keeps it, so a waiting process can never lock a deleted file.
 */
public final class RunLock implements AutoCloseable {
  public static final String DEFAULT_PATH = ".rcsync/sync.lock";
  public static final int STALE_INTERVALS = 6;
  public static final Duration MIN_STALE = Duration.ofMinutes(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HEARTBEAT_EVERY = Duration.ofMinutes(1);

  /** Another live run holds the lock. */
  public static final class HeldException extends RuntimeException {
    HeldException(String message) {
      super(message);
    }
  }

  /** Who holds (or held) the lock, as written in the file. */
  public record Holder(long pid, String host, Instant startedAt, Instant heartbeat, String command) {}

  private final FileChannel channel;
  private final FileLock lock;
  private final Clock clock;
  private final Holder holder;
  private Instant lastBeat;

  private RunLock(FileChannel channel, FileLock lock, Clock clock, Holder holder) {
    this.channel = channel;
    this.lock = lock;
    this.clock = clock;
    this.holder = holder;
    this.lastBeat = holder.heartbeat();
  }

  /** The stale limit for a hot-tier interval: {@value #STALE_INTERVALS} intervals, at least 30 minutes. */
  public static Duration staleAfter(Duration interval) {
    Duration d = interval.multipliedBy(STALE_INTERVALS);
    return d.compareTo(MIN_STALE) < 0 ? MIN_STALE : d;
  }

  /**
   * Takes the lock or throws {@link HeldException}.
   *
   * @param shownAs the lock file as the operator knows it, for messages
   * @param command what this run does, recorded for whoever finds the lock held
   * @param warn receives the takeover warning
   */
  public static RunLock acquire(Path file, String shownAs, String command, Duration staleAfter, Clock clock,
      Consumer<String> warn) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Optional<RunLock> got = tryTake(file, command, clock, warn, shownAs);
      if (got.isPresent()) {
        return got.get();
      }
      Optional<Holder> prior = readHolder(file);
      Instant now = clock.instant();
      if (prior.isPresent()) {
        Holder h = prior.get();
        Duration quiet = Duration.between(h.heartbeat(), now);
        boolean hung = quiet.compareTo(staleAfter) > 0;
        boolean gone = h.host().equals(hostName()) && h.pid() != ProcessHandle.current().pid()
            && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true);
        if (hung || gone) {
          warn.accept("taking over " + shownAs + " from " + describe(h, now) + ": "
              + (gone ? "that process no longer exists" : "it has shown no progress for " + Durations.human(quiet)
                  + " (stale after " + Durations.human(staleAfter) + ")")
              + (gone ? "" : "; if it is still running, stop it (kill " + h.pid() + ")"));
          Files.deleteIfExists(file);
          got = tryTake(file, command, clock, w -> {}, shownAs);
          if (got.isPresent()) {
            return got.get();
          }
          prior = readHolder(file);
        }
      }
      throw new HeldException("another rcsync run holds the lock " + shownAs + ": "
          + prior.map(h -> describe(h, now)).orElse("holder not recorded yet")
          + "; it counts as stale after " + Durations.human(staleAfter) + " without progress. Wait for it to finish"
          + prior.map(h -> ", or stop it (kill " + h.pid() + ")").orElse("")
          + "; delete the file only if no rcsync is running");
    } catch (IOException e) {
      throw new LocalFileException("cannot use the lock file " + shownAs + ": " + e.getMessage(), e);
    }
  }

  private static Optional<RunLock> tryTake(Path file, String command, Clock clock, Consumer<String> warn, String shownAs)
      throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held inside this JVM
    }
    if (lock == null) {
      ch.close();
      return Optional.empty();
    }
    Optional<Holder> left = parse(read(ch));
    Instant now = clock.instant();
    left.ifPresent(h -> warn.accept("taking over " + shownAs + " left by " + describe(h, now)
        + ", which ended without releasing it"));
    Holder me = new Holder(ProcessHandle.current().pid(), hostName(), now, now, command);
    RunLock rl = new RunLock(ch, lock, clock, me);
    rl.writeHolder(me);
    return Optional.of(rl);
  }

  public Holder holder() {
    return holder;
  }

  /** Refreshes the heartbeat (at most once a minute), so a long run is never taken for a hung one. */
  public synchronized void heartbeat() {
    Instant now = clock.instant();
    if (!channel.isOpen() || Duration.between(lastBeat, now).compareTo(HEARTBEAT_EVERY) < 0) {
      return;
    }
    lastBeat = now;
    try {
      writeHolder(new Holder(holder.pid(), holder.host(), holder.startedAt(), now, holder.command()));
    } catch (IOException e) {
      // a missed heartbeat only makes the lock look older
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (channel.isOpen()) {
        channel.truncate(0);
        channel.force(true);
        lock.release();
        channel.close();
      }
    } catch (IOException e) {
      // the OS releases the lock when the process exits anyway
    }
  }

  private void writeHolder(Holder h) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("pid", h.pid());
    n.put("host", h.host());
    n.put("startedAt", h.startedAt().toString());
    n.put("heartbeat", h.heartbeat().toString());
    n.put("command", h.command());
    byte[] bytes = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(bytes), 0);
    channel.force(true);
  }

  /**
   * Whether the recorded holder looks alive: on this host, when its pid is a live process (this one included); on
   * another host, always (it cannot be checked from here). A released lock file is empty, so a holder that is not
   * alive is a run that crashed (or was killed) without releasing it; the next run takes such a lock over.
   */
  public static boolean holderAlive(Holder h) {
    if (!h.host().equals(hostName())) {
      return true;
    }
    return ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * A one-line description of a holder for messages: {@code pid 4242 on host (serve --listen 127.0.0.1:8080), started
   * 2026-04-10T12:00:00Z (5 min ago)}.
   */
  public static String describeHolder(Holder h, Instant now) {
    return describe(h, now);
  }

  /** The holder recorded in a lock file, if it holds one. */
  public static Optional<Holder> readHolder(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String read(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 64 * 1024));
    ch.read(buf, 0);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
  }

  private static Optional<Holder> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(text);
      Instant started = Instant.parse(n.path("startedAt").asText());
      Instant beat = n.hasNonNull("heartbeat") ? Instant.parse(n.get("heartbeat").asText()) : started;
      return Optional.of(new Holder(n.path("pid").asLong(), n.path("host").asText("?"), started, beat,
          n.path("command").asText("")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String describe(Holder h, Instant now) {
    return "pid " + h.pid() + " on " + h.host() + (h.command().isBlank() ? "" : " (" + h.command() + ")") + ", started "
        + h.startedAt() + " (" + Durations.human(Duration.between(h.startedAt(), now)) + " ago)";
  }

  static String hostName() {
    Map<String, String> env = System.getenv();
    String h = env.getOrDefault("HOSTNAME", env.get("COMPUTERNAME"));
    if (h != null && !h.isBlank()) {
      return h;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}

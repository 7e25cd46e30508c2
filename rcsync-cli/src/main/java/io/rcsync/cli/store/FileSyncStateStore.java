package io.rcsync.cli.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.SyncStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Incremental-run watermarks in a small JSON file (default {@code .rcsync/state.json}):
 *
 * <pre>{"version": 1, "updatedAt": "...", "watermarks": {"376557052": "2026-04-01T12:00:00.123Z"}}</pre>
 *
 * Every save re-reads the file, merges the given extensions and replaces the file atomically (temp file, fsync,
 * {@code ATOMIC_MOVE}), so a crash leaves either the old state or the new one. A file that cannot be read is an
 * error naming it and saying what to do; it is never silently reset (that would re-read or skip texts).
 */
public final class FileSyncStateStore implements SyncStateStore {
  public static final String DEFAULT_PATH = ".rcsync/state.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final String shownAs;
  private final Clock clock;
  private final AtomicFiles.Mover mover;
  private Map<String, Instant> cache;

  public FileSyncStateStore(Path file, String shownAs, Clock clock) {
    this(file, shownAs, clock, AtomicFiles.ATOMIC_RENAME);
  }

  FileSyncStateStore(Path file, String shownAs, Clock clock, AtomicFiles.Mover mover) {
    this.file = file;
    this.shownAs = shownAs;
    this.clock = clock;
    this.mover = mover;
  }

  @Override
  public synchronized Optional<Instant> watermark(ExtensionId extension) {
    if (cache == null) {
      cache = read();
    }
    return Optional.ofNullable(cache.get(extension.value()));
  }

  @Override
  public synchronized void saveWatermarks(Map<ExtensionId, Instant> watermarks) {
    if (watermarks.isEmpty()) {
      return;
    }
    Map<String, Instant> merged = read();
    watermarks.forEach((ext, t) -> merged.put(ext.value(), t));
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    root.put("updatedAt", clock.instant().toString());
    ObjectNode marks = root.putObject("watermarks");
    merged.forEach((ext, t) -> marks.put(ext, t.toString()));
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(root), mover);
    } catch (IOException e) {
      throw new LocalFileException("cannot save incremental state to " + shownAs + ": " + e.getMessage()
          + " (the previous state is unchanged)", e);
    }
    cache = merged;
  }

  /** Every watermark in the file, for {@code doctor} and reports. */
  public synchronized Map<String, Instant> all() {
    return Map.copyOf(read());
  }

  private Map<String, Instant> read() {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return new TreeMap<>();
    } catch (IOException e) {
      throw new LocalFileException("cannot read incremental state " + shownAs + ": " + e.getMessage(), e);
    }
    String fix = "; fix or delete it (without it, --incremental reads only the hot-tier lookback of each extension: "
        + "run a --backfill over the gap)";
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new LocalFileException("incremental state " + shownAs + " is not valid JSON" + where + fix);
    }
    if (root == null || !root.isObject() || !root.path("watermarks").isObject()) {
      throw new LocalFileException("incremental state " + shownAs + " has no \"watermarks\" object" + fix);
    }
    Map<String, Instant> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("watermarks").fields(); it.hasNext(); ) {
      var e = it.next();
      try {
        ExtensionId.of(e.getKey());
        out.put(e.getKey(), Instant.parse(e.getValue().asText()));
      } catch (IllegalArgumentException | DateTimeParseException ex) {
        throw new LocalFileException("incremental state " + shownAs + ": watermark of '" + e.getKey() + "' ('"
            + e.getValue().asText() + "') is not an extension id with an ISO instant" + fix);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "FileSyncStateStore[" + shownAs + "]";
  }
}

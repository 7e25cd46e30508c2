package io.rcsync.cli.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.UnmatchedText;
import io.rcsync.core.port.out.SyncStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Incremental-run watermarks, Message Sync checkpoints and the texts awaiting a late match in a small JSON file
 * (default {@code .rcsync/state.json}):
 *
 * <pre>{"version": 1, "updatedAt": "...", "watermarks": {"376557052": "2026-04-01T12:00:00.123Z"},
 *  "syncCheckpoints": {"376557052": {"syncToken": "(opaque)", "syncTime": "2026-04-01T12:00:05Z"}},
 *  "unmatched": [{"id": "1234567", "extension": "376557052", "direction": "Inbound", "from": "+15025550100",
 *                 "to": ["+15028138900"], "text": "Hi, this is Jane", "creationTime": "2026-04-01T12:00:00Z",
 *                 "conversationId": "77", "messageStatus": "Received",
 *                 "attachments": [{"id": "1", "uri": "https://...", "type": "Text", "contentType": "text/plain"},
 *                                 {"id": "2", "uri": "https://...", "type": "MmsAttachment", "contentType": "image/jpeg",
 *                                  "size": 48213, "fileName": "IMG_0042.jpg"}]}]}</pre>
 *
 * {@code unmatched} is optional (a state file from before late matches has none and loads as an empty list);
 * {@code conversationId}, {@code messageStatus}, {@code from}, {@code to} and {@code attachments} may be absent or
 * null. {@code syncCheckpoints} is optional too: a state file from before Message Sync has none, loads with its
 * watermarks and list, and the next incremental run does a full sync from each watermark (the migration). Each save
 * keeps the sections it does not replace. The file is written with POSIX permissions 0600 (where the file system has
 * them): a sync token lets its holder read the extension's changes. No token is ever put in a message or toString.
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

  /** What the file holds. */
  private record State(Map<String, Instant> watermarks, List<UnmatchedText> unmatched,
      Map<String, MessageSyncCheckpoint> checkpoints) {}

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
      cache = read().watermarks();
    }
    return Optional.ofNullable(cache.get(extension.value()));
  }

  @Override
  public synchronized void saveWatermarks(Map<ExtensionId, Instant> watermarks) {
    if (watermarks.isEmpty()) {
      return;
    }
    State state = read();
    Map<String, Instant> merged = state.watermarks();
    watermarks.forEach((ext, t) -> merged.put(ext.value(), t));
    write(merged, state.unmatched(), state.checkpoints());
  }

  @Override
  public synchronized Optional<MessageSyncCheckpoint> syncCheckpoint(ExtensionId extension) {
    return Optional.ofNullable(read().checkpoints().get(extension.value()));
  }

  @Override
  public synchronized void saveSyncCheckpoints(Map<ExtensionId, MessageSyncCheckpoint> checkpoints) {
    if (checkpoints.isEmpty()) {
      return;
    }
    State state = read();
    Map<String, MessageSyncCheckpoint> merged = state.checkpoints();
    checkpoints.forEach((ext, c) -> merged.put(ext.value(), c));
    write(state.watermarks(), state.unmatched(), merged);
  }

  @Override
  public synchronized List<UnmatchedText> pendingUnmatched() {
    return read().unmatched();
  }

  @Override
  public synchronized void savePendingUnmatched(List<UnmatchedText> texts) {
    State state = read();
    write(state.watermarks(), List.copyOf(texts), state.checkpoints());
  }

  private void write(Map<String, Instant> merged, List<UnmatchedText> unmatched,
      Map<String, MessageSyncCheckpoint> checkpoints) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    root.put("updatedAt", clock.instant().toString());
    ObjectNode marks = root.putObject("watermarks");
    merged.forEach((ext, t) -> marks.put(ext, t.toString()));
    ObjectNode syncs = root.putObject("syncCheckpoints");
    checkpoints.forEach((ext, c) -> syncs.putObject(ext).put("syncToken", c.syncToken())
        .put("syncTime", c.syncTime().toString()));
    ArrayNode list = root.putArray("unmatched");
    for (UnmatchedText u : unmatched) {
      ObjectNode n = list.addObject();
      n.put("id", u.id().value());
      n.put("extension", u.extension().value());
      n.put("direction", u.direction().label());
      n.put("from", u.from());
      ArrayNode to = n.putArray("to");
      u.to().forEach(to::add);
      n.put("text", u.text());
      n.put("creationTime", u.creationTime().toString());
      n.put("conversationId", u.conversationId());
      n.put("messageStatus", u.messageStatus());
      ArrayNode atts = n.putArray("attachments");
      for (Attachment a : u.attachments()) {
        ObjectNode att = atts.addObject().put("id", a.id()).put("uri", a.uri()).put("type", a.type())
            .put("contentType", a.contentType());
        if (a.size() != null) {
          att.put("size", a.size());
        }
        if (a.fileName() != null) {
          att.put("fileName", a.fileName());
        }
      }
    }
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(root), mover, true);
    } catch (IOException e) {
      throw new LocalFileException("cannot save incremental state to " + shownAs + ": " + e.getMessage()
          + " (the previous state is unchanged)", e);
    }
    cache = merged;
  }

  /** Every watermark in the file, for {@code doctor} and reports. */
  public synchronized Map<String, Instant> all() {
    return Map.copyOf(read().watermarks());
  }

  private State read() {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return new State(new TreeMap<>(), List.of(), new TreeMap<>());
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
    return new State(out, unmatched(root.get("unmatched"), fix), checkpoints(root.get("syncCheckpoints"), fix));
  }

  /** The Message Sync checkpoints; errors name the extension and the field, never the token. */
  private Map<String, MessageSyncCheckpoint> checkpoints(JsonNode section, String fix) {
    Map<String, MessageSyncCheckpoint> out = new TreeMap<>();
    if (section == null || section.isNull()) {
      return out;
    }
    if (!section.isObject()) {
      throw new LocalFileException("incremental state " + shownAs + ": \"syncCheckpoints\" is not an object" + fix);
    }
    String dropIt = "; fix it, or remove that entry (the next incremental run then does a full sync from the "
        + "extension's watermark)";
    for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode n = e.getValue();
      String where = "incremental state " + shownAs + ": syncCheckpoints of '" + e.getKey() + "'";
      try {
        ExtensionId.of(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw new LocalFileException(where + " is not under an extension id" + dropIt);
      }
      JsonNode token = n.get("syncToken");
      if (token == null || !token.isTextual() || token.asText().isBlank()) {
        throw new LocalFileException(where + " has no \"syncToken\" text" + dropIt);
      }
      Instant time;
      try {
        time = Instant.parse(n.path("syncTime").asText());
      } catch (DateTimeParseException ex) {
        throw new LocalFileException(where + ": \"syncTime\" ('" + n.path("syncTime").asText()
            + "') is not an ISO instant" + dropIt);
      }
      out.put(e.getKey(), new MessageSyncCheckpoint(token.asText(), time));
    }
    return out;
  }

  private List<UnmatchedText> unmatched(JsonNode list, String fix) {
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new LocalFileException("incremental state " + shownAs + ": \"unmatched\" is not a list" + fix);
    }
    List<UnmatchedText> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : list) {
      try {
        List<String> to = new ArrayList<>();
        n.path("to").forEach(v -> to.add(v.asText()));
        List<Attachment> atts = new ArrayList<>();
        n.path("attachments").forEach(a -> atts.add(new Attachment(textOrNull(a, "id"), textOrNull(a, "uri"),
            textOrNull(a, "type"), textOrNull(a, "contentType"),
            a.path("size").canConvertToLong() ? Long.valueOf(a.path("size").asLong()) : null,
            textOrNull(a, "fileName"))));
        out.add(new UnmatchedText(MessageId.of(n.path("id").asText()), ExtensionId.of(n.path("extension").asText()),
            Direction.parse(n.path("direction").asText()), textOrNull(n, "from"), to, textOrNull(n, "text"),
            Instant.parse(n.path("creationTime").asText()), textOrNull(n, "conversationId"),
            textOrNull(n, "messageStatus"), atts));
      } catch (IllegalArgumentException | DateTimeParseException | NullPointerException ex) {
        throw new LocalFileException("incremental state " + shownAs + ": unmatched[" + i + "] (message id '"
            + n.path("id").asText() + "') is not a valid text (" + ex.getMessage() + "); fix or remove that entry");
      }
      i++;
    }
    return List.copyOf(out);
  }

  private static String textOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Override
  public String toString() {
    return "FileSyncStateStore[" + shownAs + "]";
  }
}

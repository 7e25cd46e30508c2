package io.rcsync.cli.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.port.out.ManifestStore;
import io.rcsync.core.port.out.ManifestStore.Manifest;
import io.rcsync.core.port.out.ManifestStore.ManifestFile;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rollback manifests as JSON lines in the reports directory ({@code <stamp>-rollback-manifest.jsonl}): a header line
 * with the record count, then one line per Note with every field. Written to a {@code .partial} file, forced to
 * disk, then renamed, so a manifest that exists is complete, and it is durable before {@link #write} returns (the
 * deletes come after). Field values keep their Java type across the round trip: strings, booleans, null, and
 * numbers (Integer, Long, Double; other numeric types are tagged in a {@code types} map). Since issue 12 (header
 * {@code version} 2) the Notes are followed by one {@code {"file": {...}}} line per Salesforce File deleted with them;
 * version 1 manifests (Notes only) are still read; a newer version is refused with one line. Since issue 15 the
 * header names the rollback's source ({@code "source": "rc"} or {@code "smsmagic"}); a manifest without it reads as
 * the source its Notes share. The file is created
 * owner-only (0600): it holds every field of client Notes.
 */
public final class FileManifestStore implements ManifestStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORMAT = "rcsync-rollback-manifest";
  /** The manifest version this build writes and the newest it reads. */
  static final int VERSION = 2;

  private final Path dir;
  private final Clock clock;
  private final Function<Path, String> display;
  private final Function<String, Path> resolve;

  /**
   * @param dir where manifests are written (the reports directory)
   * @param display how a written manifest's path is returned and shown (e.g. relative to the working directory)
   * @param resolve how a location given to {@link #read} becomes a path (relative to the working directory)
   */
  public FileManifestStore(Path dir, Clock clock, Function<Path, String> display, Function<String, Path> resolve) {
    this.dir = dir;
    this.clock = clock;
    this.display = display;
    this.resolve = resolve;
  }

  @Override
  public String write(List<NoteRecord> records) {
    return write(new Manifest(records, List.of()));
  }

  /**
   * Writes Notes, then (issue 12) one {@code {"file": {...}}} line per file: key, Note external id, extension,
   * message and attachment ids, RingCentral content URI, file name, content type, size, the records it was shared
   * with, the other rolled-back Notes it was linked to ({@code linkedNotes}, by external id) and whether rollback kept
   * it ({@code kept}); a manifest without the last two (written before them) reads as none and false. Never the bytes (see {@link ManifestStore}). Header {@code version} 2 with a {@code files} count.
   */
  @Override
  public String write(Manifest manifest) {
    List<NoteRecord> records = manifest.notes();
    Path target = ReportNames.claim(dir, clock.instant(), "rollback", "-manifest.jsonl");
    StringBuilder out = new StringBuilder();
    ObjectNode header = JSON.createObjectNode();
    header.put("format", FORMAT);
    header.put("version", VERSION);
    header.put("writtenAt", clock.instant().toString());
    header.put("records", records.size());
    header.put("files", manifest.files().size());
    // issue 15: whose Notes (rollback --source); an older rcsync ignores the field, and restore checks each record
    manifest.source().ifPresent(src -> header.put("source", src.cliName()));
    line(out, header);
    for (NoteRecord r : records) {
      line(out, encode(r));
    }
    for (ManifestFile f : manifest.files()) {
      line(out, encode(f));
    }
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try {
      // owner-only (0600) from its creation: a manifest holds every field of client Notes and the files' references
      Files.deleteIfExists(partial);
      if (partial.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      AtomicFiles.writeAndForce(partial, out.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      AtomicFiles.forceDirectory(target.getParent());
    } catch (IOException e) {
      try {
        Files.deleteIfExists(partial);
        Files.deleteIfExists(target);
      } catch (IOException ignored) {
        // the message below is what matters: nothing was deleted
      }
      throw new LocalFileException("cannot write the rollback manifest " + display.apply(target) + ": " + e.getMessage()
          + " — nothing was deleted", e);
    }
    return display.apply(target);
  }

  @Override
  public List<NoteRecord> read(String location) {
    return readManifest(location).notes();
  }

  /** Reads version 1 (Notes only, before issue 12) and version 2 (Notes and files) manifests. */
  @Override
  public Manifest readManifest(String location) {
    Path file = resolve.apply(location);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new LocalFileException("manifest " + location + " not found (manifests are the reports' *-rollback-manifest.jsonl files)");
    } catch (IOException e) {
      throw new LocalFileException("cannot read manifest " + location + ": " + e.getMessage(), e);
    }
    lines.removeIf(String::isBlank);
    if (lines.isEmpty()) {
      throw new LocalFileException("manifest " + location + " is empty");
    }
    JsonNode header = parse(lines.get(0), location, 1);
    if (!FORMAT.equals(header.path("format").asText())) {
      throw new LocalFileException("manifest " + location + " is not an rcsync rollback manifest (first line lacks \"format\": \"" + FORMAT + "\")");
    }
    int version = header.path("version").asInt(1);
    if (version > VERSION) {
      throw new LocalFileException("manifest " + location + " is version " + version + ", newer than this rcsync reads"
          + " (up to " + VERSION + "): restore it with the rcsync version that wrote it");
    }
    long expected = header.path("records").asLong(-1);
    long expectedFiles = header.path("files").asLong(0);
    List<NoteRecord> out = new ArrayList<>();
    List<ManifestFile> files = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      JsonNode n = parse(lines.get(i), location, i + 1);
      if (n.has("file")) {
        files.add(decodeFile(n.get("file"), location, i + 1));
      } else {
        out.add(decode(n, location, i + 1));
      }
    }
    if (expected != out.size()) {
      throw new LocalFileException("manifest " + location + " holds " + out.size() + " records but its header says "
          + expected + ": it is incomplete or was edited");
    }
    if (expectedFiles != files.size()) {
      throw new LocalFileException("manifest " + location + " holds " + files.size() + " files but its header says "
          + expectedFiles + ": it is incomplete or was edited");
    }
    if (header.hasNonNull("source")) {
      TextSource source;
      try {
        source = TextSource.ofCliName(header.get("source").asText());
      } catch (IllegalArgumentException e) {
        throw new LocalFileException("manifest " + location + " line 1: " + e.getMessage());
      }
      return new Manifest(out, files, Optional.of(source));
    }
    // written before issue 15 (RingCentral Notes only) or without a source: the Notes' own
    return new Manifest(out, files);
  }

  private static ObjectNode encode(ManifestFile f) {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode n = line.putObject("file");
    n.put("key", f.key());
    n.put("noteExternalId", f.noteExternalId());
    n.put("extensionId", f.extensionId().orElse(null));
    n.put("messageId", f.messageId());
    n.put("attachmentId", f.attachmentId());
    n.put("uri", f.uri().orElse(null));
    n.put("fileName", f.fileName());
    n.put("contentType", f.contentType());
    n.put("sizeBytes", f.sizeBytes());
    f.sharedWith().forEach(id -> n.withArray("sharedWith").add(id.value()));
    if (f.sharedWith().isEmpty()) {
      n.putArray("sharedWith");
    }
    var notes = n.putArray("linkedNotes");
    f.linkedNotes().forEach(notes::add);
    n.put("kept", f.kept());
    return line;
  }

  private static ManifestFile decodeFile(JsonNode n, String location, int lineNo) {
    try {
      List<SalesforceId> shared = new ArrayList<>();
      n.path("sharedWith").forEach(v -> shared.add(SalesforceId.of(v.asText())));
      List<String> linkedNotes = new ArrayList<>();
      n.path("linkedNotes").forEach(v -> linkedNotes.add(v.asText()));
      return new ManifestFile(text(n, "key"), text(n, "noteExternalId"),
          Optional.ofNullable(n.hasNonNull("extensionId") ? n.get("extensionId").asText() : null), text(n, "messageId"),
          text(n, "attachmentId"), Optional.ofNullable(n.hasNonNull("uri") ? n.get("uri").asText() : null),
          n.path("fileName").asText(""), n.path("contentType").asText(""), n.path("sizeBytes").asLong(0), shared,
          linkedNotes, n.path("kept").asBoolean(false));
    } catch (RuntimeException e) {
      throw new LocalFileException("manifest " + location + " line " + lineNo + " is not a file record: " + e.getMessage());
    }
  }

  private static String text(JsonNode n, String field) {
    if (!n.hasNonNull(field)) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return n.get(field).asText();
  }

  // ---- encoding ----------------------------------------------------------------------------------------

  private static void line(StringBuilder out, JsonNode node) {
    try {
      out.append(JSON.writeValueAsString(node)).append('\n');
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode encode(NoteRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", r.id().value());
    n.put("externalId", r.externalId());
    n.put("owner", r.owner().map(SalesforceId::value).orElse(null));
    n.put("createdDate", r.createdDate().toString());
    n.put("messageTime", r.messageTime().map(Instant::toString).orElse(null));
    ObjectNode fields = n.putObject("fields");
    ObjectNode types = JSON.createObjectNode();
    r.fields().forEach((k, v) -> {
      if (v == null) {
        fields.putNull(k);
      } else if (v instanceof String s) {
        fields.put(k, s);
      } else if (v instanceof Boolean b) {
        fields.put(k, b);
      } else if (v instanceof Integer i) {
        fields.put(k, i);
      } else if (v instanceof Long l) {
        fields.put(k, l);
        if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
          types.put(k, "long");
        }
      } else if (v instanceof Double d) {
        fields.put(k, d);
      } else if (v instanceof Float f) {
        fields.put(k, f.doubleValue());
        types.put(k, "float");
      } else if (v instanceof Short s) {
        fields.put(k, s.intValue());
        types.put(k, "short");
      } else if (v instanceof BigDecimal b) {
        fields.put(k, b.toPlainString());
        types.put(k, "decimal");
      } else if (v instanceof BigInteger b) {
        fields.put(k, b.toString());
        types.put(k, "bigint");
      } else {
        throw new LocalFileException("Note " + r.id() + " field " + k + " holds a " + v.getClass().getSimpleName()
            + " the manifest cannot keep; nothing was deleted");
      }
    });
    if (!types.isEmpty()) {
      n.set("types", types);
    }
    return n;
  }

  private static JsonNode parse(String line, String location, int lineNo) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new LocalFileException("manifest " + location + " line " + lineNo + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static NoteRecord decode(JsonNode n, String location, int lineNo) {
    try {
      Map<String, Object> fields = new LinkedHashMap<>();
      JsonNode types = n.path("types");
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("fields").fields(); it.hasNext(); ) {
        var e = it.next();
        fields.put(e.getKey(), value(e.getValue(), types.path(e.getKey()).asText("")));
      }
      return new NoteRecord(
          SalesforceId.of(n.path("id").asText()),
          n.path("externalId").asText(),
          n.hasNonNull("owner") ? Optional.of(SalesforceId.of(n.get("owner").asText())) : Optional.empty(),
          Instant.parse(n.path("createdDate").asText()),
          n.hasNonNull("messageTime") ? Optional.of(Instant.parse(n.get("messageTime").asText())) : Optional.empty(),
          fields);
    } catch (RuntimeException e) {
      throw new LocalFileException("manifest " + location + " line " + lineNo + " is not a Note record: " + e.getMessage());
    }
  }

  private static Object value(JsonNode v, String type) {
    switch (type) {
      case "long":
        return v.asLong();
      case "float":
        return (float) v.asDouble();
      case "short":
        return (short) v.asInt();
      case "decimal":
        return new BigDecimal(v.asText());
      case "bigint":
        return new BigInteger(v.asText());
      default:
        break;
    }
    if (v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isInt()) {
      return v.intValue();
    }
    if (v.isLong()) {
      return v.longValue();
    }
    if (v.isBigInteger()) {
      return v.bigIntegerValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    return v.toString();
  }
}

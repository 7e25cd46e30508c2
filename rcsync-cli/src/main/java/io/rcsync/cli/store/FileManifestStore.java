package io.rcsync.cli.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.ManifestStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * numbers (Integer, Long, Double; other numeric types are tagged in a {@code types} map).
 */
public final class FileManifestStore implements ManifestStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORMAT = "rcsync-rollback-manifest";

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
    Path target = ReportNames.claim(dir, clock.instant(), "rollback", "-manifest.jsonl");
    StringBuilder out = new StringBuilder();
    ObjectNode header = JSON.createObjectNode();
    header.put("format", FORMAT);
    header.put("version", 1);
    header.put("writtenAt", clock.instant().toString());
    header.put("records", records.size());
    line(out, header);
    for (NoteRecord r : records) {
      line(out, encode(r));
    }
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try {
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
    long expected = header.path("records").asLong(-1);
    List<NoteRecord> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      out.add(decode(parse(lines.get(i), location, i + 1), location, i + 1));
    }
    if (expected != out.size()) {
      throw new LocalFileException("manifest " + location + " holds " + out.size() + " records but its header says "
          + expected + ": it is incomplete or was edited");
    }
    return out;
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

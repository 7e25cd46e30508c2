package io.rcsync.testkit.fake;

import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.port.out.ManifestStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rollback manifests in memory under {@code memory:manifest-N} locations. An optional listener hears each
 * write before it returns (tests use it to check the manifest is written before the first delete).
 * Thread-safe.
 */
public final class InMemoryManifestStore implements ManifestStore {
  private final Map<String, List<NoteRecord>> manifests = new LinkedHashMap<>();
  private Consumer<String> onWrite = location -> {};

  @Override
  public synchronized String write(List<NoteRecord> records) {
    String location = "memory:manifest-" + (manifests.size() + 1);
    manifests.put(location, List.copyOf(new ArrayList<>(records)));
    onWrite.accept(location);
    return location;
  }

  @Override
  public synchronized List<NoteRecord> read(String location) {
    List<NoteRecord> records = manifests.get(location);
    if (records == null) {
      throw new IllegalArgumentException("no rollback manifest at '" + location + "'; known: " + manifests.keySet());
    }
    return records;
  }

  public synchronized InMemoryManifestStore onWrite(Consumer<String> listener) {
    this.onWrite = listener == null ? location -> {} : listener;
    return this;
  }

  public synchronized List<String> locations() {
    return List.copyOf(manifests.keySet());
  }

  public synchronized int writes() {
    return manifests.size();
  }
}

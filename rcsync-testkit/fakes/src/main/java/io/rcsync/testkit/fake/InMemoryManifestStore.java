package io.rcsync.testkit.fake;

import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.port.out.ManifestStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rollback manifests (Notes and, issue 12, files) in memory under {@code memory:manifest-N} locations. An optional listener hears each
 * write before it returns (tests use it to check the manifest is written before the first delete).
 * Thread-safe.
 */
public final class InMemoryManifestStore implements ManifestStore {
  private final Map<String, Manifest> manifests = new LinkedHashMap<>();
  private Consumer<String> onWrite = location -> {};

  @Override
  public synchronized String write(List<NoteRecord> records) {
    return write(new Manifest(new ArrayList<>(records), List.of()));
  }

  /** Keeps Notes and files (issue 12). */
  @Override
  public synchronized String write(Manifest manifest) {
    String location = "memory:manifest-" + (manifests.size() + 1);
    manifests.put(location, manifest);
    onWrite.accept(location);
    return location;
  }

  @Override
  public synchronized List<NoteRecord> read(String location) {
    return readManifest(location).notes();
  }

  @Override
  public synchronized Manifest readManifest(String location) {
    Manifest m = manifests.get(location);
    if (m == null) {
      throw new IllegalArgumentException("no rollback manifest at '" + location + "'; known: " + manifests.keySet());
    }
    return m;
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

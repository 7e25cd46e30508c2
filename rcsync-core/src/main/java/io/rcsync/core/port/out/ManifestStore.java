package io.rcsync.core.port.out;

import io.rcsync.core.domain.NoteRecord;
import java.util.List;

/** Keeps rollback manifests: every field of every Note before it is deleted, so a restore can put it back. */
public interface ManifestStore {
  /**
   * Durably writes the records and returns where they are (a path, a key). Must complete before any delete.
   */
  String write(List<NoteRecord> records);

  List<NoteRecord> read(String location);
}

package io.rcsync.testkit.contract;

import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import java.util.Objects;

/**
 * One Note backend (an org) seen through rcsync's two ports, plus a back door for Notes rcsync did not write.
 * Sink and store must share state: what the sink writes, the store finds.
 */
public record NoteBackend(NoteSink sink, NoteStore store, ForeignNoteWriter foreign) {
  public NoteBackend {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(foreign, "foreign");
  }
}

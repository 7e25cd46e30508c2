package io.rcsync.testkit.contract;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.testkit.fake.InMemoryNotes;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** The in-memory fake passes {@link NoteStoreContract}. */
class InMemoryNoteStoreTest extends NoteStoreContract {
  @Override
  protected NoteBackend freshBackend(LitifySchema schema, List<CaseRecord> cases, Set<SalesforceId> users) {
    return notes(schema, cases, users);
  }

  static NoteBackend notes(LitifySchema schema, List<CaseRecord> cases, Set<SalesforceId> users) {
    InMemoryNotes notes = new InMemoryNotes(schema, Clock.systemUTC(), new ApiCalls()).knowCases(cases).knowUsers(users);
    return new NoteBackend(notes, notes, ForeignNoteWriter.withIds(notes::insertForeign));
  }
}

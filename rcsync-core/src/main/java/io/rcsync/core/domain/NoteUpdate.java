package io.rcsync.core.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A write to an existing Note: its record id, the draft holding the new values, and the only fields to write (the
 * others are left as they are in the org, whoever set them).
 *
 * @param fields at least one; a sink writes exactly these ({@link NoteField#CASE_LINK} = both lookups)
 */
public record NoteUpdate(SalesforceId id, NoteDraft draft, Set<NoteField> fields) {
  public NoteUpdate {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(draft, "draft");
    if (fields == null || fields.isEmpty()) {
      throw new IllegalArgumentException("an update of " + draft.externalId() + " must name at least one field");
    }
    fields = Set.copyOf(EnumSet.copyOf(fields));
  }

  public String externalId() {
    return draft.externalId();
  }
}

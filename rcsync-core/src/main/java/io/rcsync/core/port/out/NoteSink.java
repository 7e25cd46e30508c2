package io.rcsync.core.port.out;

import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteUpdate;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.WriteOutcome;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where Notes are written, keyed by each Note's external id ({@code rc_msg_{id}}; since issue 15 also
 * {@code smsmagic_{record Id}} for an imported SMS-Magic record: {@link MessageId#externalId()} gives either).
 *
 * <p>A sync writes a batch in three steps ({@code NoteWriter}): {@link #findExisting} the batch's external ids,
 * {@link #create} the Notes that do not exist yet, and {@link #update} only the changed rcsync-owned fields of those
 * that do ({@link io.rcsync.core.domain.NoteFieldOwnership}); a Note with nothing changed gets no write at all.
 *
 * <p>Every write returns one outcome per record (any order, keyed by external id); a record-level error never hides
 * the others. Core passes at most {@link #maxBatchSize()} records to a write call and at most
 * {@link #maxLookupSize()} ids to {@link #findExisting}. Every method throws {@link ExternalSystemException} when
 * nothing of the call could be done (quota spent, authentication lost, service down).
 *
 * <p>Older implementations that only have {@link #upsert} keep compiling and keep their old behaviour (every Note
 * written in full on every run, with a warning in the report, see {@link #findsExisting()}) through the defaults; they fail {@code NoteSinkContract}'s ownership tests until
 * they implement {@link #findExisting} and {@link #update}.
 */
public interface NoteSink {
  /** Creates or fully overwrites each Note by external id (every field of the draft). */
  List<WriteOutcome> upsert(List<NoteDraft> notes);

  /** The most drafts one write call accepts (Salesforce sObject Collections: 200). */
  default int maxBatchSize() {
    return 200;
  }

  /**
   * The existing Notes among these external ids, keyed by external id; ids with no Note are absent. Only Notes whose
   * external id is exactly one of those given are returned.
   *
   * <p>Default: none found, so every draft is created through {@link #create} (= {@link #upsert}). Core calls it
   * only when {@link #findsExisting()} is true.
   */
  default Map<String, StoredNote> findExisting(List<String> externalIds) {
    return Map.of();
  }

  /**
   * A hint, given before the Matter/Intake lookup of a chunk of texts: {@link #findExisting} will soon be asked for
   * these texts' keys ({@code rc_msg_{id}} of each text and, for a group text, also its {@code rc_msg_{id}_{caseId}}
   * keys, whose case ids are not known yet). A sink may look them up ahead, e.g. in the same call as the lookup, and
   * answer {@link #findExisting} from what it learned; it must still look up any key it did not cover, and it may
   * ignore the hint. Nothing is written. Default: ignored.
   *
   * <p>Ahead means a little stale: a Note created by someone else between this lookup and the write is met as not
   * existing and created again by external id, which {@link #create}'s upsert turns into an update of that Note (no
   * duplicate), as for any race between {@link #findExisting} and {@link #create}.
   *
   * @param texts the chunk's texts, at most a chunk ({@code SyncSettings.chunkSize()}); may repeat
   * @param groupTexts those of {@code texts} with several counterparty numbers (they may get one Note per record);
   *     only RingCentral texts can be ({@link MessageId#mayBeGroupText()}): a sink looks an SMS-Magic record's Note up
   *     by its key alone, whichever list names it
   */
  default void expect(Collection<MessageId> texts, Collection<MessageId> groupTexts) {}

  /**
   * True when this sink implements {@link #findExisting} (and {@link #update}), so a re-run writes only changed
   * rcsync-owned fields. Default false: core then does not look Notes up, creates every Note through
   * {@link #create} (every field written in full, so staff corrections to owner and Matter/Intake are overwritten)
   * and adds one warning saying so to the run's report. Override it to return true together with
   * {@link #findExisting} and {@link #update}.
   */
  default boolean findsExisting() {
    return false;
  }

  /** The most external ids core passes to one {@link #findExisting} (the sink may split them over several calls). */
  default int maxLookupSize() {
    return maxBatchSize();
  }

  /**
   * {@link #findExisting} for any number of external ids: calls of at most {@link #maxLookupSize()} ids each, in
   * order, their results merged (by external id). The one batching rule the sync's Note writer and verify share.
   *
   * @throws ExternalSystemException from the first call that fails; the Notes of earlier calls are then not returned
   */
  default Map<String, StoredNote> findExistingInBatches(List<String> externalIds) {
    int size = Math.max(1, maxLookupSize());
    Map<String, StoredNote> found = new java.util.HashMap<>();
    for (int i = 0; i < externalIds.size(); i += size) {
      found.putAll(findExisting(externalIds.subList(i, Math.min(externalIds.size(), i + size))));
    }
    return found;
  }

  /**
   * Creates Notes that {@link #findExisting} did not find, with every field. Status CREATED (or UPDATED when another
   * writer created the same external id in between: still no duplicate). Default: {@link #upsert}.
   */
  default List<WriteOutcome> create(List<NoteDraft> notes) {
    return upsert(notes);
  }

  /**
   * Writes exactly {@link NoteUpdate#fields()} of existing Notes by record id, nothing else; status UPDATED.
   *
   * @throws UnsupportedOperationException by default: a sink whose {@link #findExisting} finds nothing is never asked;
   *     core counts the records of a call that throws any RuntimeException as failed with its message and goes on
   */
  default List<WriteOutcome> update(List<NoteUpdate> updates) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot update single Note fields");
  }

  /**
   * How texts are rendered into the body field, learned from the backend once (a Salesforce sink describes the Note
   * object on first use). Default: {@link NoteBodyFormat#PLAIN_TEXT}.
   */
  default NoteBodyFormat bodyFormat() {
    return NoteBodyFormat.PLAIN_TEXT;
  }
}

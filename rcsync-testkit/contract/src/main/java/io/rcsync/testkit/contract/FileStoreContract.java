package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.port.out.FileStore.Share;
import io.rcsync.core.port.out.FileStore.ShareOutcome;
import io.rcsync.core.port.out.FileStore.StoredFile;
import io.rcsync.core.port.out.FileStore.UploadOutcome;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FileStore} must do (issue 12): {@link FileStore#upload} publishes a file to its Note only,
 * {@link FileStore#share} links it to its Matter/Intake (an existing link succeeds), both lookups find it with its
 * links, {@link FileStore#delete} removes it with every link and refuses a file rcsync did not upload, and a file over
 * the size limit is a per-file outcome, never an exception; {@link FileStore#uploadAll} stores several files in one
 * call with one outcome each, in order (a refused file among good ones is its own outcome), and an empty list makes
 * no call.
 *
 * <p>Implementations give a fresh backend per call of {@link #freshBackend} whose store refuses files over
 * {@code maxFileBytes}.
 */
public abstract class FileStoreContract {
  /** The size limit the backends of these tests are made with. */
  protected static final long MAX_FILE_BYTES = 10_000;
  /** The error code both the fake and the Salesforce store give a delete of a file rcsync did not upload. */
  public static final String NOT_RCSYNC_FILE = "NOT_AN_RCSYNC_FILE";
  private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

  /** A fresh, empty store over records of its own, refusing files over {@code maxFileBytes}. */
  protected abstract FileBackend freshBackend(long maxFileBytes);

  private static String nextKey() {
    int n = SEQUENCE.getAndIncrement();
    return "rc_att_" + (90_000 + n) + "_" + n;
  }

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  private static FileStore.Upload upload(String key, byte[] bytes, SalesforceId... linkedTo) {
    return new FileStore.Upload(key, "Injury photo", "IMG_" + key + ".jpg", "image/jpeg", List.of(linkedTo),
        new AttachmentSource.Content(new ByteArrayInputStream(bytes), "image/jpeg", OptionalLong.of(bytes.length)));
  }

  private static StoredFile uploaded(FileBackend b, String key, int size, SalesforceId note) {
    UploadOutcome o = b.store().upload(upload(key, bytes(size), note, b.matter()));
    assertThat(o.error()).as("upload of %s", key).isEmpty();
    return o.stored().orElseThrow();
  }

  private static StoredFile shared(FileBackend b, StoredFile file) {
    ShareOutcome o = b.store().share(List.of(new Share(file, b.matter()))).get(0);
    assertThat(o.error()).as("share of %s", file.key()).isEmpty();
    return o.share().file();
  }

  @Test
  public void uploadPublishesTheFileToItsNoteOnly() {
    FileBackend b = freshBackend(MAX_FILE_BYTES);
    SalesforceId note = b.newNote().get();
    String key = nextKey();

    UploadOutcome outcome = b.store().upload(upload(key, bytes(1_234), note, b.matter()));

    assertThat(outcome.key()).isEqualTo(key);
    assertThat(outcome.error()).isEmpty();
    StoredFile stored = outcome.stored().orElseThrow();
    assertThat(stored.key()).isEqualTo(key);
    assertThat(stored.contentVersionId()).isNotNull();
    assertThat(stored.sizeBytes()).isEqualTo(1_234);
    assertThat(stored.linkedTo()).containsExactly(note);
    assertThat(b.store().findByKeys(List.of(key), List.of(note)).get(key).linkedTo()).containsExactly(note);
  }

  @Test
  public void shareLinksTheFileToItsMatterAndResolvesItsDocument() {
    FileBackend b = freshBackend(MAX_FILE_BYTES);
    SalesforceId note = b.newNote().get();
    StoredFile file = uploaded(b, nextKey(), 100, note);

    List<ShareOutcome> outcomes = b.store().share(List.of(new Share(file, b.matter())));

    assertThat(outcomes).singleElement().satisfies(o -> {
      assertThat(o.linked()).isTrue();
      assertThat(o.share().record()).isEqualTo(b.matter());
      assertThat(o.share().file().contentDocumentId()).isNotNull();
      assertThat(o.share().file().linkedTo()).containsExactlyInAnyOrder(note, b.matter());
    });
    assertThat(b.store().findByKeys(List.of(file.key()), List.of(note)).get(file.key())).isEqualTo(outcomes.get(0).share().file());
  }

  @Test
  public void findByKeysAndFindByNotesReturnTheSameFileWithItsLinksAndNothingElse() {
    FileBackend b = freshBackend(MAX_FILE_BYTES);
    SalesforceId note = b.newNote().get();
    SalesforceId otherNote = b.newNote().get();
    StoredFile mine = shared(b, uploaded(b, nextKey(), 300, note));
    StoredFile other = shared(b, uploaded(b, nextKey(), 400, otherNote));
    String absent = nextKey();

    Map<String, StoredFile> byKey = b.store().findByKeys(List.of(mine.key(), absent, mine.key(), other.key()),
        List.of(note));
    List<StoredFile> byNote = b.store().findByNotes(List.of(note));

    assertThat(byKey).containsOnlyKeys(mine.key());
    assertThat(byKey.get(mine.key())).isEqualTo(mine);
    assertThat(mine.sizeBytes()).isEqualTo(300);
    assertThat(byNote).containsExactly(mine);
    // issue 14: a transcript names each file as it was uploaded
    assertThat(byNote.get(0).fileName()).contains("IMG_" + mine.key() + ".jpg");
    assertThat(b.store().findByNotes(List.of(note, otherNote))).containsExactlyInAnyOrder(mine, other);
    assertThat(b.store().findByKeys(List.of(), List.of(note))).isEmpty();
    assertThat(b.store().findByKeys(List.of(mine.key()), List.of())).as("no Note, nothing found").isEmpty();
    assertThat(b.store().storedKeys(List.of(mine.key(), absent, other.key()), List.of(note, otherNote)))
        .containsExactlyInAnyOrder(mine.key(), other.key());
    assertThat(b.store().findByNotes(List.of())).isEmpty();
  }

  @Test
  public void lookupsFindAFileOnlyThroughANoteItIsLinkedTo() {
    FileBackend b = freshBackend(MAX_FILE_BYTES);
    SalesforceId note = b.newNote().get();
    SalesforceId unrelated = b.newNote().get();
    StoredFile file = shared(b, uploaded(b, nextKey(), 30, note));

    assertThat(b.store().findByKeys(List.of(file.key()), List.of(unrelated))).isEmpty();
    assertThat(b.store().storedKeys(List.of(file.key()), List.of(unrelated))).isEmpty();
    // through its Matter too: any record it is linked to finds it
    assertThat(b.store().findByKeys(List.of(file.key()), List.of(unrelated, b.matter()))).containsOnlyKeys(file.key());
    assertThat(b.store().storedKeys(List.of(file.key()), List.of(note))).containsExactly(file.key());
  }

  @Test
  public void sharingAFileAlreadyLinkedToTheRecordSucceedsAndLinksItOnce() {
    FileBackend b = freshBackend(MAX_FILE_BYTES);
    SalesforceId note = b.newNote().get();
    StoredFile uploaded = uploaded(b, nextKey(), 50, note);
    shared(b, uploaded);

    // once with the file as upload returned it, once as share returned it, and once with its Note
    StoredFile found = b.store().findByKeys(List.of(uploaded.key()), List.of(note)).get(uploaded.key());
    List<ShareOutcome> again = b.store().share(List.of(new Share(uploaded, b.matter()), new Share(found, b.matter()),
        new Share(found, note)));

    assertThat(again).allSatisfy(o -> assertThat(o.linked()).as(o.error().orElse("")).isTrue());
    assertThat(b.store().findByKeys(List.of(uploaded.key()), List.of(note)).get(uploaded.key()).linkedTo())
        .containsExactlyInAnyOrder(note, b.matter());
  }

  @Test
  public void deleteRemovesTheDocumentAndEveryLink() {
    FileBackend b = freshBackend(MAX_FILE_BYTES);
    SalesforceId note = b.newNote().get();
    StoredFile file = shared(b, uploaded(b, nextKey(), 200, note));
    StoredFile kept = shared(b, uploaded(b, nextKey(), 200, note));

    List<DeleteOutcome> outcomes = b.store().delete(List.of(file.contentDocumentId()));

    assertThat(outcomes).singleElement().satisfies(o -> {
      assertThat(o.deleted()).as(o.toString()).isTrue();
      assertThat(o.id()).isEqualTo(file.contentDocumentId());
    });
    assertThat(b.store().findByKeys(List.of(file.key(), kept.key()), List.of(note))).containsOnlyKeys(kept.key());
    assertThat(b.store().findByNotes(List.of(note))).containsExactly(kept);
  }

  @Test
  public void deleteRefusesAFileRcsyncDidNotUploadAndLeavesItAlone() {
    FileBackend b = freshBackend(MAX_FILE_BYTES);
    SalesforceId note = b.newNote().get();
    SalesforceId foreign = b.insertForeign().apply(b.matter());
    StoredFile mine = shared(b, uploaded(b, nextKey(), 10, note));

    List<DeleteOutcome> outcomes = b.store().delete(List.of(foreign, mine.contentDocumentId()));

    assertThat(outcomes).hasSize(2);
    assertThat(outcomes.get(0).deleted()).isFalse();
    assertThat(outcomes.get(0).errorCode()).isEqualTo(NOT_RCSYNC_FILE);
    assertThat(outcomes.get(1).deleted()).isTrue();
    assertThat(b.store().delete(List.of(foreign))).singleElement()
        .satisfies(o -> assertThat(o.deleted()).as("still there, still refused").isFalse());
  }

  @Test
  public void aFileOverTheSizeLimitIsAnOutcomeNotAnExceptionAndIsNotStored() {
    FileBackend b = freshBackend(1_000);
    SalesforceId note = b.newNote().get();
    String big = nextKey();
    String small = nextKey();

    assertThatCode(() -> b.store().upload(upload(big, bytes(1_001), note))).doesNotThrowAnyException();
    UploadOutcome refused = b.store().upload(upload(big, bytes(1_001), note));
    UploadOutcome fits = b.store().upload(upload(small, bytes(1_000), note));

    assertThat(refused.key()).isEqualTo(big);
    assertThat(refused.stored()).isEmpty();
    assertThat(refused.error()).hasValueSatisfying(e -> assertThat(e).isNotBlank().doesNotContain("\n"));
    assertThat(fits.error()).isEmpty();
    assertThat(b.store().findByKeys(List.of(big, small), List.of(note))).containsOnlyKeys(small);
  }

  @Test
  public void uploadAllStoresSeveralFilesInOneCallWithOneOutcomeEachInOrder() {
    FileBackend b = freshBackend(MAX_FILE_BYTES);
    SalesforceId note = b.newNote().get();
    SalesforceId otherNote = b.newNote().get();
    List<FileStore.Upload> uploads = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String key = nextKey();
      keys.add(key);
      uploads.add(upload(key, bytes(100 + i), i % 2 == 0 ? note : otherNote, b.matter()));
    }
    int before = b.callsSoFar().orElse(0);

    List<UploadOutcome> outcomes = b.store().uploadAll(uploads);

    b.callsSoFar().ifPresent(after -> assertThat(after - before).as("calls for 5 files").isEqualTo(1));
    assertThat(outcomes).extracting(UploadOutcome::key).containsExactlyElementsOf(keys);
    for (int i = 0; i < 5; i++) {
      UploadOutcome o = outcomes.get(i);
      assertThat(o.error()).as("upload of %s", o.key()).isEmpty();
      assertThat(o.stored().orElseThrow().sizeBytes()).isEqualTo(100 + i);
      assertThat(o.stored().orElseThrow().linkedTo()).containsExactly(i % 2 == 0 ? note : otherNote);
    }
    Map<String, StoredFile> found = b.store().findByKeys(keys, List.of(note, otherNote));
    assertThat(found).containsOnlyKeys(keys);
    assertThat(found.get(keys.get(1)).linkedTo()).containsExactly(otherNote);
    assertThat(b.store().findByNotes(List.of(note))).extracting(StoredFile::key)
        .containsExactlyInAnyOrder(keys.get(0), keys.get(2), keys.get(4));
    // the batch's files are shared as upload's are
    List<ShareOutcome> shared = b.store().share(outcomes.stream()
        .map(o -> new Share(o.stored().orElseThrow(), b.matter())).toList());
    assertThat(shared).allSatisfy(o -> assertThat(o.linked()).as(o.error().orElse("")).isTrue());
  }

  @Test
  public void aRefusedFileAmongGoodOnesIsItsOwnOutcomeAndTheOthersAreStored() {
    FileBackend b = freshBackend(1_000);
    SalesforceId note = b.newNote().get();
    String good1 = nextKey();
    String tooBig = nextKey();
    String good2 = nextKey();

    List<UploadOutcome> outcomes = b.store().uploadAll(List.of(upload(good1, bytes(10), note),
        upload(tooBig, bytes(1_001), note), upload(good2, bytes(1_000), note)));

    assertThat(outcomes).extracting(UploadOutcome::key).containsExactly(good1, tooBig, good2);
    assertThat(outcomes.get(0).error()).isEmpty();
    assertThat(outcomes.get(1).stored()).isEmpty();
    assertThat(outcomes.get(1).error()).hasValueSatisfying(e -> assertThat(e).isNotBlank().doesNotContain("\n"));
    assertThat(outcomes.get(2).error()).isEmpty();
    assertThat(b.store().findByKeys(List.of(good1, tooBig, good2), List.of(note))).containsOnlyKeys(good1, good2);
  }

  @Test
  public void uploadAllOfAnEmptyListMakesNoCall() {
    FileBackend b = freshBackend(MAX_FILE_BYTES);
    assumeTrue(b.callsSoFar().isPresent(), "the backend does not count its calls");
    int before = b.callsSoFar().getAsInt();

    assertThat(b.store().uploadAll(List.of())).isEmpty();

    assertThat(b.callsSoFar().getAsInt()).isEqualTo(before);
  }

  @Test
  public void uploadAllOfMoreThanTwoHundredFilesTakesOneCallPerTwoHundred() {
    FileBackend b = freshBackend(MAX_FILE_BYTES);
    assumeTrue(b.callsSoFar().isPresent(), "the backend does not count its calls");
    SalesforceId note = b.newNote().get();
    List<FileStore.Upload> uploads = new ArrayList<>();
    for (int i = 0; i < 201; i++) {
      uploads.add(upload(nextKey(), bytes(20), note));
    }
    int before = b.callsSoFar().getAsInt();

    List<UploadOutcome> outcomes = b.store().uploadAll(uploads);

    assertThat(b.callsSoFar().getAsInt() - before).isEqualTo(2);
    assertThat(outcomes).hasSize(201).allSatisfy(o -> assertThat(o.error()).as(o.key()).isEmpty());
  }
}

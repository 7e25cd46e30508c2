package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.testkit.fake.InMemoryFiles;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The in-memory fake passes {@link FileStoreContract}. */
class InMemoryFileStoreTest extends FileStoreContract {
  @Override
  protected FileBackend freshBackend(long maxFileBytes) {
    InMemoryFiles files = new InMemoryFiles(new ApiCalls(), maxFileBytes);
    SalesforceIds notes = SalesforceIds.withPrefix(SalesforceIds.NOTE);
    return new FileBackend(files, SalesforceIds.idFor(SalesforceIds.MATTER, 1), notes::next,
        record -> files.insertForeign("Retainer.pdf", record, new byte[] {1, 2, 3}), files::calls);
  }

  private static FileStore.Upload upload(String key, SalesforceId note, int size) {
    return new FileStore.Upload(key, "photo", "photo.jpg", "image/jpeg", List.of(note),
        new AttachmentSource.Content(new ByteArrayInputStream(new byte[size]), "image/jpeg", OptionalLong.of(size)));
  }

  @Test
  void aSecondUploadUnderOneKeyIsStoredAsSalesforceDoesAndListedAsADuplicate() {
    InMemoryFiles files = new InMemoryFiles();
    SalesforceId note = SalesforceIds.idFor(SalesforceIds.NOTE, 1);
    FileStore.UploadOutcome first = files.upload(upload("rc_att_1_1", note, 10));
    assertThat(files.duplicates()).isEmpty();

    FileStore.UploadOutcome second = files.upload(upload("rc_att_1_1", note, 20));

    assertThat(second.error()).isEmpty();
    assertThat(files.duplicates()).containsExactly("rc_att_1_1");
    assertThat(files.findByKeys(List.of("rc_att_1_1"), List.of(note)).get("rc_att_1_1").contentVersionId())
        .as("the older document").isEqualTo(first.stored().orElseThrow().contentVersionId());
  }

  @Test
  void aNewVersionWithoutTheKeyStillFindsAndDeletesTheFile() {
    InMemoryFiles files = new InMemoryFiles();
    SalesforceId note = SalesforceIds.idFor(SalesforceIds.NOTE, 2);
    files.upload(upload("rc_att_2_1", note, 10));

    assertThat(files.uploadNewVersion("rc_att_2_1")).isTrue();

    FileStore.StoredFile found = files.findByKeys(List.of("rc_att_2_1"), List.of(note)).get("rc_att_2_1");
    assertThat(found).isNotNull();
    assertThat(files.delete(List.of(found.contentDocumentId()))).allMatch(o -> o.deleted());
  }

  @Test
  void callsAreCountedAsTheSalesforceAdapterMakesThem() {
    InMemoryFiles files = new InMemoryFiles();
    SalesforceId note = SalesforceIds.idFor(SalesforceIds.NOTE, 3);
    files.upload(upload("rc_att_3_1", note, 10));
    int before = files.calls();

    files.findByKeys(List.of("rc_att_3_1"), List.of(note));
    files.storedKeys(List.of("rc_att_3_1"), List.of(note));
    files.findByNotes(List.of(note));

    assertThat(files.calls() - before).isEqualTo(2 + 1 + 2);
  }
}

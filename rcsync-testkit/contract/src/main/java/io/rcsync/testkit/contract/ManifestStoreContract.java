package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.port.out.ManifestStore;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ManifestStore} must do: give back exactly what it was given. Field values are the types a
 * JSON round trip keeps apart: String, Boolean, Integer, Long (beyond int range), Double and null.
 */
public abstract class ManifestStoreContract {

  protected abstract ManifestStore freshStore();

  private static NoteRecord record(long n, Optional<Instant> messageTime) {
    SalesforceId id = SalesforceIds.idFor(SalesforceIds.NOTE, n);
    SalesforceId owner = SalesforceIds.idFor(SalesforceIds.USER, 12_345);
    SalesforceId matter = SalesforceIds.idFor(SalesforceIds.MATTER, 777);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("External_Id__c", "rc_msg_" + (9_000_000_000L + n));
    fields.put("OwnerId", owner.value());
    fields.put("litify_pm__lit_Topic__c", "Text message received");
    fields.put("litify_pm__lit_Note__c", "Olá 😀 \"quoted\", back\\slash, tab\tnew\nline, <html> & 100%");
    fields.put("litify_pm__lit_Matter__c", matter.value());
    fields.put("litify_pm__lit_Intake__c", null);
    fields.put("Message_Time__c", "2026-03-01T08:00:00.000+0000");
    fields.put("Is_Private__c", Boolean.TRUE);
    fields.put("Pinned__c", Boolean.FALSE);
    fields.put("Sequence__c", 42);
    fields.put("Big_Counter__c", 5_000_000_000L);
    fields.put("Score__c", 3.25);
    fields.put("Empty__c", "");
    return new NoteRecord(id, "rc_msg_" + (9_000_000_000L + n), Optional.of(owner),
        Instant.parse("2026-03-02T10:11:12Z").plusSeconds(n), messageTime, fields);
  }

  @Test
  public void readsBackEveryRecordWithAllItsFields() {
    ManifestStore store = freshStore();
    List<NoteRecord> records = new ArrayList<>();
    for (int i = 1; i <= 250; i++) {
      records.add(record(i, i % 2 == 0 ? Optional.of(Instant.parse("2026-03-01T08:00:00Z").plusSeconds(i)) : Optional.empty()));
    }

    String location = store.write(records);
    List<NoteRecord> back = store.read(location);

    assertThat(location).isNotBlank();
    assertThat(back).hasSize(records.size());
    for (int i = 0; i < records.size(); i++) {
      NoteRecord expected = records.get(i);
      NoteRecord actual = back.stream().filter(r -> r.externalId().equals(expected.externalId())).findFirst()
          .orElseThrow(() -> new AssertionError("missing " + expected.externalId()));
      assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
      assertThat(actual.fields()).isEqualTo(expected.fields());
      assertThat(actual.fields().get("Sequence__c")).isInstanceOf(Integer.class);
      assertThat(actual.fields().get("Big_Counter__c")).isInstanceOf(Long.class);
      assertThat(actual.fields().get("Score__c")).isInstanceOf(Double.class);
      assertThat(actual.fields()).containsKey("litify_pm__lit_Intake__c");
    }
  }

  @Test
  public void keepsManifestsApart() {
    ManifestStore store = freshStore();
    List<NoteRecord> first = List.of(record(1, Optional.empty()), record(2, Optional.empty()));
    List<NoteRecord> second = List.of(record(3, Optional.of(Instant.parse("2026-01-01T00:00:00Z"))));

    String a = store.write(first);
    String b = store.write(second);

    assertThat(a).isNotEqualTo(b);
    assertThat(store.read(a)).extracting(NoteRecord::externalId)
        .containsExactlyInAnyOrder(first.get(0).externalId(), first.get(1).externalId());
    assertThat(store.read(b)).extracting(NoteRecord::externalId).containsExactly(second.get(0).externalId());
  }

  @Test
  public void readingAManifestThatWasNeverWrittenFails() {
    ManifestStore store = freshStore();
    store.write(List.of(record(1, Optional.empty())));

    assertThatThrownBy(() -> store.read("no-such-manifest-" + System.nanoTime())).isInstanceOf(RuntimeException.class);
  }

  /**
   * Issue 12: the files deleted with the Notes come back exactly (by reference: URI and metadata), including one whose
   * message RingCentral no longer listed (no URI, no extension) and one shared with nothing but its Note.
   */
  @Test
  public void readsBackTheFilesDeletedWithTheNotes() {
    ManifestStore store = freshStore();
    NoteRecord note = record(1, Optional.empty());
    SalesforceId matter = SalesforceIds.idFor(SalesforceIds.MATTER, 777);
    List<ManifestStore.ManifestFile> files = List.of(
        new ManifestStore.ManifestFile("rc_att_9000000001_11", note.externalId(), Optional.of("376557052"),
            "9000000001", "11", Optional.of("https://media.ringcentral.com/restapi/v1.0/account/1/extension/376557052"
                + "/message-store/9000000001/content/11"), "injury photo \"1\".jpg", "image/jpeg", 123_456L,
            List.of(matter)),
        new ManifestStore.ManifestFile("rc_att_9000000001_12", note.externalId(), Optional.empty(), "9000000001", "12",
            Optional.empty(), "", "", 0L, List.of()));

    String location = store.write(new ManifestStore.Manifest(List.of(note), files));
    ManifestStore.Manifest back = store.readManifest(location);

    assertThat(back.files()).usingRecursiveComparison().isEqualTo(files);
    assertThat(back.notes()).usingRecursiveComparison().isEqualTo(List.of(note));
    assertThat(store.read(location)).hasSize(1);
  }

  /**
   * Issue 15: a manifest records whose Notes it holds ({@code rollback --source}); an SMS-Magic rollback's manifest
   * reads back as SMS-Magic's with its {@code smsmagic_} Notes, and a manifest of RingCentral Notes as RingCentral's.
   */
  @Test
  public void readsBackTheSourceOfTheNotes() {
    ManifestStore store = freshStore();
    NoteRecord rc = record(1, Optional.empty());
    String historyKey = "smsmagic_" + SalesforceIds.idFor("a1S", 42).value();
    Map<String, Object> fields = new LinkedHashMap<>(rc.fields());
    fields.put("External_Id__c", historyKey);
    NoteRecord history = new NoteRecord(SalesforceIds.idFor(SalesforceIds.NOTE, 2), historyKey, rc.owner(),
        rc.createdDate(), Optional.of(Instant.parse("2024-05-01T10:00:00Z")), fields);

    String a = store.write(new ManifestStore.Manifest(List.of(history), List.of(), Optional.of(TextSource.SMS_MAGIC)));
    String b = store.write(new ManifestStore.Manifest(List.of(rc), List.of(), Optional.of(TextSource.RINGCENTRAL)));

    ManifestStore.Manifest back = store.readManifest(a);
    assertThat(back.source()).contains(TextSource.SMS_MAGIC);
    assertThat(back.notes()).usingRecursiveComparison().isEqualTo(List.of(history));
    assertThat(store.readManifest(b).source()).contains(TextSource.RINGCENTRAL);
  }
}

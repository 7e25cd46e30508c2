package io.rcsync.cli.store;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.ManifestStore;
import io.rcsync.testkit.contract.ManifestStoreContract;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileManifestStoreTest extends ManifestStoreContract {
  @TempDir
  Path dir;

  @Override
  protected ManifestStore freshStore() {
    Path reports = dir.resolve("reports-" + System.nanoTime());
    return new FileManifestStore(reports, Clock.fixed(Instant.parse("2026-04-10T12:00:00Z"), ZoneOffset.UTC),
        p -> dir.relativize(p).toString(), dir::resolve);
  }

  private static NoteRecord note(Map<String, Object> fields) {
    return new NoteRecord(SalesforceId.of("a0XUV0000000001AAA"), "rc_msg_1", Optional.empty(),
        Instant.parse("2026-04-01T00:00:00Z"), Optional.empty(), fields);
  }

  @Test
  void rarerNumberTypesKeepTheirType() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Small_Long__c", 7L);
    fields.put("Amount__c", new BigDecimal("1234.5600"));
    ManifestStore store = freshStore();

    NoteRecord back = store.read(store.write(List.of(note(fields)))).get(0);

    assertThat(back.fields()).isEqualTo(fields);
    assertThat(back.fields().get("Small_Long__c")).isInstanceOf(Long.class);
  }

  @Test
  void manifestsAreNamedByTimeInTheReportsDirectory() {
    String location = freshStore().write(List.of(note(Map.of())));

    assertThat(location).matches("reports-\\d+/20260410T120000Z-rollback-manifest\\.jsonl");
  }

  @Test
  void aTruncatedManifestIsRefused() throws IOException {
    ManifestStore store = freshStore();
    String location = store.write(List.of(note(Map.of()), note(Map.of("A__c", "x"))));
    Path file = dir.resolve(location);
    List<String> lines = Files.readAllLines(file);
    Files.write(file, lines.subList(0, 2));

    assertThatThrownBy(() -> store.read(location)).isInstanceOf(LocalFileException.class)
        .hasMessageContaining("holds 1 records but its header says 2");
  }

  @Test
  void aManifestWrittenBeforeFilesWereKeptIsStillRead() throws IOException {
    Path old = dir.resolve("old-rollback-manifest.jsonl");
    Files.writeString(old, """
        {"format":"rcsync-rollback-manifest","version":1,"writtenAt":"2026-03-01T00:00:00Z","records":1}
        {"id":"a0XUV0000000001AAA","externalId":"rc_msg_1","owner":null,"createdDate":"2026-03-01T00:00:00Z","messageTime":null,"fields":{"External_Id__c":"rc_msg_1"}}
        """);

    ManifestStore.Manifest back = freshStore().readManifest("old-rollback-manifest.jsonl");

    assertThat(back.notes()).extracting(NoteRecord::externalId).containsExactly("rc_msg_1");
    assertThat(back.files()).isEmpty();
  }

  @Test
  void aManifestMissingAFileLineIsRefused() throws IOException {
    ManifestStore store = freshStore();
    ManifestStore.ManifestFile f = new ManifestStore.ManifestFile("rc_att_1_2", "rc_msg_1", Optional.of("376557052"),
        "1", "2", Optional.of("https://media.ringcentral.com/x"), "a.jpg", "image/jpeg", 10, List.of());
    String location = store.write(new ManifestStore.Manifest(List.of(note(Map.of())), List.of(f)));
    Path file = dir.resolve(location);
    List<String> lines = Files.readAllLines(file);
    Files.write(file, lines.subList(0, 2));

    assertThatThrownBy(() -> store.readManifest(location)).isInstanceOf(LocalFileException.class)
        .hasMessageContaining("holds 0 files but its header says 1");
  }

  @Test
  void theManifestIsReadableByItsOwnerOnly() throws IOException {
    String location = freshStore().write(List.of(note(Map.of())));
    Path file = dir.resolve(location);
    org.junit.jupiter.api.Assumptions.assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));

    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }
  @Test
  void aManifestOfANewerVersionIsRefusedWithOneLine() throws IOException {
    ManifestStore store = freshStore();
    String location = store.write(List.of(note(Map.of())));
    Path file = dir.resolve(location);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    lines.set(0, lines.get(0).replace("\"version\":2", "\"version\":3"));
    Files.write(file, lines);

    assertThatThrownBy(() -> store.readManifest(location)).isInstanceOf(LocalFileException.class)
        .hasMessageContaining("is version 3, newer than this rcsync reads (up to 2)");
  }

  @Test
  void aGroupTextsLinkedNotesAndAKeptFileSurviveTheRoundTrip() {
    ManifestStore store = freshStore();
    ManifestStore.ManifestFile f = new ManifestStore.ManifestFile("rc_att_1_2", "rc_msg_1", Optional.of("376557052"),
        "1", "2", Optional.of("https://media.ringcentral.com/x"), "a.jpg", "image/jpeg", 10,
        List.of(SalesforceId.of("a0YUV0000000001AAA")), List.of("rc_msg_1_a0YUV0000000002AAA"), true);

    ManifestStore.Manifest back = store.readManifest(store.write(new ManifestStore.Manifest(List.of(note(Map.of())),
        List.of(f))));

    assertThat(back.files()).containsExactly(f);
  }
}

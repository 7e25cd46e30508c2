package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.port.out.FileStore.StoredFile;
import io.rcsync.core.port.out.FileStore.UploadOutcome;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SalesforceFileStore} against the simulator's Salesforce Files: upload, find, re-run, delete, limits. */
class SalesforceFileStoreOnSimulatorTest {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final SalesforceId OWNER = SalesforceIds.idFor(SalesforceIds.USER, 12_345);
  private static final CaseRecord MATTER =
      Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 1)).phone("(502) 813-8900").build();

  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  private SalesforceSimulator org() {
    return orgs.org(SCHEMA, List.of(MATTER), Set.of(OWNER));
  }

  private static SalesforceId note(SalesforceSimulator sim, String ext) {
    return SalesforceId.of(sim.insert(SCHEMA.noteObject(), Map.of(SCHEMA.noteBodyField(), "MMS",
        SCHEMA.noteMatterField(), MATTER.id().value(), SCHEMA.noteExternalIdField(), ext)));
  }

  private static byte[] picture(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static FileStore.Upload upload(String key, byte[] bytes, boolean lengthKnown, SalesforceId... linkedTo) {
    return new FileStore.Upload(key, "photo " + key, key + ".jpg", "image/jpeg", List.of(linkedTo),
        new AttachmentSource.Content(new ByteArrayInputStream(bytes), "image/jpeg",
            lengthKnown ? OptionalLong.of(bytes.length) : OptionalLong.empty()));
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void uploadedFileIsFoundByKeyAndByNoteLinkedToNoteAndMatterWithItsBytesIntact() throws Exception {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_1");
    byte[] bytes = picture(70_000, 1);

    UploadOutcome outcome = files.upload(upload("rc_att_1_11", bytes, false, note, MATTER.id()));

    assertThat(outcome.error()).isEmpty();
    StoredFile stored = outcome.stored().orElseThrow();
    assertThat(stored.sizeBytes()).isEqualTo(bytes.length);
    assertThat(stored.linkedTo()).containsExactly(note, MATTER.id());
    assertThat(sim.fileSha256(stored.contentVersionId().value())).contains(sha256(bytes));
    assertThat(files.findByKeys(List.of("rc_att_1_11", "rc_att_9_99"))).containsOnlyKeys("rc_att_1_11")
        .extractingByKey("rc_att_1_11").isEqualTo(stored);
    assertThat(files.findByNotes(List.of(note))).containsExactly(stored);
    assertThat(sim.calls(Endpoint.SOBJECT_CREATE)).isEqualTo(1);
  }

  @Test
  void aRerunFindsTheKeyAndUploadsNothingTwice() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_2");
    files.upload(upload("rc_att_2_21", picture(500, 2), true, note, MATTER.id()));
    sim.resetCounters();

    Map<String, StoredFile> found = files.findByKeys(List.of("rc_att_2_21"));

    assertThat(found).containsOnlyKeys("rc_att_2_21");
    assertThat(sim.calls(Endpoint.SOBJECT_CREATE)).isZero();
    assertThat(sim.count("ContentVersion")).isEqualTo(1);
  }

  @Test
  void deletingTheDocumentRemovesItsVersionsAndLinks() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_3");
    StoredFile stored = files.upload(upload("rc_att_3_31", picture(900, 3), true, note, MATTER.id()))
        .stored().orElseThrow();

    List<DeleteOutcome> outcomes = files.delete(List.of(stored.contentDocumentId()));

    assertThat(outcomes).extracting(DeleteOutcome::deleted).containsExactly(true);
    assertThat(sim.count("ContentDocument")).isZero();
    assertThat(sim.count("ContentVersion")).isZero();
    assertThat(sim.count("ContentDocumentLink")).isZero();
    assertThat(files.findByKeys(List.of("rc_att_3_31"))).isEmpty();
    assertThat(files.findByNotes(List.of(note))).isEmpty();
  }

  @Test
  void deleteRefusesADocumentRcsyncDidNotUpload() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_4");
    StoredFile stored = files.upload(upload("rc_att_4_41", picture(10, 4), true, note)).stored().orElseThrow();
    sim.update("ContentVersion", stored.contentVersionId().value(), Map.of("ExternalDocumentInfo1", "someone else"));

    List<DeleteOutcome> outcomes = files.delete(List.of(stored.contentDocumentId()));

    assertThat(outcomes).singleElement().satisfies(o -> {
      assertThat(o.deleted()).isFalse();
      assertThat(o.errorCode()).isEqualTo(SalesforceFileStore.NOT_RCSYNC_FILE);
    });
    assertThat(sim.count("ContentDocument")).isEqualTo(1);
  }

  @Test
  void aFileOverTheLimitIsRefusedWithOneLineAndNothingIsSent() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA, b -> b.maxFileBytes(1_000)).newFileStore();
    SalesforceId note = note(sim, "rc_msg_5");

    UploadOutcome known = files.upload(upload("rc_att_5_51", picture(1_001, 5), true, note));

    assertThat(known.stored()).isEmpty();
    assertThat(known.error()).hasValueSatisfying(e -> assertThat(e).doesNotContain("\n")
        .contains("rc_att_5_51", "1001 bytes", "limit of 1000 bytes"));
    assertThat(sim.calls(Endpoint.SOBJECT_CREATE)).isZero();
  }

  @Test
  void aStreamOfUnknownLengthOverTheLimitIsCutOffAndReported() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA, b -> b.maxFileBytes(1_000)).newFileStore();
    SalesforceId note = note(sim, "rc_msg_6");

    UploadOutcome outcome = files.upload(upload("rc_att_6_61", picture(50_000, 6), false, note));

    assertThat(outcome.stored()).isEmpty();
    assertThat(outcome.error()).hasValueSatisfying(e -> assertThat(e).contains("more than 1000 bytes"));
    assertThat(sim.count("ContentVersion")).isZero();
  }

  @Test
  void salesforceRefusingTheFileIsAnOutcomeNotAnException() {
    SalesforceSimulator sim = orgs.org(SalesforceSimulator.litify(SCHEMA).fileLimits(100, 1_000, 10_000), SCHEMA,
        List.of(MATTER), Set.of(OWNER));
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_7");

    UploadOutcome outcome = files.upload(upload("rc_att_7_71", picture(101, 7), true, note));

    assertThat(outcome.stored()).isEmpty();
    assertThat(outcome.error()).hasValueSatisfying(e -> assertThat(e).contains("rc_att_7_71", "HTTP 413"));
  }

  @Test
  void findByKeysSplitsManyKeysIntoQueriesThatFitTheUrl() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA, b -> b.maxUrlLength(2_000)).newFileStore();
    List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add("rc_att_" + (100_000 + i) + "_" + i);
    }
    sim.resetCounters();

    assertThat(files.findByKeys(keys)).isEmpty();

    assertThat(sim.calls(Endpoint.QUERY)).isGreaterThan(1);
  }
}

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
  void uploadPublishesToTheNoteInOneCallAndShareLinksTheMatterThenBothLookupsFindItWithItsBytesIntact()
      throws Exception {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_1");
    byte[] bytes = picture(70_000, 1);

    UploadOutcome outcome = files.upload(upload("rc_att_1_11", bytes, false, note, MATTER.id()));

    assertThat(outcome.error()).isEmpty();
    StoredFile uploaded = outcome.stored().orElseThrow();
    assertThat(uploaded.sizeBytes()).isEqualTo(bytes.length);
    assertThat(uploaded.linkedTo()).containsExactly(note);
    assertThat(uploaded.contentDocumentId()).isNull();
    assertThat(sim.totalCalls()).isEqualTo(1);
    assertThat(sim.fileSha256(uploaded.contentVersionId().value())).contains(sha256(bytes));

    List<FileStore.ShareOutcome> shared = files.share(List.of(new FileStore.Share(uploaded, MATTER.id())));

    assertThat(shared).singleElement().satisfies(o -> {
      assertThat(o.linked()).isTrue();
      assertThat(o.share().file().contentDocumentId()).isNotNull();
      assertThat(o.share().file().linkedTo()).containsExactly(note, MATTER.id());
    });
    StoredFile stored = shared.get(0).share().file();
    assertThat(files.findByKeys(List.of("rc_att_1_11", "rc_att_9_99"), List.of(note))).containsOnlyKeys("rc_att_1_11")
        .extractingByKey("rc_att_1_11").isEqualTo(stored);
    assertThat(files.findByNotes(List.of(note))).containsExactly(stored);
    assertThat(sim.calls(Endpoint.SOBJECT_CREATE)).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COLLECTIONS_CREATE)).isEqualTo(1);
  }

  @Test
  void nFilesCostNUploadsAndOneQueryPlusOneLinkCallPer200ToShare() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_250");
    int n = 250;
    List<FileStore.Share> shares = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      StoredFile f = files.upload(upload("rc_att_250_" + i, picture(64, i), true, note, MATTER.id()))
          .stored().orElseThrow();
      shares.add(new FileStore.Share(f, MATTER.id()));
    }
    assertThat(sim.totalCalls()).isEqualTo(n);
    sim.resetCounters();

    List<FileStore.ShareOutcome> outcomes = files.share(shares);

    assertThat(outcomes).hasSize(n).allSatisfy(o -> assertThat(o.linked()).isTrue());
    assertThat(sim.calls(Endpoint.QUERY)).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COLLECTIONS_CREATE)).isEqualTo(2); // ceil(250 / 200)
    assertThat(sim.totalCalls()).isEqualTo(3);
    assertThat(sim.count("ContentDocumentLink")).isEqualTo(3 * n); // owner, Note, Matter
    sim.resetCounters();

    assertThat(files.findByKeys(shares.stream().map(s -> s.file().key()).toList(), List.of(note))).hasSize(n);
    assertThat(sim.totalCalls()).isEqualTo(3); // 1 query of the Note's files' versions, 2 of their links (200 a query)
    sim.resetCounters();

    assertThat(files.storedKeys(shares.stream().map(s -> s.file().key()).toList(), List.of(note))).hasSize(n);
    assertThat(sim.totalCalls()).as("presence only: no link lookup").isEqualTo(1);
  }

  @Test
  void unshareRemovesOnlyTheLinkToTheRecordTheNoteLeftAndTheFileKeepsItsNote() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_7");
    StoredFile uploaded = files.upload(upload("rc_att_7_71", picture(64, 7), true, note, MATTER.id()))
        .stored().orElseThrow();
    StoredFile linked = files.share(List.of(new FileStore.Share(uploaded, MATTER.id()))).get(0).share().file();

    List<FileStore.ShareOutcome> out = files.unshare(List.of(new FileStore.Share(linked, MATTER.id())));

    assertThat(out).allSatisfy(o -> assertThat(o.linked()).as(o.error().orElse("")).isTrue());
    StoredFile after = files.findByKeys(List.of("rc_att_7_71"), List.of(note)).get("rc_att_7_71");
    assertThat(after.linkedTo()).anyMatch(note::sameRecord).noneMatch(MATTER.id()::sameRecord);
    // a link already gone succeeds too
    assertThat(files.unshare(List.of(new FileStore.Share(linked, MATTER.id())))).allMatch(FileStore.ShareOutcome::linked);
  }

  @Test
  void sharingAFileAlreadyLinkedToTheRecordSucceedsWithoutASecondLink() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_8");
    StoredFile uploaded = files.upload(upload("rc_att_8_81", picture(64, 8), true, note, MATTER.id()))
        .stored().orElseThrow();
    files.share(List.of(new FileStore.Share(uploaded, MATTER.id())));
    long links = sim.count("ContentDocumentLink");

    // the file as upload returned it (no ContentDocumentId, Matter not listed): Salesforce answers DUPLICATE_VALUE
    List<FileStore.ShareOutcome> again = files.share(List.of(new FileStore.Share(uploaded, MATTER.id()),
        new FileStore.Share(uploaded, note)));

    assertThat(again).allSatisfy(o -> assertThat(o.linked()).as(o.error().orElse("")).isTrue());
    assertThat(again.get(0).share().file().linkedTo()).contains(note, MATTER.id());
    assertThat(sim.count("ContentDocumentLink")).isEqualTo(links);
  }

  @Test
  void aShareSalesforceRefusesIsThatShareOutcomeAndTheOthersAreLinked() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_9");
    StoredFile a = files.upload(upload("rc_att_9_91", picture(64, 9), true, note)).stored().orElseThrow();
    StoredFile gone = files.upload(upload("rc_att_9_92", picture(64, 10), true, note)).stored().orElseThrow();
    SalesforceId missingMatter = SalesforceIds.idFor(SalesforceIds.MATTER, 999);
    files.delete(files.findByKeys(List.of("rc_att_9_92"), List.of(note)).values().stream().map(StoredFile::contentDocumentId)
        .toList());

    List<FileStore.ShareOutcome> outcomes = files.share(List.of(new FileStore.Share(a, missingMatter),
        new FileStore.Share(a, MATTER.id()), new FileStore.Share(gone, MATTER.id())));

    assertThat(outcomes.get(0).error()).hasValueSatisfying(e -> assertThat(e).doesNotContain("\n")
        .contains("rc_att_9_91", missingMatter.value()));
    assertThat(outcomes.get(1).linked()).isTrue();
    assertThat(outcomes.get(2).error()).hasValueSatisfying(e -> assertThat(e).contains("rc_att_9_92",
        "not in Salesforce"));
  }

  @Test
  void aRerunFindsTheKeyAndUploadsNothingTwice() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_2");
    files.upload(upload("rc_att_2_21", picture(500, 2), true, note, MATTER.id()));
    sim.resetCounters();

    Map<String, StoredFile> found = files.findByKeys(List.of("rc_att_2_21"), List.of(note));

    assertThat(found).containsOnlyKeys("rc_att_2_21");
    assertThat(sim.calls(Endpoint.SOBJECT_CREATE)).isZero();
    assertThat(sim.count("ContentVersion")).isEqualTo(1);
  }

  @Test
  void deletingTheDocumentRemovesItsVersionsAndLinks() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_3");
    StoredFile uploaded = files.upload(upload("rc_att_3_31", picture(900, 3), true, note, MATTER.id()))
        .stored().orElseThrow();
    StoredFile stored = files.share(List.of(new FileStore.Share(uploaded, MATTER.id()))).get(0).share().file();

    List<DeleteOutcome> outcomes = files.delete(List.of(stored.contentDocumentId()));

    assertThat(outcomes).extracting(DeleteOutcome::deleted).containsExactly(true);
    assertThat(sim.count("ContentDocument")).isZero();
    assertThat(sim.count("ContentVersion")).isZero();
    assertThat(sim.count("ContentDocumentLink")).isZero();
    assertThat(files.findByKeys(List.of("rc_att_3_31"), List.of(note))).isEmpty();
    assertThat(files.findByNotes(List.of(note))).isEmpty();
  }

  @Test
  void deleteRefusesADocumentRcsyncDidNotUpload() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_4");
    StoredFile stored = files.findByKeys(List.of(files.upload(upload("rc_att_4_41", picture(10, 4), true, note))
        .stored().orElseThrow().key()), List.of(note)).get("rc_att_4_41");
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
  void findByKeysSplitsManyNotesIntoQueriesThatFitTheUrl() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA, b -> b.maxUrlLength(2_000)).newFileStore();
    List<String> keys = new java.util.ArrayList<>();
    List<SalesforceId> notes = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add("rc_att_" + (100_000 + i) + "_" + i);
      notes.add(note(sim, "rc_msg_" + (100_000 + i)));
    }
    sim.resetCounters();

    assertThat(files.findByKeys(keys, notes)).isEmpty();

    assertThat(sim.calls(Endpoint.QUERY)).isGreaterThan(1);
  }

  private static List<FileStore.Upload> uploads(String prefix, int n, SalesforceId note) {
    List<FileStore.Upload> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(upload(prefix + i, picture(2_000 + i, i), true, note, MATTER.id()));
    }
    return out;
  }

  @Test
  void uploadAllSendsTwoHundredFilesInOneMultipartCollectionCallWithEveryByteIntact() throws Exception {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_300");
    List<FileStore.Upload> batch = uploads("rc_att_300_", 200, note);

    List<UploadOutcome> outcomes = files.uploadAll(batch);

    assertThat(sim.totalCalls()).isEqualTo(1);
    assertThat(sim.calls(Endpoint.COLLECTIONS_CREATE)).isEqualTo(1);
    assertThat(outcomes).hasSize(200);
    for (int i = 0; i < 200; i++) {
      UploadOutcome o = outcomes.get(i);
      assertThat(o.key()).isEqualTo("rc_att_300_" + i);
      assertThat(o.error()).as(o.key()).isEmpty();
      assertThat(o.stored().orElseThrow().linkedTo()).containsExactly(note);
      assertThat(sim.fileSha256(o.stored().orElseThrow().contentVersionId().value()))
          .contains(sha256(picture(2_000 + i, i)));
    }
    assertThat(files.findByNotes(List.of(note))).hasSize(200);
  }

  @Test
  void aTransientFailureOfTheCallIsReconciledByKeyThenTheMissingFilesAreSentOnceMore() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_301");
    sim.faults().failNextRequests(1);

    List<UploadOutcome> outcomes = files.uploadAll(uploads("rc_att_301_", 3, note));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as(o.key()).isEmpty());
    // the 503, the lookup by key (versions; no links to read when none is found), the one resend
    assertThat(sim.calls(Endpoint.COLLECTIONS_CREATE)).isEqualTo(2);
    assertThat(sim.calls(Endpoint.QUERY)).isBetween(1L, 2L);
    assertThat(sim.count("ContentVersion")).as("each file stored once").isEqualTo(3);
  }

  @Test
  void aRequestTooLargeFailsEveryFileOfTheCallWithOneLineAndStoresNothing() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_302");
    sim.faults().failNextRequests(1, 413, "REQUEST_ENTITY_TOO_LARGE", "request too large");

    List<UploadOutcome> outcomes = files.uploadAll(uploads("rc_att_302_", 3, note));

    assertThat(sim.totalCalls()).isEqualTo(1);
    assertThat(outcomes).hasSize(3).allSatisfy(o -> {
      assertThat(o.stored()).isEmpty();
      assertThat(o.error()).hasValueSatisfying(e -> assertThat(e).contains(o.key(), "413").doesNotContain("\n"));
    });
    assertThat(sim.count("ContentVersion")).isZero();
  }

  @Test
  void theDailyQuotaStopsTheUploadWithAnExceptionThatStopsTheRun() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_303");
    sim.faults().failNextRequests(1, 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> files.uploadAll(uploads("rc_att_303_", 2, note)))
        .isInstanceOfSatisfying(io.rcsync.core.port.out.ExternalSystemException.class,
            e -> assertThat(e.fatalToRun()).isTrue());
    assertThat(sim.count("ContentVersion")).isZero();
  }
  @Test
  void aFileIsFoundThroughItsNotesLinksAndNotThroughANoteItIsNotLinkedTo() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_400");
    SalesforceId other = note(sim, "rc_msg_401");
    files.upload(upload("rc_att_400_1", picture(64, 400), true, note));
    sim.resetCounters();

    assertThat(files.findByKeys(List.of("rc_att_400_1"), List.of(other))).isEmpty();
    assertThat(files.findByKeys(List.of("rc_att_400_1"), List.of(note))).containsOnlyKeys("rc_att_400_1");
    assertThat(files.findByKeys(List.of("rc_att_400_1"), List.of())).as("no Note: no call").isEmpty();
    assertThat(sim.calls(Endpoint.QUERY)).isEqualTo(3); // other: 1 (nothing to link-check); note: 2; none: 0
  }

  @Test
  void aNewVersionStaffUploadedWithoutTheKeyStillFindsTheFileAndNothingIsUploadedTwice() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_410");
    StoredFile uploaded = files.upload(upload("rc_att_410_1", picture(300, 410), true, note, MATTER.id()))
        .stored().orElseThrow();
    StoredFile stored = files.share(List.of(new FileStore.Share(uploaded, MATTER.id()))).get(0).share().file();

    // staff "Upload New Version": a ContentVersion on the same document, without rcsync's key
    String document = sim.uploadFile(Map.of("ContentDocumentId", stored.contentDocumentId().value(),
        "PathOnClient", "cropped.jpg"), picture(120, 411));

    assertThat(document).startsWith(stored.contentDocumentId().value().substring(0, 15));
    assertThat(sim.query("SELECT Id FROM ContentVersion WHERE IsLatest = true AND ExternalDocumentInfo1 = "
        + "'rc_att_410_1'").records()).as("the latest version has no key").isEmpty();
    Map<String, StoredFile> found = files.findByKeys(List.of("rc_att_410_1"), List.of(note));
    assertThat(found).containsOnlyKeys("rc_att_410_1");
    assertThat(found.get("rc_att_410_1").contentDocumentId()).isEqualTo(stored.contentDocumentId());
    assertThat(found.get("rc_att_410_1").linkedTo()).containsExactlyInAnyOrder(note, MATTER.id());
    assertThat(files.findByNotes(List.of(note))).as("one file per document, not one per version").hasSize(1);
    assertThat(files.storedKeys(List.of("rc_att_410_1"), List.of(note))).containsExactly("rc_att_410_1");

    List<DeleteOutcome> deleted = files.delete(List.of(stored.contentDocumentId()));

    assertThat(deleted).singleElement().satisfies(o -> assertThat(o.deleted()).as(o.toString()).isTrue());
    assertThat(sim.count("ContentVersion")).isZero();
  }

  @Test
  void aDoubleUploadUnderOneKeyResolvesToTheOlderDocumentEveryTime() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_420");
    StoredFile first = files.upload(upload("rc_att_420_1", picture(10, 420), true, note)).stored().orElseThrow();
    files.upload(upload("rc_att_420_1", picture(11, 421), true, note));

    assertThat(files.findByKeys(List.of("rc_att_420_1"), List.of(note)).get("rc_att_420_1").contentVersionId())
        .isEqualTo(first.contentVersionId());
    assertThat(files.findByNotes(List.of(note))).hasSize(2);
  }

  @Test
  void fileLinksToTheMatterAreForInternalUsersUnlessConfiguredForAllUsers() {
    SalesforceSimulator sim = org();
    SalesforceId note = note(sim, "rc_msg_430");
    SalesforceFileStore internal = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceFileStore all = orgs.adapters(sim, SCHEMA, b -> b.fileVisibility(SalesforceConfig.VISIBILITY_ALL))
        .newFileStore();
    StoredFile a = internal.upload(upload("rc_att_430_1", picture(10, 430), true, note)).stored().orElseThrow();
    StoredFile b = all.upload(upload("rc_att_430_2", picture(10, 431), true, note)).stored().orElseThrow();

    StoredFile sharedA = internal.share(List.of(new FileStore.Share(a, MATTER.id()))).get(0).share().file();
    StoredFile sharedB = all.share(List.of(new FileStore.Share(b, MATTER.id()))).get(0).share().file();

    assertThat(visibilityOfMatterLink(sim, sharedA)).isEqualTo("InternalUsers");
    assertThat(visibilityOfMatterLink(sim, sharedB)).isEqualTo("AllUsers");
  }

  private static String visibilityOfMatterLink(SalesforceSimulator sim, StoredFile f) {
    return sim.records("ContentDocumentLink").stream()
        .filter(l -> String.valueOf(l.get("ContentDocumentId")).startsWith(f.contentDocumentId().value().substring(0, 15))
            && String.valueOf(l.get("LinkedEntityId")).startsWith(MATTER.id().value().substring(0, 15)))
        .map(l -> String.valueOf(l.get("Visibility"))).findFirst().orElseThrow();
  }

  @Test
  void aSixHundredCharacterFileNameIsShortenedToFitTitleAndPathOnClientKeepingTheExtension() {
    SalesforceSimulator sim = org();
    SalesforceFileStore files = orgs.adapters(sim, SCHEMA).newFileStore();
    SalesforceId note = note(sim, "rc_msg_440");
    String name = "x".repeat(596) + ".jpg";
    FileStore.Upload single = new FileStore.Upload("rc_att_440_1", null, name, "image/jpeg", List.of(note),
        new AttachmentSource.Content(new ByteArrayInputStream(picture(10, 440)), "image/jpeg", OptionalLong.of(10)));
    FileStore.Upload batched = new FileStore.Upload("rc_att_440_2", name, name, "image/jpeg", List.of(note),
        new AttachmentSource.Content(new ByteArrayInputStream(picture(10, 441)), "image/jpeg", OptionalLong.of(10)));

    UploadOutcome one = files.upload(single);
    List<UploadOutcome> many = files.uploadAll(List.of(batched));

    assertThat(one.error()).isEmpty();
    assertThat(many.get(0).error()).isEmpty();
    for (UploadOutcome o : List.of(one, many.get(0))) {
      Map<String, Object> v = sim.find("ContentVersion", o.stored().orElseThrow().contentVersionId().value())
          .orElseThrow();
      assertThat(v.get("Title").toString()).hasSize(255).endsWith(".jpg").startsWith("xxx");
      assertThat(v.get("PathOnClient").toString()).hasSize(500).endsWith(".jpg");
    }
  }
}

package io.rcsync.cli.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicFieldMap.MessageObject;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.HistorySource.Page;
import io.rcsync.core.port.out.HistorySource.Query;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CsvHistorySource} on exports as Salesforce Data Loader writes them (upper-case API names as headers, every value
 * quoted, CRLF, {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}) and as Excel re-saves them (BOM, zone-less US dates).
 */
class CsvHistorySourceTest {
  static final String HISTORY_HEADER = "\"ID\",\"NAME\",\"CREATEDDATE\",\"SMAGICINTERACT__SMSTEXT__C\","
      + "\"SMAGICINTERACT__PHONENUMBER__C\",\"SMAGICINTERACT__SENDERID__C\",\"SMAGICINTERACT__DIRECTION__C\","
      + "\"SMAGICINTERACT__SENT_ON__C\",\"SMAGICINTERACT__SENT_BY__C\",\"SMAGICINTERACT__STATUS__C\","
      + "\"SMAGICINTERACT__MESSAGE_TYPE__C\",\"SMAGICINTERACT__SENT_BY__R.NAME\"\r\n";
  static final String INCOMING_HEADER = "\"ID\",\"NAME\",\"CREATEDDATE\",\"SMAGICINTERACT__SMS_TEXT__C\","
      + "\"SMAGICINTERACT__MOBILE_NUMBER__C\",\"SMAGICINTERACT__INBOUND_NUMBER__C\",\"SMAGICINTERACT__MMS_TYPE__C\"\r\n";
  // 15-character Ids as an export from an older Data Loader or a report has them
  static final String ID15 = "a0X5e000001AbCd";
  static final String USER = "0055e000003XyZwAAK";

  @TempDir
  Path dir;

  @Test
  void dataLoaderExportOfSmsHistoryBecomesRecordsWithEveryValuePicked() throws Exception {
    Path f = write("history.csv", HISTORY_HEADER
        + "\"" + ID15 + "\",\"SM-000000123\",\"2024-03-01T14:05:09.000Z\",\"Hi Ana, your hearing moved to 3pm,\r\n"
        + "bring the \"\"blue\"\" folder\",\"(555) 010-0100\",\"15550109999\",\"OUT\",\"2024-03-01T14:05:11.000Z\",\""
        + USER + "\",\"DELIVERED\",\"SMS\",\"Sara Collins\"\r\n"
        + "\"a0X5e000001AbCeEAK\",\"SM-000000124\",\"2024-03-01T15:00:00.000Z\",\"Thanks, see you then\","
        + "\"+15550100100\",\"15550109999\",\"IN\",\"\",\"\",\"\",\"MMS\",\"\"\r\n");

    List<SmsMagicRecord> records = readAll(source(f));

    assertThat(records).hasSize(2);
    SmsMagicRecord out = records.get(0);
    assertThat(out.messageId().externalId()).isEqualTo("smsmagic_" + ID15 + SalesforceId.checksum(ID15));
    assertThat(out.object()).isEqualTo("smagicinteract__smsMagic__c");
    assertThat(out.name()).isEqualTo("SM-000000123");
    assertThat(out.body()).isEqualTo("Hi Ana, your hearing moved to 3pm,\r\nbring the \"blue\" folder");
    assertThat(out.counterparty()).isEqualTo("(555) 010-0100");
    assertThat(out.firmNumber()).isEqualTo("15550109999");
    assertThat(out.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(out.messageTime()).as("Sent_On__c comes before CreatedDate").isEqualTo("2024-03-01T14:05:11Z");
    assertThat(out.sender()).contains(SalesforceId.of(USER));
    assertThat(out.status()).isEqualTo("DELIVERED");
    assertThat(out.mms()).isFalse();
    SmsMagicRecord in = records.get(1);
    assertThat(in.direction()).isEqualTo(Direction.INBOUND);
    assertThat(in.messageTime()).as("empty Sent_On__c: the next time field").isEqualTo("2024-03-01T15:00:00Z");
    assertThat(in.sender()).isEmpty();
    assertThat(in.mms()).isTrue();
  }

  @Test
  void incomingSmsExportIsKnownByItsBodyColumnAndIsAlwaysInbound() throws Exception {
    Path f = write("incoming.csv", INCOMING_HEADER
        + "\"a0Y5e000000QwErEAK\",\"I-00000042\",\"2023-11-30T23:59:59.000Z\",\"Running late, 10 min\","
        + "\"5550100100\",\"15550109999\",\"SMS\"\r\n");

    CsvHistorySource source = source(f);
    List<SmsMagicRecord> records = readAll(source);

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.object()).isEqualTo("smagicinteract__Incoming_SMS__c");
      assertThat(r.direction()).isEqualTo(Direction.INBOUND);
      assertThat(r.messageTime()).isEqualTo("2023-11-30T23:59:59Z");
      assertThat(r.firmNumber()).isEqualTo("15550109999");
    });
    assertThat(source.description()).isEqualTo("file: " + f + " (smagicinteract__Incoming_SMS__c)");
  }

  @Test
  void fileWithoutAnIdColumnIsRefusedWithOneLine() throws Exception {
    Path f = write("noid.csv", "\"NAME\",\"CREATEDDATE\",\"SMAGICINTERACT__SMSTEXT__C\",\"SMAGICINTERACT__PHONENUMBER__C\"\r\n"
        + "\"SM-1\",\"2024-03-01T14:05:09.000Z\",\"hi\",\"5550100100\"\r\n");

    assertThatThrownBy(() -> source(f))
        .isInstanceOf(ExternalSystemException.class)
        .hasMessage(f + ": no ID column; export the Id field so re-runs find the same Notes")
        .satisfies(e -> assertThat(((ExternalSystemException) e).kind()).isEqualTo(ExternalSystemException.Kind.REJECTED));
  }

  @Test
  void fileWithoutBodyCounterpartyOrTimeIsRefusedNamingTheColumn() throws Exception {
    Path noBody = write("nobody.csv", "\"ID\",\"CREATEDDATE\"\r\n");
    Path noPhone = write("nophone.csv", "\"ID\",\"CREATEDDATE\",\"SMAGICINTERACT__SMSTEXT__C\"\r\n");
    Path noTime = write("notime.csv", "\"ID\",\"SMAGICINTERACT__SMS_TEXT__C\",\"SMAGICINTERACT__MOBILE_NUMBER__C\"\r\n");

    assertThatThrownBy(() -> source(noBody)).hasMessageContaining("no message body column")
        .hasMessageContaining("SMAGICINTERACT__SMSTEXT__C (outgoing) or SMAGICINTERACT__SMS_TEXT__C (incoming)");
    assertThatThrownBy(() -> source(noPhone)).hasMessageContaining("no SMAGICINTERACT__PHONENUMBER__C column")
        .hasMessageContaining("config smsmagic.objects.outgoing.counterparty)");
    assertThatThrownBy(() -> source(noTime)).hasMessageContaining("no message time column; export one of CREATEDDATE")
        .hasMessageContaining("config smsmagic.objects.incoming.timeFields)");
  }

  @Test
  void headersMatchWhateverTheirCaseAndRelationshipPathsAreNotRead() throws Exception {
    Path f = write("mixed.csv", "Id,CreatedDate,smagicinteract__SMSText__c,Smagicinteract__PhoneNumber__c,"
        + "SMAGICINTERACT__SENT_BY__R.ID\n"
        + "a0X5e000001AbCeEAK,2024-03-01T14:05:09.000Z,hello,5550100100,not-an-id\n");

    assertThat(readAll(source(f))).singleElement().satisfies(r -> {
      assertThat(r.body()).isEqualTo("hello");
      assertThat(r.sender()).as("the relationship path is not Sent_By__c").isEmpty();
    });
  }

  @Test
  void utf8ByteOrderMarkIsDroppedFromTheFirstColumnName() throws Exception {
    Path f = dir.resolve("excel-utf8.csv");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    b.write((INCOMING_HEADER + "\"a0Y5e000000QwErEAK\",\"I-1\",\"2024-01-02T03:04:05.000Z\",\"Gracias, señora 👍\","
        + "\"5550100100\",\"\",\"\"\r\n").getBytes(StandardCharsets.UTF_8));
    Files.write(f, b.toByteArray());

    assertThat(readAll(source(f))).singleElement()
        .satisfies(r -> assertThat(r.body()).isEqualTo("Gracias, señora 👍"));
  }

  @Test
  void bytesThatAreNotUtf8StopTheReadNamingCsvCharsetAndTheCharsetReadsThem() throws Exception {
    Path f = dir.resolve("windows.csv");
    Files.write(f, (INCOMING_HEADER + "\"a0Y5e000000QwErEAK\",\"I-1\",\"2024-01-02T03:04:05.000Z\",\"caf\u00e9 at 5\","
        + "\"5550100100\",\"\",\"\"\r\n").getBytes(Charset.forName("windows-1252")));

    // the decoder reads ahead: a small file fails as it is opened, a large one when the page reaches the bytes
    assertThatThrownBy(() -> readAll(source(f)))
        .isInstanceOf(ExternalSystemException.class)
        .hasMessage(f + ": holds bytes that are not valid UTF-8; pass --csv-charset with the export's encoding,"
            + " e.g. --csv-charset windows-1252, or save it as CSV UTF-8");

    CsvHistorySource cp1252 = CsvHistorySource.open(List.of(f), Path::toString, SmsMagicFieldMap.defaults(),
        new CsvHistorySource.Options(Optional.empty(), ZoneId.of("UTC"), Charset.forName("windows-1252")));
    assertThat(readAll(cp1252)).singleElement().satisfies(r -> assertThat(r.body()).isEqualTo("caf\u00e9 at 5"));
  }

  @Test
  void dateTimesWithOffsetsAreExactAndZonelessOnesAreReadInTheCsvZoneAndCounted() throws Exception {
    Path f = write("dates.csv", "ID,CREATEDDATE,SMAGICINTERACT__SMS_TEXT__C,SMAGICINTERACT__MOBILE_NUMBER__C\r\n"
        + "a0Y5e000000QwE1EAK,2024-03-01T14:05:09.000+0100,a,5550100100\r\n"
        + "a0Y5e000000QwE2EAK,2024-03-01T14:05:09-05:00,b,5550100100\r\n"
        + "a0Y5e000000QwE3EAK,2024-03-01 14:05:09,c,5550100100\r\n"
        + "a0Y5e000000QwE4EAK,3/1/2024 14:05,d,5550100100\r\n"
        + "a0Y5e000000QwE5EAK,3/1/2024 2:05 PM,e,5550100100\r\n"
        + "a0Y5e000000QwE6EAK,07/04/2024 09:30:15,f,5550100100\r\n");
    CsvHistorySource source = CsvHistorySource.open(List.of(f), Path::toString, SmsMagicFieldMap.defaults(),
        new CsvHistorySource.Options(Optional.empty(), ZoneId.of("America/New_York"), StandardCharsets.UTF_8));

    List<Instant> times = readAll(source).stream().map(SmsMagicRecord::messageTime).toList();

    assertThat(times).containsExactly(Instant.parse("2024-03-01T13:05:09Z"), Instant.parse("2024-03-01T19:05:09Z"),
        Instant.parse("2024-03-01T19:05:09Z"), Instant.parse("2024-03-01T19:05:00Z"),
        Instant.parse("2024-03-01T19:05:00Z"), Instant.parse("2024-07-04T13:30:15Z"));
    assertThat(source.zonelessValues()).isEqualTo(4);
    assertThat(source.warnings()).contains("4 date-time(s) in the CSV had no zone and were read in America/New_York"
        + " (from --csv-zone)");
  }

  @Test
  void unreadableRowsAreRejectedNamingFileLineFieldAndValueAndTheRestIsRead() throws Exception {
    Path f = write("bad.csv", HISTORY_HEADER
        // line 2-3: a body with a line break; fine
        + "\"a0X5e000001AbC1EAK\",\"SM-1\",\"2024-03-01T14:05:09.000Z\",\"two\nlines\",\"5550100100\",\"\",\"OUT\",\"\",\"\",\"\",\"\",\"\"\r\n"
        // line 4: not a date
        + "\"a0X5e000001AbC2EAK\",\"SM-2\",\"yesterday\",\"x\",\"5550100100\",\"\",\"OUT\",\"\",\"\",\"\",\"\",\"\"\r\n"
        // line 5: not an Id
        + "\"a0X-bad\",\"SM-3\",\"2024-03-01T14:05:09.000Z\",\"x\",\"5550100100\",\"\",\"OUT\",\"\",\"\",\"\",\"\",\"\"\r\n"
        // line 6: no time at all
        + "\"a0X5e000001AbC4EAK\",\"SM-4\",\"\",\"x\",\"5550100100\",\"\",\"OUT\",\"\",\"\",\"\",\"\",\"\"\r\n"
        // line 7: cut short
        + "\"a0X5e000001AbC5EAK\",\"SM-5\"\r\n"
        // line 8: a sender that is no Id
        + "\"a0X5e000001AbC6EAK\",\"SM-6\",\"2024-03-01T14:05:09.000Z\",\"x\",\"5550100100\",\"\",\"OUT\",\"\",\"Sara\",\"\",\"\",\"\"\r\n"
        // line 9: fine
        + "\"a0X5e000001AbC7EAK\",\"SM-7\",\"2024-03-01T14:05:09.000Z\",\"ok\",\"5550100100\",\"\",\"OUT\",\"\",\"\",\"\",\"\",\"\"\r\n");

    Page page = source(f).read(Query.all(), Optional.empty());

    assertThat(page.records()).extracting(SmsMagicRecord::name).containsExactly("SM-1", "SM-7");
    assertThat(page.rejected()).extracting(r -> r.rawId() + " | " + r.reason()).containsExactly(
        "a0X5e000001AbC2EAK | " + f + " line 4 (Id a0X5e000001AbC2EAK): CREATEDDATE 'yesterday' is not a date-time (yyyy-MM-ddTHH:mm:ss.SSSZ as Data Loader"
            + " exports it, an offset, yyyy-MM-dd HH:mm:ss or M/d/yyyy H:mm); fix or remove the row",
        "a0X-bad | " + f + " line 5 (Id a0X-bad): ID 'a0X-bad' is not a Salesforce record Id (15 or 18 letters/digits); fix or"
            + " remove the row",
        "a0X5e000001AbC4EAK | " + f + " line 6 (Id a0X5e000001AbC4EAK): no message time (SMAGICINTERACT__SENT_ON__C, CREATEDDATE empty);"
            + " fix or remove the row",
        "a0X5e000001AbC5EAK | " + f + " line 7 (Id a0X5e000001AbC5EAK): has 2 field(s), the header has 12 (a broken quote or a cut line?);"
            + " fix or remove the row",
        "a0X5e000001AbC6EAK | " + f + " line 8 (Id a0X5e000001AbC6EAK): SMAGICINTERACT__SENT_BY__C 'Sara' is not a Salesforce User Id; fix"
            + " or remove the row");
    assertThat(page.records().size() + page.rejected().size()).as("every row accounted for").isEqualTo(7);
  }

  @Test
  void largeExportIsReadInPagesOf2000RowsEachRowOnceThenTheNextFile() throws Exception {
    StringBuilder big = new StringBuilder(INCOMING_HEADER);
    for (int i = 0; i < 4500; i++) {
      big.append(String.format("\"a0Y5e00000%05dEAA\",\"I-%d\",\"2024-01-01T00:00:00.000Z\",\"text %d\",\"5550100100\",\"\",\"\"\r\n", i, i, i));
    }
    Path a = write("a.csv", big.toString());
    Path b = write("b.csv", HISTORY_HEADER
        + "\"a0X5e000001AbC7EAK\",\"SM-7\",\"2024-03-01T14:05:09.000Z\",\"ok\",\"5550100100\",\"\",\"OUT\",\"\",\"\",\"\",\"\",\"\"\r\n");
    CsvHistorySource source = CsvHistorySource.open(List.of(a, b), Path::toString, SmsMagicFieldMap.defaults(),
        CsvHistorySource.Options.defaults());

    List<Integer> sizes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      Page p = source.read(Query.all(), cursor);
      sizes.add(p.records().size());
      p.records().forEach(r -> names.add(r.name()));
      cursor = p.next();
    } while (cursor.isPresent());

    assertThat(sizes).as("a page goes on into the next file").containsExactly(2000, 2000, 501);
    assertThat(names).hasSize(4501).doesNotHaveDuplicates();
    assertThat(names.get(4500)).isEqualTo("SM-7");
    assertThat(source.description()).isEqualTo("file: " + a + " (smagicinteract__Incoming_SMS__c), " + b
        + " (smagicinteract__smsMagic__c)");
  }

  @Test
  void aPageAskedForAgainIsReadAgainFromItsCursor() throws Exception {
    StringBuilder big = new StringBuilder(INCOMING_HEADER);
    for (int i = 0; i < 2500; i++) {
      big.append(String.format("\"a0Y5e00000%05dEAA\",\"I-%d\",\"2024-01-01T00:00:00.000Z\",\"t\",\"5550100100\",\"\",\"\"\r\n", i, i));
    }
    CsvHistorySource source = source(write("a.csv", big.toString()));
    Page first = source.read(Query.all(), Optional.empty());
    Page second = source.read(Query.all(), first.next());

    Page secondAgain = source.read(Query.all(), first.next());

    assertThat(second.records().get(0).name()).isEqualTo("I-2000");
    assertThat(secondAgain.records()).isEqualTo(second.records());
    assertThat(secondAgain.next()).isEmpty();
  }

  @Test
  void sinceAndUntilSelectRowsByCreatedDateAndTheRestAreCountedNotRead() throws Exception {
    Path f = write("window.csv", INCOMING_HEADER
        + "\"a0Y5e000000QwE1EAK\",\"I-1\",\"2024-01-31T23:59:59.000Z\",\"before\",\"5550100100\",\"\",\"\"\r\n"
        + "\"a0Y5e000000QwE2EAK\",\"I-2\",\"2024-02-01T00:00:00.000Z\",\"first in\",\"5550100100\",\"\",\"\"\r\n"
        + "\"a0Y5e000000QwE3EAK\",\"I-3\",\"2024-02-29T23:59:59.000Z\",\"last in\",\"5550100100\",\"\",\"\"\r\n"
        + "\"a0Y5e000000QwE4EAK\",\"I-4\",\"2024-03-01T00:00:00.000Z\",\"until is exclusive\",\"5550100100\",\"\",\"\"\r\n");
    CsvHistorySource source = source(f);

    Page p = source.read(new Query(Optional.of(Instant.parse("2024-02-01T00:00:00Z")),
        Optional.of(Instant.parse("2024-03-01T00:00:00Z"))), Optional.empty());

    assertThat(p.records()).extracting(SmsMagicRecord::name).containsExactly("I-2", "I-3");
    assertThat(source.outsideWindow()).isEqualTo(2);
    assertThat(source.warnings()).anyMatch(w -> w.startsWith("2 CSV row(s) outside --since/--until were not read"));
  }

  @Test
  void objectOptionDecidesWhatTheFileHoldsAndUnknownOrAmbiguousObjectsAreRefused() throws Exception {
    String both = "ID,CREATEDDATE,SMAGICINTERACT__SMSTEXT__C,SMAGICINTERACT__SMS_TEXT__C,"
        + "SMAGICINTERACT__PHONENUMBER__C,SMAGICINTERACT__MOBILE_NUMBER__C\r\n"
        + "a0Y5e000000QwE1EAK,2024-01-31T23:59:59.000Z,out body,in body,5550100100,5550100199\r\n";
    Path f = write("both.csv", both);

    assertThatThrownBy(() -> source(f)).hasMessageContaining("an export holds one object: name it with --object"
        + " outgoing|incoming");
    CsvHistorySource incoming = CsvHistorySource.open(List.of(f), Path::toString, SmsMagicFieldMap.defaults(),
        new CsvHistorySource.Options(Optional.of("incoming"), ZoneId.of("UTC"), StandardCharsets.UTF_8));
    assertThat(readAll(incoming)).singleElement().satisfies(r -> {
      assertThat(r.body()).isEqualTo("in body");
      assertThat(r.counterparty()).isEqualTo("5550100199");
    });
    assertThatThrownBy(() -> CsvHistorySource.open(List.of(f), Path::toString, SmsMagicFieldMap.defaults(),
        new CsvHistorySource.Options(Optional.of("sent"), ZoneId.of("UTC"), StandardCharsets.UTF_8)))
        .hasMessage("--object sent is not a configured SMS-Magic object; use outgoing or incoming");
  }

  @Test
  void aConfiguredMatterLookupColumnIsReadAndUnnamedCustomColumnsAreHinted() throws Exception {
    String csv = "ID,CREATEDDATE,SMAGICINTERACT__SMS_TEXT__C,SMAGICINTERACT__MOBILE_NUMBER__C,MATTER__C\r\n"
        + "a0Y5e000000QwE1EAK,2024-01-31T23:59:59.000Z,hi,5550100100,a0L5e000002MaTtEAC\r\n";
    Path f = write("lookup.csv", csv);
    MessageObject d = SmsMagicFieldMap.incomingSms();
    MessageObject named = new MessageObject(d.label(), d.object(), d.body(), d.counterparty(), d.firmNumber(),
        d.directionField(), d.inboundValues(), d.fixedDirection(), d.timeFields(), d.ownerFields(), d.statusFields(),
        Optional.of("Matter__c"), Optional.empty(), d.messageType(), d.nameField());

    CsvHistorySource byDefault = source(f);
    assertThat(readAll(byDefault)).singleElement().satisfies(r -> assertThat(r.matter()).isEmpty());
    assertThat(byDefault.warnings()).containsExactly(f + ": column(s) MATTER__C not read; the org's Matter/Intake"
        + " lookups are found by describe, which a CSV lacks: if one of them is the record's Matter or Intake, name it"
        + " in config smsmagic.objects (incoming.matterLookup / intakeLookup)");

    CsvHistorySource configured = CsvHistorySource.open(List.of(f), Path::toString,
        new SmsMagicFieldMap(List.of(SmsMagicFieldMap.smsHistory(), named)), CsvHistorySource.Options.defaults());
    assertThat(readAll(configured)).singleElement()
        .satisfies(r -> assertThat(r.matter()).contains(SalesforceId.of("a0L5e000002MaTtEAC")));
    assertThat(configured.warnings()).isEmpty();
  }

  @Test
  void anInteractEraRecordSubmittedThenFailedIsReadAsFailedAsFromTheOrg() throws Exception {
    // research15 §2: sentStatus__c keeps its default "Submitted" while deliveryStatus__c says Failed
    Path f = write("statuses.csv", "ID,CREATEDDATE,SMAGICINTERACT__SMSTEXT__C,SMAGICINTERACT__PHONENUMBER__C,"
        + "SMAGICINTERACT__STATUS__C,SMAGICINTERACT__SENTSTATUS__C,SMAGICINTERACT__DELIVERYSTATUS__C\r\n"
        + "a0X5e000001AbCdEAK,2024-03-01T14:05:09.000Z,hi,5550100100,,Submitted,Failed\r\n"
        + "a0X5e000001AbCfEAK,2024-03-01T14:06:09.000Z,hi,5550100100,SUBMITTED,,failed\r\n"
        + "a0X5e000001AbC7EAK,2024-03-01T14:07:09.000Z,hi,5550100100,Delivered,Submitted,\r\n");

    assertThat(readAll(source(f))).extracting(SmsMagicRecord::status).containsExactly("Failed", "failed",
        "Delivered");
  }

  @Test
  void anUpperCasedEighteenCharacterIdKeysTheSameNoteAsTheOrgsAndAWrongChecksumIsOneLine() throws Exception {
    Path f = write("ids.csv", "ID,CREATEDDATE,SMAGICINTERACT__SMSTEXT__C,SMAGICINTERACT__PHONENUMBER__C\r\n"
        + "A1SUV000000ABCD2AA,2024-03-01T14:05:09.000Z,hi,5550100100\r\n"
        + "a1SUV000000abcdZZZ,2024-03-01T14:05:09.000Z,hi,5550100100\r\n");

    Page page = source(f).read(Query.all(), Optional.empty());

    assertThat(page.records()).singleElement().satisfies(r -> assertThat(r.messageId().externalId())
        .isEqualTo("smsmagic_a1SUV000000abcd2AA"));
    assertThat(page.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(f
        + " line 3 (Id a1SUV000000abcdZZZ): ID 'a1SUV000000abcdZZZ' is not a valid 18-character Id (its last 3"
        + " characters are not the checksum of the first 15: export it again); fix or remove the row"));
  }

  @Test
  void zonelessTimesInADaylightSavingGapOrOverlapAreCountedInTheZoneWarningWithTheFirstLine() throws Exception {
    Path f = write("dst.csv", "ID,CREATEDDATE,SMAGICINTERACT__SMS_TEXT__C,SMAGICINTERACT__MOBILE_NUMBER__C\r\n"
        + "a0Y5e000000QwE1EAK,2024-11-02 01:30:00,a,5550100100\r\n"
        + "a0Y5e000000QwE2EAK,11/3/2024 1:30,b,5550100100\r\n" // occurs twice in Chicago
        + "a0Y5e000000QwE3EAK,2024-03-10 02:30:00,c,5550100100\r\n" // does not occur in Chicago
        + "a0Y5e000000QwE4EAK,2024-11-03T01:30:00-06:00,d,5550100100\r\n"); // an offset: exact
    CsvHistorySource source = CsvHistorySource.open(List.of(f), Path::toString, SmsMagicFieldMap.defaults(),
        new CsvHistorySource.Options(Optional.empty(), ZoneId.of("America/Chicago"), StandardCharsets.UTF_8));

    assertThat(readAll(source)).hasSize(4);
    assertThat(source.warnings()).singleElement().asString()
        .startsWith("3 date-time(s) in the CSV had no zone and were read in America/Chicago")
        .contains("; 2 of them fall in a daylight-saving change of that zone")
        .endsWith("the first is " + f + " line 3");
  }

  @Test
  void aMissingFileIsOneLineNamingTheOption() {
    Path f = dir.resolve("nope.csv");
    assertThatThrownBy(() -> source(f)).hasMessage(f + ": no such file; check the path given to --from-csv");
  }

  private CsvHistorySource source(Path f) {
    return CsvHistorySource.open(List.of(f), Path::toString, SmsMagicFieldMap.defaults(),
        CsvHistorySource.Options.defaults());
  }

  private static List<SmsMagicRecord> readAll(CsvHistorySource source) {
    List<SmsMagicRecord> all = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      Page p = source.read(Query.all(), cursor);
      assertThat(p.rejected()).isEmpty();
      all.addAll(p.records());
      cursor = p.next();
    } while (cursor.isPresent());
    return all;
  }

  private Path write(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }
}

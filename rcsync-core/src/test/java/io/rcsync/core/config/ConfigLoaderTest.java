package io.rcsync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.StaffMember;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String SEED = """
      {
        "activeWave": "wave1_intake",
        "waves": {
          "wave1_intake": [
            { "name": "Alyssia", "extensionId": "376557052", "extensionNumber": "104", "sfUserId": "005UV0000012345AAA" },
            { "name": "Sam", "extensionId": 115, "sfUserId": "005UV0000012346AAA" }
          ],
          "wave4": [
            { "name": "Sara Collins", "extensionId": null, "sfUserId": "005UV0000067890AAA" }
          ]
        },
        "phoneFields": ["Matter_Phone__c", "Client_Phone__c", "litify_pm__Phone__c", "Phone_10_Digit__c"],
        "intakerFilter": { "bodyPrefixRegex": "^(Intaker|New lead from Intaker)" },
        "topicMap": { "Outbound": "Text message sent", "Inbound": "Text message received" },
        "pollWindows": { "hot": { "intervalMinutes": 5, "lookbackMinutes": 30 } },
        "testRecordIds": { "account": "001UV00000kZGyjYAG", "intake": "a0CUV00006LMO7s2AH", "matter": "a0LUV00000G5NHJ2A3" },
        "salesforce": { "targetOrg": "LITIFY_ORG" },
        "ringcentral": { "credentialsFile": ".credentials/rc-credentials.json" }
      }
      """;

  @Test
  void readsTheSeedToolsConfigFileUnchanged() {
    SyncConfig c = ConfigLoader.parse("sync-config.json", SEED);
    assertThat(c.activeWave()).isEqualTo("wave1_intake");
    assertThat(c.roster().wave("wave1_intake").members()).extracting(StaffMember::name).containsExactly("Alyssia", "Sam");
    assertThat(c.roster().wave("wave1_intake").members().get(1).extensionId()).contains(ExtensionId.of("115"));
    assertThat(c.hotWindow().lookback()).isEqualTo(Duration.ofMinutes(30));
    assertThat(ConfigLoader.parseFile("sync-config.json", SEED).salesforce().targetOrg()).contains("LITIFY_ORG");
    assertThat(c.schema().noteObject()).isEqualTo("litify_pm__lit_Note__c");
    assertThat(c.intakerFilter().matches("New lead from Intaker: Jane")).isTrue();
    assertThat(c.topicMap().inbound()).isEqualTo("Text message received");
  }

  @Test
  void flagsStaffWithoutAnExtensionInsteadOfFailing() {
    SyncConfig c = ConfigLoader.parse("sync-config.json", SEED);
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("Sara Collins").contains("no RingCentral extension"));
  }

  @Test
  void rejectsAnUnknownKeyNamingItAndSuggestingTheRightOne() {
    String typo = SEED.replace("\"extensionNumber\": \"104\"", "\"extensonNumber\": \"104\"");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", typo))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cfg.json: waves.wave1_intake[0].extensonNumber: unknown key — did you mean 'extensionNumber'?");
  }

  @Test
  void rejectsAnUnknownTopLevelKey() {
    String typo = SEED.replace("\"topicMap\"", "\"topicmapp\"");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", typo)).hasMessageContaining("cfg.json: topicmapp: unknown key");
  }

  @Test
  void namesAMissingRequiredKey() {
    String missing = SEED.replace("\"activeWave\": \"wave1_intake\",", "");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", missing))
        .hasMessage("cfg.json: activeWave: required key is missing");
  }

  @Test
  void rejectsAnActiveWaveThatIsNotDefined() {
    String bad = SEED.replace("\"activeWave\": \"wave1_intake\"", "\"activeWave\": \"wave2_case_managers\"");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", bad))
        .hasMessageContaining("activeWave: unknown wave 'wave2_case_managers'")
        .hasMessageContaining("wave1_intake, wave4");
  }

  @Test
  void rejectsABadRegexWithItsPosition() {
    String bad = SEED.replace("^(Intaker|New lead from Intaker)", "^(Intaker");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", bad))
        .hasMessageStartingWith("cfg.json: intakerFilter.bodyPrefixRegex: invalid regular expression '^(Intaker'");
  }

  @Test
  void rejectsNonUserOwnerIds() {
    String bad = SEED.replace("005UV0000012345AAA", "a0LUV00000G5NHJ2A3");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", bad))
        .hasMessageContaining("waves.wave1_intake[0].sfUserId")
        .hasMessageContaining("Alyssia")
        .hasMessageContaining("start with 005");
  }

  @Test
  void rejectsFieldNamesThatCouldInjectSoql() {
    String bad = SEED.replace("\"Phone_10_Digit__c\"]", "\"Phone__c OR Id != null\"]");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", bad))
        .hasMessageContaining("phoneFields[3]")
        .hasMessageContaining("not a Salesforce API name");
  }

  @Test
  void everyPhoneFieldIsSearchedWithLikeUnlessExactPhoneFieldsSaysOtherwise() {
    SyncConfig seed = ConfigLoader.parse("cfg.json", SEED);
    String exact = SEED.replace("\"intakerFilter\"", "\"exactPhoneFields\": [\"Phone_10_Digit__c\"],\n  \"intakerFilter\"");

    SyncConfig c = ConfigLoader.parse("cfg.json", exact);

    assertThat(seed.schema().exactPhoneFields()).isEmpty();
    assertThat(c.schema().exactPhoneFields()).containsExactly("Phone_10_Digit__c");
    assertThat(c.schema().phoneFields()).hasSize(4);
    assertThat(c.schema().isExactPhoneField("phone_10_digit__c")).isTrue();
    assertThat(c.schema().isExactPhoneField("Matter_Phone__c")).isFalse();
  }

  @Test
  void exactPhoneFieldsWorkWithTheDefaultPhoneFields() {
    String exact = SEED.replace("\"phoneFields\": [\"Matter_Phone__c\", \"Client_Phone__c\", \"litify_pm__Phone__c\", "
        + "\"Phone_10_Digit__c\"]", "\"exactPhoneFields\": [\"Phone_10_Digit__c\"]");

    SyncConfig c = ConfigLoader.parse("cfg.json", exact);

    assertThat(c.schema().phoneFields()).containsExactlyElementsOf(io.rcsync.core.domain.LitifySchema.DEFAULT_PHONE_FIELDS);
    assertThat(c.schema().exactPhoneFields()).containsExactly("Phone_10_Digit__c");
  }

  @Test
  void anExactPhoneFieldThatIsNotAPhoneFieldIsOneLineNamingItAndTheFix() {
    String bad = SEED.replace("\"intakerFilter\"", "\"exactPhoneFields\": [\"Phone_10_Digit__c\", \"Mobile_10__c\"],\n  \"intakerFilter\"");

    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", bad))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cfg.json: exactPhoneFields[1]: 'Mobile_10__c' is not in phoneFields")
        .hasMessageContaining("add it to phoneFields too")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void anExactPhoneFieldMustBeAnApiNameInAList() {
    String injected = SEED.replace("\"intakerFilter\"", "\"exactPhoneFields\": [\"Phone__c OR Id != null\"],\n  \"intakerFilter\"");
    String notAList = SEED.replace("\"intakerFilter\"", "\"exactPhoneFields\": \"Phone_10_Digit__c\",\n  \"intakerFilter\"");

    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", injected))
        .hasMessageContaining("exactPhoneFields[0]").hasMessageContaining("not a Salesforce API name");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", notAList)).hasMessageContaining("exactPhoneFields");
  }

  @Test
  void rejectsTheSameExtensionGivenToTwoPeople() {
    String bad = SEED.replace("\"extensionId\": 115", "\"extensionId\": \"376557052\"");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", bad)).hasMessageContaining("given to both Alyssia and Sam");
  }

  @Test
  void reportsInvalidJsonWithLineAndColumn() {
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", "{\n \"activeWave\": ,\n}"))
        .hasMessage("cfg.json is not valid JSON at line 2, column 16: found , where a value was expected");
  }

  @Test
  void aTruncatedFileSaysWhereItEndsInPlainWordsWithoutJacksonInternals() {
    assertThatThrownBy(() -> ConfigLoader.parse("config/sync-config.json", "{\n"))
        .hasMessage("config/sync-config.json is not valid JSON at line 2, column 1: the file ends before the closing }");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", "{\"a\": [1,2"))
        .hasMessageEndingWith("the file ends before the closing ]")
        .hasMessageNotContaining("Source").hasMessageNotContaining("REDACTED");
  }

  @Test
  void commonJsonSlipsAreNamedPlainly() {
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", "{\"a\": 1,}"))
        .hasMessage("cfg.json is not valid JSON at line 1, column 9: found } where a key in double quotes was expected"
            + " (remove the comma before })");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", "{\"a\": yes}"))
        .hasMessageContaining("'yes' is not a JSON value");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", "{activeWave: 1}"))
        .hasMessageContaining("found a where a key in double quotes was expected");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", "{\"a\": \"x"))
        .hasMessageContaining("the file ends inside a quoted text");
  }

  @Test
  void overridesObjectAndFieldNames() {
    String custom = SEED.replace("\"salesforce\": { \"targetOrg\": \"LITIFY_ORG\" }",
        "\"salesforce\": { \"targetOrg\": \"LITIFY_ORG\", \"apiVersion\": \"61.0\", "
            + "\"note\": { \"messageTimeField\": \"RC_Message_Time__c\" }, \"matter\": { \"closedValues\": [\"Closed\", \"Archived\"] } }");
    ConfigFile f = ConfigLoader.parseFile("cfg.json", custom);
    SyncConfig c = f.sync();
    assertThat(c.schema().messageTimeField()).contains("RC_Message_Time__c");
    assertThat(c.schema().matterClosedValues()).containsExactlyInAnyOrder("Closed", "Archived");
    assertThat(f.salesforce().apiVersion()).isEqualTo("v61.0");
  }

  @Test
  void readsTheCounterpartyFieldWhichIsOptional() {
    assertThat(ConfigLoader.parse("cfg.json", SEED).schema().counterpartyField()).isEmpty();
    String set = withSalesforce(", \"note\": { \"messageTimeField\": \"Message_Time__c\", "
        + "\"counterpartyField\": \"RcSync_Counterparty__c\" }");

    assertThat(ConfigLoader.parse("cfg.json", set).schema().counterpartyField()).contains("RcSync_Counterparty__c");
    assertThat(ConfigLoader.parse("cfg.json", set).schema().messageTimeField()).contains("Message_Time__c");
  }

  @Test
  void aCounterpartyFieldThatIsAnotherNoteFieldOrNoApiNameIsOneLineNamingTheKey() {
    String same = withSalesforce(", \"note\": { \"messageTimeField\": \"Message_Time__c\", "
        + "\"counterpartyField\": \"message_time__c\" }");
    String bad = withSalesforce(", \"note\": { \"counterpartyField\": \"Counterparty Phone\" }");

    assertThatThrownBy(() -> ConfigLoader.parse("c.json", same)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("c.json: salesforce.note.counterpartyField:")
        .hasMessageContaining("already another salesforce.note field").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> ConfigLoader.parse("c.json", bad)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("counterpartyField").hasMessageNotContaining("\n");
  }

  private static String withSalesforce(String extra) {
    return SEED.replace("\"salesforce\": { \"targetOrg\": \"LITIFY_ORG\" }",
        "\"salesforce\": { \"targetOrg\": \"LITIFY_ORG\"" + extra + " }");
  }

  @Test
  void overlapIsOnByDefaultAndSyncOverlapFalseTurnsItOff() {
    assertThat(ConfigLoader.parseFile("cfg.json", SEED).sync().overlap()).isTrue();
    assertThat(ConfigLoader.parseFile("cfg.json", SEED).sync().toSettings().overlap()).isTrue();
    String off = SEED.replaceFirst("\\{", "{ \"sync\": { \"overlap\": false },");
    assertThat(ConfigLoader.parseFile("cfg.json", off).sync().overlap()).isFalse();
    assertThat(ConfigLoader.parseFile("cfg.json", off).sync().toSettings().overlapPages()).isZero();
  }

  @Test
  void writeLanesDefaultToFourAndSyncWriteLanesSetsThem() {
    assertThat(ConfigLoader.parseFile("cfg.json", SEED).sync().writeLanes())
        .isEqualTo(io.rcsync.core.service.SyncSettings.DEFAULT_WRITE_LANES).isEqualTo(4);
    String one = SEED.replaceFirst("\\{", "{ \"sync\": { \"writeLanes\": 1 },");
    assertThat(ConfigLoader.parseFile("cfg.json", one).sync().writeLanes()).isEqualTo(1);
    assertThat(ConfigLoader.parseFile("cfg.json", one).sync().toSettings().writeLanes()).isEqualTo(1);
    String eight = SEED.replaceFirst("\\{", "{ \"sync\": { \"overlap\": false, \"writeLanes\": 8 },");
    assertThat(ConfigLoader.parseFile("cfg.json", eight).sync().toSettings().writeLanes()).isEqualTo(8);
  }

  @Test
  void rejectsWriteLanesOutsideOneToEightWithOneLineNamingTheKey() {
    for (String bad : java.util.List.of("0", "9", "2.5", "\"4\"", "-1", "true")) {
      String text = SEED.replaceFirst("\\{", "{ \"sync\": { \"writeLanes\": " + bad + " },");
      assertThatThrownBy(() -> ConfigLoader.parseFile("c.json", text)).as(bad)
          .isInstanceOf(ConfigException.class).hasMessageStartingWith("c.json: sync.writeLanes:")
          .hasMessageContaining("from 1 to 8").hasMessageNotContaining("\n");
    }
  }

  @Test
  void rejectsANonBooleanOrUnknownSyncKeyWithOneLineNamingTheKey() {
    String text = SEED.replaceFirst("\\{", "{ \"sync\": { \"overlap\": \"yes\" },");
    assertThatThrownBy(() -> ConfigLoader.parseFile("c.json", text))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("c.json: sync.overlap:")
        .hasMessageContaining("true or false").hasMessageNotContaining("\n");
    String typo = SEED.replaceFirst("\\{", "{ \"sync\": { \"overlaps\": false },");
    assertThatThrownBy(() -> ConfigLoader.parseFile("c.json", typo))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sync.overlaps");
  }

  @Test
  void compositeBatchingIsOnByDefaultAndCanBeTurnedOff() {
    assertThat(ConfigLoader.parseFile("cfg.json", SEED).salesforce().compositeBatching()).isTrue();
    assertThat(ConfigLoader.parseFile("cfg.json", withSalesforce(", \"compositeBatching\": true")).salesforce()
        .compositeBatching()).isTrue();
    ConfigFile off = ConfigLoader.parseFile("cfg.json", withSalesforce(", \"compositeBatching\": false"));
    assertThat(off.salesforce().compositeBatching()).isFalse();
    assertThat(off.salesforce().targetOrg()).contains("LITIFY_ORG");
  }

  @Test
  void rejectsANonBooleanCompositeBatchingWithOneLineNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.parseFile("c.json", withSalesforce(", \"compositeBatching\": \"no\"")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("c.json: salesforce.compositeBatching:")
        .hasMessageContaining("true or false").hasMessageContaining("\"no\"").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> ConfigLoader.parseFile("c.json", withSalesforce(", \"compositeBatch\": false")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("salesforce.compositeBatch");
  }

  @Test
  void apiReservePercentDefaultsToTenAndAcceptsZeroToNinety() {
    assertThat(ConfigLoader.parseFile("cfg.json", SEED).salesforce().apiReservePercent()).isEqualTo(10);
    assertThat(ConfigLoader.parseFile("cfg.json", withSalesforce(", \"apiReservePercent\": 0")).salesforce()
        .apiReservePercent()).isZero();
    assertThat(ConfigLoader.parseFile("cfg.json", withSalesforce(", \"apiReservePercent\": 90")).salesforce()
        .apiReservePercent()).isEqualTo(90);
  }

  @Test
  void rejectsAnApiReservePercentOutsideZeroToNinetyWithOneLineNamingTheKey() {
    for (String bad : new String[] {"91", "-1", "12.5", "\"10%\"", "true"}) {
      assertThatThrownBy(() -> ConfigLoader.parseFile("c.json", withSalesforce(", \"apiReservePercent\": " + bad)))
          .as(bad).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("c.json: salesforce.apiReservePercent: must be a whole number from 0 to 90, got ")
          .hasMessageContaining(bad).hasMessageNotContaining("\n");
    }
  }

  @Test
  void namesTheFileWhenItDoesNotExist(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> ConfigLoader.load(missing)).hasMessageContaining("nope.json").hasMessageContaining("--config");
  }

  @Test
  void loadsFromDisk(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sync-config.json");
    Files.writeString(file, SEED);
    assertThat(ConfigLoader.load(file).source()).isEqualTo(file.toString());
  }

  @Test
  void bindsTheConnectionSectionsBesideCoresSettings() {
    String withServer = SEED.replace("\"ringcentral\": { \"credentialsFile\": \".credentials/rc-credentials.json\" }",
        "\"ringcentral\": { \"credentialsFile\": \"secrets/rc.json\", \"server\": \"https://platform.devtest.ringcentral.com\" }");
    ConfigFile f = ConfigLoader.parseFile("cfg.json", withServer);

    assertThat(f.ringCentral().credentialsFile()).isEqualTo("secrets/rc.json");
    assertThat(f.ringCentral().server()).contains("https://platform.devtest.ringcentral.com");
    assertThat(f.salesforce().apiVersion()).isEqualTo(ConfigFile.SalesforceSection.DEFAULT_API_VERSION);
    assertThat(f.sync().activeWave()).isEqualTo("wave1_intake");
  }

  @Test
  void connectionSectionsHaveDefaultsWhenTheFileOmitsThem() {
    String bare = SEED.replace(",\n  \"salesforce\": { \"targetOrg\": \"LITIFY_ORG\" },\n  \"ringcentral\": { \"credentialsFile\": \".credentials/rc-credentials.json\" }", "");
    ConfigFile f = ConfigLoader.parseFile("cfg.json", bare);

    assertThat(bare).doesNotContain("ringcentral");
    assertThat(f.salesforce()).isEqualTo(ConfigFile.SalesforceSection.defaults());
    assertThat(f.ringCentral()).isEqualTo(ConfigFile.RingCentralSection.defaults());
  }

  @Test
  void rejectsABadServerWithTheSameMessageAsBefore() {
    String bad = SEED.replace("\"credentialsFile\": \".credentials/rc-credentials.json\"",
        "\"credentialsFile\": \"x.json\", \"server\": \"platform.ringcentral.com\"");
    assertThatThrownBy(() -> ConfigLoader.parseFile("cfg.json", bad)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("ringcentral.server").hasMessageContaining("'platform.ringcentral.com' is not an http(s) URL");
  }

  @Test
  void readsAFileNamingItAsShown(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sync-config.json");
    Files.writeString(file, SEED);

    assertThat(ConfigLoader.read(file, "config/sync-config.json").sync().source()).isEqualTo("config/sync-config.json");
    assertThatThrownBy(() -> ConfigLoader.read(dir.resolve("nope.json"), "config/nope.json"))
        .hasMessageContaining("config/nope.json")
        .hasMessageContaining("file not found; run `rcsync init --target-org ALIAS` to create it, or pass --config PATH");
  }

  @Test
  void theFailedTopicAndTheLateMatchRetryDefaultWhenTheFileOmitsThem() {
    SyncConfig c = ConfigLoader.parse("sync-config.json", SEED);
    assertThat(c.topicMap().failed()).isEqualTo("Text message failed");
    assertThat(c.unmatchedRetryDays()).isEqualTo(30);
    assertThat(c.toSettings().unmatchedRetry()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void readsTopicMapFailedAndUnmatchedRetryDays() {
    String cfg = SEED.replace("\"Inbound\": \"Text message received\" }",
        "\"Inbound\": \"Text message received\", \"Failed\": \"Text not delivered\" }, \"unmatchedRetryDays\": 7");
    SyncConfig c = ConfigLoader.parse("sync-config.json", cfg);
    assertThat(c.topicMap().failed()).isEqualTo("Text not delivered");
    assertThat(c.toSettings().unmatchedRetry()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void rejectsANegativeUnmatchedRetryDaysNamingTheKey() {
    String cfg = SEED.replace("\"activeWave\": \"wave1_intake\",", "\"activeWave\": \"wave1_intake\", \"unmatchedRetryDays\": -1,");
    assertThatThrownBy(() -> ConfigLoader.parse("cfg.json", cfg)).hasMessageContaining("cfg.json: unmatchedRetryDays:")
        .hasMessageContaining("-1");
  }

  private static String withAttachments(String json) {
    return SEED.replace("\"activeWave\": \"wave1_intake\",", "\"activeWave\": \"wave1_intake\", \"attachments\": " + json + ",");
  }

  @Test
  void attachmentsAreOnWithA25MegabyteLimitAndEveryContentTypeWhenTheFileOmitsThem() {
    io.rcsync.core.domain.AttachmentPolicy a = ConfigLoader.parse("sync-config.json", SEED).attachments();
    assertThat(a.enabled()).isTrue();
    assertThat(a.maxBytes()).isEqualTo(26_214_400L);
    assertThat(a.contentTypes()).containsExactly("*/*");
    assertThat(a.allowsType("application/zip")).isTrue();
    assertThat(a.allowsType(null)).isTrue();
  }

  @Test
  void aContentTypeWithParametersIsAcceptedWithoutThemAndANonStringNamesWhatItGot() {
    var a = ConfigLoader.parse("c.json", withAttachments("{ \"contentTypes\": [\"IMAGE/JPEG; charset=x\"] }"))
        .attachments();
    assertThat(a.contentTypes()).containsExactly("image/jpeg");
    assertThat(a.allowsType("image/jpeg; name=a.jpg")).isTrue();
    assertThatThrownBy(() -> ConfigLoader.parse("c.json", withAttachments("{ \"contentTypes\": [5] }")))
        .hasMessageStartingWith("c.json: attachments.contentTypes[0]:").hasMessageContaining("got 5");
  }

  @Test
  void readsAttachmentsEnabledMaxBytesAndContentTypesEachOptional() {
    var a = ConfigLoader.parse("c.json", withAttachments(
        "{ \"enabled\": false, \"maxBytes\": 5000000, \"contentTypes\": [\"image/*\", \"Application/PDF\"] }"))
        .attachments();
    assertThat(a.enabled()).isFalse();
    assertThat(a.maxBytes()).isEqualTo(5_000_000L);
    assertThat(a.contentTypes()).containsExactly("image/*", "application/pdf");
    assertThat(a.allowsType("image/jpeg")).isTrue();
    assertThat(a.allowsType("application/pdf; name=report.pdf")).isTrue();
    assertThat(a.allowsType("video/mp4")).isFalse();
    assertThat(a.allowsType(null)).as("an unknown type matches only */*").isFalse();
    assertThat(a.allowsSize(5_000_000L)).isTrue();
    assertThat(a.allowsSize(5_000_001L)).isFalse();

    var onlyLimit = ConfigLoader.parse("c.json", withAttachments("{ \"maxBytes\": 1048576 }")).attachments();
    assertThat(onlyLimit.enabled()).isTrue();
    assertThat(onlyLimit.contentTypes()).containsExactly("*/*");
  }

  @Test
  void rejectsABadAttachmentsValueWithOneLineNamingTheKeyAndWhatToDo() {
    assertThatThrownBy(() -> ConfigLoader.parse("c.json", withAttachments("{ \"enabled\": \"yes\" }")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("c.json: attachments.enabled:")
        .hasMessageContaining("true or false");
    assertThatThrownBy(() -> ConfigLoader.parse("c.json", withAttachments("{ \"maxBytes\": 0 }")))
        .hasMessageStartingWith("c.json: attachments.maxBytes:").hasMessageContaining("from 1 to 2147483648");
    assertThatThrownBy(() -> ConfigLoader.parse("c.json", withAttachments("{ \"maxBytes\": \"25MB\" }")))
        .hasMessageStartingWith("c.json: attachments.maxBytes:").hasMessageContaining("26214400");
    assertThatThrownBy(() -> ConfigLoader.parse("c.json", withAttachments("{ \"maxBytes\": 3000000000 }")))
        .hasMessageStartingWith("c.json: attachments.maxBytes:");
    assertThatThrownBy(() -> ConfigLoader.parse("c.json", withAttachments("{ \"contentTypes\": [] }")))
        .hasMessageStartingWith("c.json: attachments.contentTypes:").hasMessageContaining("attachments.enabled to false");
    assertThatThrownBy(() -> ConfigLoader.parse("c.json", withAttachments("{ \"contentTypes\": [\"image/*\", \"pdf\"] }")))
        .hasMessageStartingWith("c.json: attachments.contentTypes[1]:").hasMessageContaining("'pdf'");
    assertThatThrownBy(() -> ConfigLoader.parse("c.json", withAttachments("{ \"maxByte\": 10 }")))
        .hasMessageStartingWith("c.json: attachments.maxByte:").hasMessageContaining("did you mean 'maxBytes'");
    assertThatThrownBy(() -> ConfigLoader.parse("c.json", withAttachments("true")))
        .hasMessageStartingWith("c.json: attachments:").hasMessageContaining("JSON object");
  }

  @Test
  void fileLinksAreForInternalUsersUnlessAttachmentsVisibilityWidensThem() {
    assertThat(ConfigLoader.parseFile("c.json", withAttachments("{ \"maxBytes\": 10 }")).salesforce().fileVisibility())
        .isEqualTo("InternalUsers");
    assertThat(ConfigLoader.parseFile("c.json", withAttachments("{ \"visibility\": \"AllUsers\" }")).salesforce()
        .fileVisibility()).isEqualTo("AllUsers");
    assertThat(ConfigLoader.parseFile("c.json", withAttachments("{ \"visibility\": \"InternalUsers\" }"))
        .salesforce().fileVisibility()).isEqualTo("InternalUsers");
    assertThatThrownBy(() -> ConfigLoader.parseFile("c.json", withAttachments("{ \"visibility\": \"SharedUsers\" }")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("c.json: attachments.visibility:")
        .hasMessageContaining("\"InternalUsers\"").hasMessageContaining("\"AllUsers\"").hasMessageContaining("SharedUsers")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> ConfigLoader.parseFile("c.json", withAttachments("{ \"visibility\": true }")))
        .hasMessageStartingWith("c.json: attachments.visibility:");
  }
}

package io.rcsync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TopicMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigWriterTest {
  private static final List<StaffMember> STAFF = List.of(
      new StaffMember("Alyssia Grant", Optional.of(ExtensionId.of("376557052")), Optional.of("104"),
          Optional.of(SalesforceId.of("005UV0000012345AAA"))),
      new StaffMember("Dana Whitfield", Optional.of(ExtensionId.of("376559001")), Optional.of("301"),
          Optional.empty()));

  @Test
  void theWrittenConfigLoadsBackWithTheWaveActiveAndTheLitifyDefaults() {
    String json = ConfigWriter.initialConfig("wave1", STAFF, Optional.of("LITIFY_ORG"), ".credentials/rc.json");

    ConfigFile file = ConfigLoader.parseFile("config/sync-config.json", json);

    assertThat(file.sync().activeWave()).isEqualTo("wave1");
    assertThat(file.sync().roster().wave("wave1").members()).containsExactlyElementsOf(STAFF);
    assertThat(file.sync().schema()).isEqualTo(LitifySchema.defaults());
    assertThat(file.sync().topicMap()).isEqualTo(TopicMap.defaults());
    assertThat(file.salesforce().targetOrg()).contains("LITIFY_ORG");
    assertThat(file.ringCentral().credentialsFile()).isEqualTo(".credentials/rc.json");
    assertThat(file.sync().warnings()).as("only the member without a Salesforce user is flagged")
        .singleElement().asString().contains("Dana Whitfield").contains("no sfUserId");
    assertThat(json).contains("\"sfUserId\" : null").endsWith("}\n");
  }

  @Test
  void withoutAnOrgAliasTheSalesforceSectionNamesNone() {
    String json = ConfigWriter.initialConfig("wave1", STAFF.subList(0, 1), Optional.empty(), ".credentials/rc.json");

    ConfigFile file = ConfigLoader.parseFile("x", json);

    assertThat(file.salesforce().targetOrg()).isEmpty();
    assertThat(file.sync().warnings()).isEmpty();
  }

  @Test
  void anEmptyRosterStillLoads() {
    String json = ConfigWriter.initialConfig("wave1", List.of(), Optional.empty(), ".credentials/rc.json");

    assertThat(ConfigLoader.parseFile("x", json).sync().roster().wave("wave1").members()).isEmpty();
  }

  @Test
  void aBlankWaveNameIsRefused() {
    assertThatThrownBy(() -> ConfigWriter.initialConfig(" ", STAFF, Optional.empty(), "c"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesNoCounterpartyOrMessageTimeFieldSinceAStandardLitifyOrgHasNeither() {
    String json = ConfigWriter.initialConfig("wave1", STAFF, Optional.of("LITIFY_ORG"), ".credentials/rc.json");

    assertThat(json).doesNotContain("counterpartyField", "messageTimeField");
    assertThat(ConfigLoader.parseFile("c.json", json).sync().schema().counterpartyField()).isEmpty();
  }

  @Test
  void theTimeZoneAndMessageTimeFieldAreWrittenWhenKnown() {
    String json = ConfigWriter.initialConfig("wave1", STAFF, Optional.empty(), "c", Optional.of("Message_Time__c"),
        Optional.of(java.time.ZoneId.of("America/Chicago")));

    ConfigFile file = ConfigLoader.parseFile("x", json);

    assertThat(file.sync().timeZone()).contains(java.time.ZoneId.of("America/Chicago"));
    assertThat(file.sync().schema().messageTimeField()).contains("Message_Time__c");
  }

  @Test
  void replacingAWaveKeepsAHandSetSfUserIdOverInitsOtherMatchAndARowAddedByHandForADisabledExtension() {
    SalesforceId handSet = SalesforceId.of("005UV0000099999AAA");
    String existing = """
        {"activeWave": "wave2", "timeZone": "Europe/London",
         "waves": {"wave1": [
           {"name": "Alyssia G.", "extensionId": "376557052", "extensionNumber": "104", "sfUserId": "%s"},
           {"name": "Brenda Sykes", "extensionId": "376550199", "extensionNumber": "199", "sfUserId": null},
           {"name": "Left Firm", "extensionId": "376550001", "sfUserId": null}],
          "wave2": [{"name": "Other", "extensionId": "1", "sfUserId": null}]}}
        """.formatted(handSet.value());

    ConfigWriter.Merged m = ConfigWriter.replaceWave(existing, "wave1", STAFF, List.of(ExtensionId.of("376550199")),
        Optional.of("firm"), Optional.of("Message_Time__c"), Optional.of(java.time.ZoneId.of("America/Chicago")));
    ConfigFile file = ConfigLoader.parseFile("x", m.json());

    assertThat(m.added()).containsExactly("Dana Whitfield");
    assertThat(m.kept()).containsExactly("Alyssia Grant");
    assertThat(m.keptByHand()).containsExactly("Brenda Sykes");
    assertThat(m.removed()).containsExactly("Left Firm");
    assertThat(m.sfUserIdsKept()).singleElement().asString().contains("kept sfUserId " + handSet.value())
        .contains("init matched 005UV0000012345AAA; check which is right");
    assertThat(file.sync().activeWave()).as("the operator's activeWave stays").isEqualTo("wave2");
    assertThat(file.sync().timeZone()).as("a hand-set zone wins").contains(java.time.ZoneId.of("Europe/London"));
    assertThat(file.sync().schema().messageTimeField()).as("added, the file had none").contains("Message_Time__c");
    assertThat(file.salesforce().targetOrg()).contains("firm");
    assertThat(file.sync().roster().wave("wave1").members()).extracting(StaffMember::name)
        .containsExactly("Alyssia Grant", "Dana Whitfield", "Brenda Sykes");
    assertThat(file.sync().roster().wave("wave1").members().get(0).sfUserId()).contains(handSet);
    assertThat(file.sync().roster().wave("wave2").members()).extracting(StaffMember::name).containsExactly("Other");
  }

  @Test
  void replacingAWaveInAFileThatIsNotAJsonObjectIsRefusedWithTheReason() {
    assertThatThrownBy(() -> ConfigWriter.replaceWave("[1]", "wave1", STAFF, List.of(), Optional.empty(),
        Optional.empty(), Optional.empty())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object");
  }
}

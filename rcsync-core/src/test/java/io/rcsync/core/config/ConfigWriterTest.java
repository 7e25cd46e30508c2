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
}

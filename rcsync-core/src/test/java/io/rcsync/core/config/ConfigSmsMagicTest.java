package io.rcsync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 15: the config's {@code smsmagic} section; every bad value is one line naming the key and the fix. */
class ConfigSmsMagicTest {
  private static final String BASE = """
      {
        "activeWave": "w1",
        "waves": { "w1": [ { "name": "Alyssia", "extensionId": "376557052", "sfUserId": "005UV0000012345AAA" } ] }
        %s
      }
      """;

  private static SmsMagicSettings read(String section) {
    return ConfigLoader.parse("c.json", BASE.formatted(", \"smsmagic\": " + section)).smsmagic();
  }

  private static void refused(String section, String key, String hint) {
    assertThatThrownBy(() -> read(section)).as(section).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("c.json: " + key + ":").hasMessageContaining(hint).hasMessageNotContaining("\n");
  }

  @Test
  void withoutTheSectionEveryDefaultHoldsAndNoDefaultOwnerIsSet() {
    SmsMagicSettings s = ConfigLoader.parse("c.json", BASE.formatted("")).smsmagic();
    assertThat(s).isEqualTo(SmsMagicSettings.defaults());
    assertThat(s.defaultOwner()).isEmpty();
    assertThat(s.dedupWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.failedStatuses()).containsExactlyInAnyOrder("FAILED", "ERROR", "UNDELIVERED");
    assertThat(s.queryBatchSize()).isEqualTo(2000);
    assertThat(s.csvZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(s.fields()).isEqualTo(SmsMagicFieldMap.defaults());
  }

  @Test
  void readsEveryKey() {
    SmsMagicSettings s = read("""
        { "defaultOwner": "005UV0000099999AAA", "dedupWindowMinutes": 0, "failedStatuses": ["failed", "Bounced"],
          "queryBatchSize": 200, "csvZone": "America/Kentucky/Louisville" }""");
    assertThat(s.defaultOwner()).contains(SalesforceId.of("005UV0000099999AAA"));
    assertThat(s.dedupWindow()).isZero();
    assertThat(s.isFailed("FAILED")).isTrue();
    assertThat(s.isFailed(" bounced ")).as("case-insensitive").isTrue();
    assertThat(s.isFailed("ERROR")).as("the list replaces the default").isFalse();
    assertThat(s.queryBatchSize()).isEqualTo(200);
    assertThat(s.csvZone()).isEqualTo(ZoneId.of("America/Kentucky/Louisville"));
  }

  @Test
  void objectsOverrideNamesKeyByKeyAndNullOrEmptyMeansNone() {
    SmsMagicSettings s = read("""
        { "objects": { "outgoing": { "object": "smagicinteract__smsMagic__c", "timeFields": ["CreatedDate"],
                                     "directionField": null, "matterLookup": "Matter__c", "intakeLookup": "" },
                       "incoming": { "fixedDirection": "inbound", "ownerFields": ["smagicinteract__User__c"] } } }""");
    SmsMagicFieldMap.MessageObject out = s.fields().objects().get(0);
    assertThat(out.timeFields()).containsExactly("CreatedDate");
    assertThat(out.directionField()).isEmpty();
    assertThat(out.matterLookup()).contains("Matter__c");
    assertThat(out.intakeLookup()).isEmpty();
    assertThat(out.body()).as("not named: the default").isEqualTo(SmsMagicFieldMap.smsHistory().body());
    SmsMagicFieldMap.MessageObject in = s.fields().objects().get(1);
    assertThat(in.fixedDirection()).isEqualTo(Direction.INBOUND);
    assertThat(in.ownerFields()).containsExactly("smagicinteract__User__c");
    assertThat(in.matterLookup()).contains(SmsMagicFieldMap.AUTO);
    assertThat(in.object()).isEqualTo(SmsMagicFieldMap.incomingSms().object());
  }

  @Test
  void anMmsMediaLinkIsReadFromIncomingSmsMmsUrlByDefaultAndCanBeNamedOrDropped() {
    assertThat(SmsMagicFieldMap.incomingSms().mediaUrl()).contains("smagicinteract__MMS_Url__c");
    assertThat(SmsMagicFieldMap.smsHistory().mediaUrl()).as("SMS History keeps no media link").isEmpty();

    SmsMagicSettings s = read("""
        { "objects": { "outgoing": { "mediaUrl": "Media_Link__c" }, "incoming": { "mediaUrl": null } } }""");

    assertThat(s.fields().objects().get(0).mediaUrl()).contains("Media_Link__c");
    assertThat(s.fields().objects().get(1).mediaUrl()).isEmpty();
  }

  @Test
  void everyBadValueIsOneLineNamingTheKeyAndWhatToDo() {
    refused("{ \"defaultOwner\": \"001UV0000099999AAA\" }", "smsmagic.defaultOwner", "start with 005");
    refused("{ \"defaultOwner\": \"nobody\" }", "smsmagic.defaultOwner", "not a Salesforce id");
    for (String bad : List.of("-1", "1441", "2.5", "\"5\"")) {
      refused("{ \"dedupWindowMinutes\": " + bad + " }", "smsmagic.dedupWindowMinutes", "from 0 to 1440");
    }
    for (String bad : List.of("199", "2001", "\"2000\"")) {
      refused("{ \"queryBatchSize\": " + bad + " }", "smsmagic.queryBatchSize", "from 200 to 2000");
    }
    refused("{ \"failedStatuses\": \"FAILED\" }", "smsmagic.failedStatuses", "list of strings");
    refused("{ \"csvZone\": \"EST5\" }", "smsmagic.csvZone", "IANA");
    refused("{ \"defaultOwnr\": \"005UV0000099999AAA\" }", "smsmagic.defaultOwnr", "did you mean 'defaultOwner'");
    refused("{ \"objects\": { \"sent\": {} } }", "smsmagic.objects.sent", "outgoing");
    refused("{ \"objects\": { \"outgoing\": { \"body\": \"x; DELETE\" } } }", "smsmagic.objects.outgoing.body",
        "not a Salesforce API name");
    refused("{ \"objects\": { \"outgoing\": { \"timeFields\": [] } } }", "smsmagic.objects.outgoing.timeFields",
        "at least one");
    refused("{ \"objects\": { \"incoming\": { \"fixedDirection\": \"in\" } } }",
        "smsmagic.objects.incoming.fixedDirection", "\"inbound\" or \"outbound\"");
    refused("{ \"objects\": { \"incoming\": { \"matterLookup\": 7 } } }", "smsmagic.objects.incoming.matterLookup",
        "\"auto\"");
  }

  @Test
  void theSectionReachesSyncConfigWithoutTouchingTheSyncSettings() {
    SyncConfig c = ConfigLoader.parse("c.json", BASE.formatted(", \"smsmagic\": { \"defaultOwner\": \"005UV0000099999AAA\" }"));
    assertThat(c.smsmagic().defaultOwner()).isEqualTo(Optional.of(SalesforceId.of("005UV0000099999AAA")));
    // IntakerFilter holds a Pattern (no equals): compare what the settings say
    assertThat(c.toSettings()).hasToString(ConfigLoader.parse("c.json", BASE.formatted("")).toSettings().toString());
  }
}

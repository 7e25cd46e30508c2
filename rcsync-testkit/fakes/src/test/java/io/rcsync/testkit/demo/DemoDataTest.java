package io.rcsync.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoDataTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private final DemoDataset data = DemoData.generate(42, NOW);

  @Test
  void initOnTheDemoFirmMatchesMostStaffByEmailOneByNameAndLeavesOneForTheOperator() {
    io.rcsync.core.service.StaffMatcher.Result r =
        io.rcsync.core.service.StaffMatcher.match(data.extensions(), DemoData.salesforceUsers(data));

    DemoData.InitExpected expected = DemoData.INIT_EXPECTED;
    assertThat(r.staff()).hasSize(expected.enabledUserExtensions());
    assertThat(r.count(io.rcsync.core.service.StaffMatcher.Outcome.BY_EMAIL)).isEqualTo(expected.matchedByEmail());
    assertThat(r.count(io.rcsync.core.service.StaffMatcher.Outcome.BY_NAME)).isEqualTo(expected.matchedByName());
    assertThat(r.count(io.rcsync.core.service.StaffMatcher.Outcome.UNMATCHED)).isEqualTo(expected.unmatched());
    assertThat(r.staff()).filteredOn(m -> m.outcome() == io.rcsync.core.service.StaffMatcher.Outcome.BY_NAME)
        .extracting(m -> m.extension().name()).containsExactly("Priya Raman");
    assertThat(r.staff()).filteredOn(m -> !m.outcome().matched())
        .extracting(m -> m.extension().name()).containsExactly("Dana Whitfield");
    assertThat(r.staff()).extracting(m -> m.extension().name()).contains("Rosa Delgado");
    assertThat(r.notEnabled()).extracting(e -> e.status()).containsExactlyInAnyOrder("Disabled", "NotActivated");
    assertThat(r.otherTypes()).isEqualTo(1);
    assertThat(r.usersWithoutExtension()).extracting(u -> u.name()).containsExactlyInAnyOrder("Sara Collins",
        "Morgan Hartwell");
    // every matched roster member gets the user the hand-written roster gives them
    for (var m : r.staff()) {
      m.user().ifPresent(u -> data.roster().allMembers().stream()
          .filter(s -> s.extensionNumber().equals(java.util.Optional.ofNullable(m.extension().number())))
          .forEach(s -> assertThat(s.sfUserId()).as(s.name()).contains(u.id())));
    }
  }

  @Test
  void isDeterministicForASeed() {
    assertThat(DemoData.generate(42, NOW)).isEqualTo(data);
    assertThat(DemoData.generate(43, NOW).allMessages()).isNotEqualTo(data.allMessages());
  }

  @Test
  void theFirmSendsAndReceivesMmsWithRealisticFilesOnMattersAndAnIntake() {
    for (long seed : new long[] {42, 2026, 7, 1}) {
      DemoDataset d = DemoData.generate(seed, NOW);
      List<SmsMessage> mms = d.messagesOfWave(DemoData.WAVE1).stream()
          .filter(m -> m.attachments().stream().anyMatch(io.rcsync.core.domain.Attachment::isMedia)).toList();
      List<io.rcsync.core.domain.Attachment> media = mms.stream().flatMap(m -> m.attachments().stream())
          .filter(io.rcsync.core.domain.Attachment::isMedia).toList();

      assertThat(mms).as("seed %d", seed).hasSize(5);
      assertThat(media).extracting(io.rcsync.core.domain.Attachment::fileName).containsExactlyInAnyOrder(
          "IMG_0412.jpg", "Police_Report_LMPD-26-014873.pdf", "Medical_Records_Release.pdf",
          "insurance_card_front.png", "insurance_card_back.png", "IMG_2087.jpg");
      assertThat(media).allSatisfy(a -> {
        assertThat(a.size()).isPositive();
        assertThat(a.contentType()).matches("image/(jpeg|png)|application/pdf");
        assertThat(a.uri()).startsWith(DemoData.CONTENT_BASE).endsWith("/content/" + a.id());
      });
      assertThat(mms).anySatisfy(m -> assertThat(m.text()).isEmpty());
      assertThat(mms).anySatisfy(m -> assertThat(m.direction()).isEqualTo(Direction.OUTBOUND));
      assertThat(mms).allSatisfy(m -> assertThat(m.attachments()).allSatisfy(a -> assertThat(a.uri())
          .contains("/extension/" + m.extension().value() + "/message-store/" + m.id().value() + "/content/")));
    }
  }

  @Test
  void thePushStepHoldsAnMmsTheSimulatorCanServe() {
    DemoActivity.Push push = DemoActivity.pushed(data, NOW);

    assertThat(push.instant()).anySatisfy(m -> assertThat(m.attachments()).anySatisfy(a -> {
      assertThat(a.isMedia()).isTrue();
      assertThat(a.fileName()).isEqualTo("parking_sign.jpg");
      assertThat(a.size()).isEqualTo(142_580L);
    }));
  }

  @Test
  void wave1HasTheSeedsStaffAndTextCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (StaffMember m : data.roster().wave(DemoData.WAVE1).members()) {
      ExtensionId ext = data.extensionOf(m).orElseThrow();
      counts.put(m.name(), data.messages().get(ext).size());
    }

    assertThat(counts).containsExactly(Map.entry("Sam", 1), Map.entry("Alyssia", 144), Map.entry("JaNette", 92),
        Map.entry("Kyle Haney", 86), Map.entry("Timmera", 98), Map.entry("Angelica", 185), Map.entry("Chymez", 144),
        Map.entry("Austin J", 270), Map.entry("Kathy", 0));
    assertThat(data.messagesOfWave(DemoData.WAVE1)).hasSize(DemoData.WAVE1_EXPECTED.fetched());
  }

  @Test
  void hasAMemberWithoutExtensionAndOneKnownOnlyByNumber() {
    StaffMember sara = data.roster().wave(DemoData.WAVE4).members().stream()
        .filter(m -> m.name().equals("Sara Collins")).findFirst().orElseThrow();
    StaffMember timmera = data.roster().wave(DemoData.WAVE1).members().stream()
        .filter(m -> m.name().equals("Timmera")).findFirst().orElseThrow();

    assertThat(sara.hasExtension()).isFalse();
    assertThat(sara.sfUserId()).isPresent();
    assertThat(timmera.extensionId()).isEmpty();
    assertThat(timmera.extensionNumber()).contains("108");
    assertThat(data.roster().allMembers()).anySatisfy(m -> assertThat(m.sfUserId()).isEmpty());
  }

  @Test
  void everyTextIsInTheLastSixtyDaysWithAUniqueId() {
    List<SmsMessage> all = data.allMessages();

    assertThat(all).allSatisfy(m -> assertThat(m.creationTime())
        .isAfterOrEqualTo(NOW.minus(Duration.ofDays(60))).isBefore(NOW));
    assertThat(all.stream().map(m -> m.id().value()).distinct().count()).isEqualTo(all.size());
    assertThat(all).extracting(SmsMessage::direction).contains(Direction.INBOUND, Direction.OUTBOUND);
  }

  @Test
  void holdsTheAwkwardTexts() {
    List<SmsMessage> all = data.allMessages();

    assertThat(all).anyMatch(m -> m.direction() == Direction.OUTBOUND && m.to().size() == 2);
    assertThat(all).anyMatch(m -> m.text().isEmpty() && !m.attachments().isEmpty());
    assertThat(all).anyMatch(m -> m.text().equals(DemoData.TRICKY_BODY));
    assertThat(all).anyMatch(m -> m.text().codePoints().anyMatch(c -> c > 0xFFFF));
    assertThat(all).anyMatch(m -> m.text().startsWith("New lead from Intaker"));
    assertThat(all).anyMatch(m -> m.text().startsWith("Intaker:"));
    assertThat(all).anyMatch(m -> m.counterparties().stream().anyMatch(n -> n.matches("\\d{5,6}")));
    assertThat(all).anyMatch(m -> m.counterparties().stream().anyMatch(n -> n.startsWith("+44")));
    assertThat(all).anyMatch(m -> m.counterparties().contains("+1" + DemoData.SAM_NUMBER));
  }

  @Test
  void storesPhoneNumbersEveryWayUsersTypeThem() {
    List<String> values = data.cases().stream().flatMap(c -> c.phoneValues().values().stream()).toList();

    assertThat(values).anyMatch(v -> v.matches("\\(\\d{3}\\) \\d{3}-\\d{4}"));
    assertThat(values).anyMatch(v -> v.matches("\\d{3}\\.\\d{3}\\.\\d{4}"));
    assertThat(values).anyMatch(v -> v.matches("\\+1\\d{10}"));
    assertThat(values).anyMatch(v -> v.matches("1-\\d{3}-\\d{3}-\\d{4}"));
    assertThat(values).anyMatch(v -> v.matches("\\d{3} \\d{3} \\d{4}"));
    assertThat(values).anyMatch(v -> v.matches("\\d{10}"));
    assertThat(values).anyMatch(v -> v.endsWith(" x12"));
    assertThat(values).anyMatch(v -> !v.isBlank() && !v.equals(v.strip()));
  }

  @Test
  void holdsClosedMattersConvertedIntakesAndSharedNumbers() {
    List<CaseRecord> cases = data.cases();

    assertThat(cases).anyMatch(c -> c.kind() == CaseKind.MATTER && "Closed".equals(c.status()));
    assertThat(cases).anyMatch(c -> c.kind() == CaseKind.INTAKE && "Converted".equals(c.status()));
    assertThat(cases).anyMatch(c -> c.id().equals(DemoData.TEST_MATTER));
    assertThat(cases.stream().map(CaseRecord::id).distinct().count()).isEqualTo(cases.size());
    assertThat(cases).allSatisfy(c -> assertThat(SalesforceIds.validChecksum(c.id().value())).isTrue());
  }

  @Test
  void writesASeedCompatibleConfigFile() throws Exception {
    JsonNode config = new ObjectMapper().readTree(data.configJson());

    assertThat(config.get("activeWave").asText()).isEqualTo("wave1_intake");
    assertThat(config.get("waves").get("wave1_intake")).hasSize(9);
    JsonNode alyssia = config.get("waves").get("wave1_intake").get(1);
    assertThat(alyssia.get("name").asText()).isEqualTo("Alyssia");
    assertThat(alyssia.get("extensionId").asText()).isEqualTo("376557052");
    assertThat(alyssia.get("sfUserId").asText()).hasSize(18);
    JsonNode sara = config.get("waves").get("wave4_support").findParents("name").stream()
        .filter(n -> n.get("name").asText().equals("Sara Collins")).findFirst().orElseThrow();
    assertThat(sara.get("extensionId").isNull()).isTrue();
    assertThat(config.get("phoneFields")).hasSize(4);
    assertThat(config.get("intakerFilter").get("bodyPrefixRegex").asText()).isEqualTo("^(Intaker|New lead from Intaker)");
    assertThat(config.get("topicMap").get("Outbound").asText()).isEqualTo("Text message sent");
    assertThat(config.get("pollWindows").get("hot").get("lookbackMinutes").asInt()).isEqualTo(30);
    assertThat(config.get("testRecordIds").get("matter").asText()).isEqualTo(DemoData.TEST_MATTER.value());
    assertThat(config.get("salesforce").get("targetOrg").asText()).isEqualTo("LITIFY_ORG");
    assertThat(config.get("ringcentral").get("credentialsFile").asText()).isEqualTo(".credentials/rc-credentials.json");
  }
}

package io.rcsync.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestNameTest {
  @Test
  void aTypoOfAKnownNameIsSuggestedIgnoringCase() {
    assertThat(NearestName.closest("smagicinteract__SMSTxt__c",
        List.of("Id", "smagicinteract__SMSText__c", "smagicinteract__PhoneNumber__c")))
        .contains("smagicinteract__SMSText__c");
    assertThat(NearestName.closest("defaultowner", List.of("defaultOwner", "csvZone"))).contains("defaultOwner");
  }

  @Test
  void aNameFarFromEveryKnownOneGetsNoSuggestion() {
    assertThat(NearestName.closest("NoSuch__c", List.of("smagicinteract__SMSText__c", "Name"))).isEmpty();
    assertThat(NearestName.closest("x", List.of())).isEmpty();
  }

  @Test
  void theDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(NearestName.distance("", "abc")).isEqualTo(3);
    assertThat(NearestName.distance("same", "same")).isZero();
  }
}

package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.SmsMagicFieldMap.MessageObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one set of rules that turns an SMS-Magic row (org or CSV) into a record (review16 #3, #8). */
class SmsMagicRowTest {
  private static final String NS = "smagicinteract__";
  private static final MessageObject HISTORY = SmsMagicFieldMap.smsHistory();
  private static final SmsMagicRow.DateTimes ISO = (f, v) -> {
    try {
      return Optional.of(Instant.parse(v));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  };

  private final Map<String, String> row = new HashMap<>(Map.of("Id", "a1SUV000000abcd2AA", NS + "SMSText__c", "hi",
      NS + "PhoneNumber__c", "5025550123", "CreatedDate", "2024-03-01T14:05:09Z"));

  private SmsMagicRecord read() {
    return SmsMagicRow.read(HISTORY, row::get, SmsMagicSettings.DEFAULT_FAILED_STATUSES, ISO);
  }

  @Test
  void anInteractRecordSubmittedThenFailedIsFailed() {
    row.put(NS + "sentStatus__c", "Submitted");
    row.put(NS + "deliveryStatus__c", "Failed");

    assertThat(read().status()).isEqualTo("Failed");
  }

  @Test
  void aFailedValueInAnyStatusFieldWinsInAnyCaseElseTheFirstNonEmpty() {
    row.put(NS + "Status__c", "SUBMITTED");
    row.put(NS + "deliveryStatus__c", "failed");
    assertThat(read().status()).isEqualTo("failed");

    row.put(NS + "deliveryStatus__c", "Success");
    assertThat(read().status()).isEqualTo("SUBMITTED");
  }

  @Test
  void theTimeIsTheFirstNonEmptyTimeFieldAndABadOneRefusesTheRowNamingTheSetting() {
    row.put(NS + "CreatedOn__c", "2024-03-01T14:00:00Z");
    assertThat(read().messageTime()).isEqualTo(Instant.parse("2024-03-01T14:00:00Z"));

    row.put(NS + "Sent_On__c", "yesterday");
    assertThatThrownBy(this::read).isInstanceOfSatisfying(SmsMagicRow.BadValue.class, e -> {
      assertThat(e.kind()).isEqualTo(SmsMagicRow.BadValue.Kind.BAD_TIME);
      assertThat(e.field()).isEqualTo(NS + "Sent_On__c");
      assertThat(HISTORY.configKey(e.setting())).isEqualTo("smsmagic.objects.outgoing.timeFields");
    });
  }

  @Test
  void theDirectionIsReadFromTheDirectionFieldElseTheObjectsFixedOne() {
    assertThat(read().direction()).isEqualTo(Direction.OUTBOUND);
    row.put(NS + "Direction__c", " in ");
    assertThat(read().direction()).isEqualTo(Direction.INBOUND);
  }

  @Test
  void anUpperCasedIdKeysTheSameNoteAndAWrongChecksumIsRefused() {
    String org = read().messageId().externalId();
    row.put("Id", "A1SUV000000ABCD2AA");
    assertThat(read().messageId().externalId()).isEqualTo(org).isEqualTo("smsmagic_a1SUV000000abcd2AA");

    row.put("Id", "a1SUV000000abcdZZZ");
    assertThatThrownBy(this::read).isInstanceOfSatisfying(SmsMagicRow.BadValue.class,
        e -> assertThat(e.kind()).isEqualTo(SmsMagicRow.BadValue.Kind.BAD_ID));
  }
}

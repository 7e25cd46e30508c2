package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextSourceTest {
  private static final SalesforceId NOTE = SalesforceId.of("a0NUV00000G5NHJ2A3");

  @Test
  void eachSourceOwnsOnlyKeysStartingWithItsOwnPrefixFollowedBySomething() {
    assertThat(TextSource.RINGCENTRAL.owns("rc_msg_1234567")).isTrue();
    assertThat(TextSource.RINGCENTRAL.owns("rc_msg_1234567_a0LUV00000G5NHJ2A3")).isTrue();
    assertThat(TextSource.SMS_MAGIC.owns("smsmagic_a0XUV00000ABCDE2A3")).isTrue();

    assertThat(TextSource.RINGCENTRAL.owns("rc_msg_")).as("bare prefix").isFalse();
    assertThat(TextSource.RINGCENTRAL.owns("RC_MSG_1")).as("LIKE folds case; the guard does not").isFalse();
    assertThat(TextSource.RINGCENTRAL.owns("xrc_msg_779")).as("prefix not at the start").isFalse();
    assertThat(TextSource.RINGCENTRAL.owns(null)).isFalse();
    assertThat(TextSource.RINGCENTRAL.owns("smsmagic_a0X")).isFalse();
    assertThat(TextSource.SMS_MAGIC.owns("rc_msg_1")).isFalse();
  }

  @Test
  void anExternalIdNamesItsSourceAndAnyOtherIdNamesNone() {
    assertThat(TextSource.ofExternalId("rc_msg_42")).contains(TextSource.RINGCENTRAL);
    assertThat(TextSource.ofExternalId("smsmagic_a0XUV00000ABCDE2A3")).contains(TextSource.SMS_MAGIC);
    assertThat(TextSource.ofExternalId("legacy_42")).isEmpty();
    assertThat(TextSource.ofExternalId("smsmagic_")).isEmpty();
    assertThat(TextSource.ofExternalId("")).isEmpty();
  }

  @Test
  void theCommandLineNamesAreRcAndSmsmagicAndAnythingElseIsRefusedWithTheAcceptedValues() {
    assertThat(TextSource.ofCliName("rc")).isEqualTo(TextSource.RINGCENTRAL);
    assertThat(TextSource.ofCliName(" SMSMagic ")).isEqualTo(TextSource.SMS_MAGIC);
    assertThatThrownBy(() -> TextSource.ofCliName("twilio"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown text source 'twilio': use rc or smsmagic");
  }

  @Test
  void theRingCentralPrefixIsTheOneMessageIdsAreKeyedWith() {
    assertThat(MessageId.EXTERNAL_ID_PREFIX).isEqualTo(TextSource.RINGCENTRAL.prefix()).isEqualTo("rc_msg_");
    assertThat(TextSource.RINGCENTRAL.owns(MessageId.of("7").externalId())).isTrue();
  }

  @Test
  void theDeleteGuardAcceptsExactlyTheTwoPrefixesAndNothingElse() {
    assertThat(note("rc_msg_42").writtenByRcsync()).isTrue();
    assertThat(note("rc_msg_42_a0LUV00000G5NHJ2A3").writtenByRcsync()).as("a group text's further Note").isTrue();
    assertThat(note("smsmagic_a0XUV00000ABCDE2A3").writtenByRcsync()).isTrue();
    assertThat(note("rc_msg_").writtenByRcsync()).as("bare prefix").isFalse();
    assertThat(note("smsmagic_").writtenByRcsync()).as("bare prefix").isFalse();
    assertThat(note("SMSMAGIC_1").writtenByRcsync()).as("LIKE folds case; the guard does not").isFalse();
    assertThat(note("RC_MSG_1").writtenByRcsync()).isFalse();
    assertThat(note("xsmsmagic_1").writtenByRcsync()).as("prefix not at the start").isFalse();
    assertThat(note("smsmagicX1").writtenByRcsync()).as("LIKE wildcard look-alike").isFalse();
    assertThat(note("legacy_42").writtenByRcsync()).isFalse();
    assertThat(note("").writtenByRcsync()).isFalse();
    assertThat(note("smsmagic_a0XUV00000ABCDE2A3").source()).contains(TextSource.SMS_MAGIC);
    assertThat(note("rc_msg_42").source()).contains(TextSource.RINGCENTRAL);
    assertThat(note("other_1").source()).isEmpty();
  }

  private static NoteRecord note(String externalId) {
    return new NoteRecord(NOTE, externalId, Optional.empty(), Instant.EPOCH, Optional.empty(), Map.of());
  }
}

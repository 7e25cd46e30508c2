package io.rcsync.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 15: which sources a Note query asks for. */
class NoteStoreQueryTest {
  private static final MessageId HISTORY = MessageId.smsMagic(SalesforceId.of("a1SUV000000abcdAAA"));

  @Test
  void everyQueryBuiltAsBeforeIssue15AsksForRingCentralNotesOnly() {
    assertThat(NoteStore.Query.all().sources()).containsExactly(TextSource.RINGCENTRAL);
    assertThat(NoteStore.Query.onRecord(SalesforceId.of("a0LUV00000G5NHJ2A3")).sources())
        .containsExactly(TextSource.RINGCENTRAL);
    assertThat(new NoteStore.Query(Set.of(), Optional.empty(), Optional.empty(), Optional.of(MessageId.of("1")))
        .sources()).containsExactly(TextSource.RINGCENTRAL);
    assertThat(NoteStore.Query.all().asksFor("smsmagic_a1SUV000000abcdAAA")).isFalse();
    assertThat(NoteStore.Query.all().asksFor("rc_msg_1")).isTrue();
  }

  @Test
  void aQueryForAnSmsMagicNoteByItsKeyAsksForThatSource() {
    NoteStore.Query q = new NoteStore.Query(Set.of(), Optional.empty(), Optional.empty(), Optional.of(HISTORY));

    assertThat(q.sources()).containsExactly(TextSource.SMS_MAGIC);
    assertThat(q.asksFor(HISTORY.externalId())).isTrue();
    assertThat(q.asksFor("SMSMAGIC_a1SUV000000abcdAAA")).isFalse();
  }

  @Test
  void sourcesAreChosenWithWithSourcesAndMustHoldTheMessageIdsSource() {
    NoteStore.Query both = NoteStore.Query.all(Set.of(TextSource.RINGCENTRAL, TextSource.SMS_MAGIC));

    assertThat(both.asksFor("rc_msg_1")).isTrue();
    assertThat(both.asksFor("smsmagic_a1SUV000000abcdAAA")).isTrue();
    assertThat(both.asksFor("smsmagic_")).isFalse();
    assertThatThrownBy(() -> NoteStore.Query.all(Set.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one text source");
    assertThatThrownBy(() -> new NoteStore.Query(Set.of(), Optional.empty(), Optional.empty(), Optional.of(HISTORY))
        .withSources(Set.of(TextSource.RINGCENTRAL))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smsmagic_a1SUV000000abcdAAA").hasMessageContaining("[rc]");
  }
}

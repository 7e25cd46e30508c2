package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.PhoneRejection;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.service.sync.TextClassifier;
import io.rcsync.testkit.fixtures.Messages;
import org.junit.jupiter.api.Test;

class TextClassifierTest {
  private final TextClassifier classifier = new TextClassifier(IntakerFilter.of("^(Intaker|New lead from Intaker)"));

  @Test
  void aTextDeliveredTwiceIsADuplicateTheSecondTime() {
    SmsMessage m = Messages.inbound().from("+15028138901").build();

    assertThat(classifier.classify(m)).isInstanceOf(TextClassifier.NeedsLookup.class);
    assertThat(classifier.classify(m)).isInstanceOf(TextClassifier.Duplicate.class);
    assertThat(classifier.seen().contains(m.id())).isTrue();
    assertThat(classifier.seen().size()).isEqualTo(1);
  }

  @Test
  void anIntakerLeadIsFilteredBeforeItsNumberIsLookedAt() {
    SmsMessage lead = Messages.inbound().from("22395").text("  New lead from Intaker: Jane D.").build();

    assertThat(classifier.classify(lead)).isInstanceOf(TextClassifier.IntakerLead.class);
  }

  @Test
  void aCounterpartyThatIsNoUsNumberIsUnmatchedWithTheRawValueAndTheReason() {
    assertThat(classifier.classify(Messages.inbound().from("22395").build()))
        .isEqualTo(new TextClassifier.Unmatched("22395", PhoneRejection.SHORT_CODE.description()));
    assertThat(classifier.classify(Messages.inbound().from("+447911123456").build()))
        .isEqualTo(new TextClassifier.Unmatched("+447911123456", PhoneRejection.INTERNATIONAL.description()));
    assertThat(classifier.classify(Messages.outbound().to(new String[0]).build()))
        .isEqualTo(new TextClassifier.Unmatched("", "no counterparty number"));
  }

  @Test
  void aGroupTextNeedsALookupOfEachDistinctUsNumberInOrder() {
    SmsMessage group = Messages.outbound().to("22395", "(312) 555-0100", "+15028138901", "312.555.0100").build();

    assertThat(classifier.classify(group)).isEqualTo(new TextClassifier.NeedsLookup(
        java.util.List.of(PhoneNumber.of("3125550100"), PhoneNumber.of("5028138901"))));
  }
}

package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.AttachmentPolicy.Decision;
import io.rcsync.core.domain.AttachmentPolicy.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttachmentPolicyDecisionTest {
  private final AttachmentPolicy imagesUpTo1k = new AttachmentPolicy(true, 1_000, List.of("image/*"));

  private static Attachment media(String type, Long size) {
    return new Attachment("7", "https://media.example.invalid/7", Attachment.MMS_ATTACHMENT, type, size, "a.bin");
  }

  @Test
  void allowsAListedTypeAndSizeWithinThePolicyWithoutReservation() {
    Decision d = imagesUpTo1k.decide(media("image/jpeg", 1_000L));
    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.provisional()).isFalse();
    assertThat(d.reason()).isEmpty();
  }

  @Test
  void refusesAListedTypeNotOnTheListNamingTheConfigKey() {
    Decision d = imagesUpTo1k.decide(media("application/pdf; name=x.pdf", 10L));
    assertThat(d.verdict()).isEqualTo(Verdict.TYPE_REFUSED);
    assertThat(d.reason()).contains("a.bin", "application/pdf", "attachments.contentTypes").doesNotContain("name=x");
  }

  @Test
  void refusesAListedSizeOverTheLimitNamingTheConfigKey() {
    Decision d = imagesUpTo1k.decide(media("image/png", 1_001L));
    assertThat(d.verdict()).isEqualTo(Verdict.OVER_LIMIT);
    assertThat(d.reason()).contains("1001 bytes", "attachments.maxBytes");
  }

  @Test
  void allowsABlankTypeOrAMissingSizeProvisionallyAsTheSyncDecidesByWhatIsServed() {
    Decision blankType = imagesUpTo1k.decide(media(" ", 10L));
    assertThat(blankType.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(blankType.typeUnknown()).isTrue();
    assertThat(blankType.provisional()).isTrue();

    Decision noSize = imagesUpTo1k.decide(media("image/png", null));
    assertThat(noSize.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(noSize.sizeUnknown()).isTrue();
    assertThat(noSize.provisional()).isTrue();
  }

  @Test
  void refusesEverythingWhenDisabledBeforeLookingAtTypeOrSize() {
    Decision d = new AttachmentPolicy(false, 1_000, List.of("*/*")).decide(media("image/png", 10L));
    assertThat(d.verdict()).isEqualTo(Verdict.DISABLED);
    assertThat(d.reason()).contains("attachments.enabled");
  }

  @Test
  void checksTheTypeBeforeTheSizeAsTheSyncDoes() {
    assertThat(imagesUpTo1k.decide("x.pdf", "application/pdf", 5_000L).verdict()).isEqualTo(Verdict.TYPE_REFUSED);
  }
}

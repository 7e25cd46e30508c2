package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rcsync.core.port.out.AttachmentSource.Content;
import io.rcsync.core.port.out.ExternalSystemException;
import org.junit.jupiter.api.Test;

/**
 * What every {@link io.rcsync.core.port.out.AttachmentSource} must do (issue 12): serve an MMS attachment's bytes as
 * stored, with its content type and length, and report a purged message's content as an
 * {@link ExternalSystemException} that does not stop the run (the caller counts that attachment and goes on).
 */
public abstract class AttachmentSourceContract {

  /** A fresh backend: an empty message store and the source under test reading from it. */
  protected abstract AttachmentBackend freshBackend();

  private static byte[] bytes(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * seed + (i >> 8));
    }
    return b;
  }

  @Test
  public void servesTheBytesTypeAndLengthAsStored() throws Exception {
    AttachmentBackend b = freshBackend();
    byte[] photo = bytes(183_517, 13);
    AttachmentBackend.Mms mms = b.messages().putMms(photo, "image/jpeg", "IMG_4471.jpg");

    try (Content c = b.source().open(mms.extension(), mms.message(), mms.media())) {
      assertThat(c.contentType()).startsWith("image/jpeg");
      assertThat(c.length()).hasValue(photo.length);
      assertThat(c.stream().readAllBytes()).isEqualTo(photo);
    }
  }

  @Test
  public void theListedSizeAndFileNameMatchWhatIsServed() throws Exception {
    AttachmentBackend b = freshBackend();
    byte[] pdf = bytes(48_200, 7);
    AttachmentBackend.Mms mms = b.messages().putMms(pdf, "application/pdf", "Police_Report_2026-0412.pdf");

    assertThat(mms.media().isMedia()).isTrue();
    assertThat(mms.media().sizeBytes()).hasValue(pdf.length);
    assertThat(mms.media().name()).hasValue("Police_Report_2026-0412.pdf");
    try (Content c = b.source().open(mms.extension(), mms.message(), mms.media())) {
      assertThat(c.stream().readAllBytes()).hasSize(pdf.length);
    }
  }

  @Test
  public void eachAttachmentServesItsOwnBytes() throws Exception {
    AttachmentBackend b = freshBackend();
    AttachmentBackend.Mms one = b.messages().putMms(bytes(1_000, 3), "image/png", "card-front.png");
    AttachmentBackend.Mms two = b.messages().putMms(bytes(1_000, 5), "image/png", "card-back.png");

    try (Content c1 = b.source().open(one.extension(), one.message(), one.media());
        Content c2 = b.source().open(two.extension(), two.message(), two.media())) {
      assertThat(c1.stream().readAllBytes()).isEqualTo(bytes(1_000, 3));
      assertThat(c2.stream().readAllBytes()).isEqualTo(bytes(1_000, 5));
    }
  }

  @Test
  public void aPurgedMessagesContentThrowsAnExternalSystemExceptionThatDoesNotStopTheRun() {
    AttachmentBackend b = freshBackend();
    AttachmentBackend.Mms mms = b.messages().putMms(bytes(500, 11), "image/jpeg", "gone.jpg");
    b.messages().purge(mms);

    ExternalSystemException e = catchThrowableOfType(
        () -> b.source().open(mms.extension(), mms.message(), mms.media()), ExternalSystemException.class);

    assertThat(e).isNotNull();
    assertThat(e.fatalToRun()).isFalse();
    assertThat(e.getMessage()).contains(mms.message().value()).doesNotContain("\n");
  }
}

package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.service.sync.MmsNoteBody;
import io.rcsync.testkit.fixtures.Messages;
import org.junit.jupiter.api.Test;

class MmsNoteBodyTest {
  private static final Attachment TEXT_PART = new Attachment("1", "https://rc.invalid/content/1", "Text", "text/plain");

  private static Attachment media(String id, String type, Long size, String name) {
    return new Attachment(id, "https://rc.invalid/content/" + id, Attachment.MMS_ATTACHMENT, type, size, name);
  }

  @Test
  void anSmsMagicMediaLinkIsOneAttachmentLineAfterTheTextWithoutSpaces() {
    assertThat(MmsNoteBody.withLinks("Photo of the car", java.util.List.of("https://mms.example/m/a1.jpg")))
        .isEqualTo("Photo of the car\nAttachment: https://mms.example/m/a1.jpg");
    assertThat(MmsNoteBody.withLinks("", java.util.List.of("https://mms.example/m/a1.jpg")))
        .isEqualTo("Attachment: https://mms.example/m/a1.jpg");
    assertThat(MmsNoteBody.withLinks("no media", java.util.List.of())).isEqualTo("no media");
    // a stored link with spaces or a line break can never read as a file line "NAME (TYPE, SIZE)"
    assertThat(MmsNoteBody.linkLine(" https://mms.example/m/car (front, 2).jpg\n"))
        .isEqualTo("Attachment: https://mms.example/m/car%20(front,%202).jpg");
  }

  @Test
  void aTextWithMediaIsTheTextThenOneLinePerAttachmentAndTheTextPartIsNotALine() {
    SmsMessage m = Messages.inbound().text("Here is the police report").attachment(TEXT_PART)
        .attachment(media("2", "image/jpeg", 1_258_291L, "IMG_0042.jpg"))
        .attachment(media("3", "application/pdf", 48_000L, "report.pdf")).build();

    assertThat(MmsNoteBody.of(m)).isEqualTo("""
        Here is the police report
        Attachment: IMG_0042.jpg (image/jpeg, 1.2 MB)
        Attachment: report.pdf (application/pdf, 46.9 KB)""");
  }

  @Test
  void mediaWithoutTextIsOnlyTheAttachmentLines() {
    SmsMessage m = Messages.inbound().text("").attachment(TEXT_PART).attachment(media("2", "image/png", 512L, "card.png"))
        .build();

    assertThat(MmsNoteBody.of(m)).isEqualTo("Attachment: card.png (image/png, 512 bytes)");
  }

  @Test
  void aTextWhoseOnlyAttachmentIsItsTextPartKeepsTheTextAsSent() {
    SmsMessage plain = Messages.inbound().text("Call me\nplease").attachment(TEXT_PART).build();
    SmsMessage empty = Messages.inbound().text("").attachment(TEXT_PART).build();

    assertThat(MmsNoteBody.of(plain)).isEqualTo("Call me\nplease");
    assertThat(MmsNoteBody.of(empty)).as("no media: no '(MMS with 1 attachment(s))' for the text part").isEmpty();
  }

  @Test
  void anUnknownSizeSaysSoAndAMissingNameIsTheIdWithAnExtensionFromTheType() {
    SmsMessage m = Messages.inbound().text("").attachment(media("6424569004", "image/jpeg", null, null))
        .attachment(media("6424569005", "text/vcard", 300L, " "))
        .attachment(media("6424569006", "application/x-unknown; charset=x", null, null))
        .attachment(media("6424569007", null, 1L, null)).build();

    assertThat(MmsNoteBody.of(m).split("\n")).containsExactly(
        "Attachment: 6424569004.jpg (image/jpeg, size unknown)",
        "Attachment: 6424569005.vcf (text/vcard, 300 bytes)",
        "Attachment: 6424569006.bin (application/x-unknown, size unknown)",
        "Attachment: 6424569007.bin (type unknown, 1 byte)");
  }

  @Test
  void aLineBreakInAFileNameCannotSplitItsLine() {
    SmsMessage m = Messages.inbound().text("x").attachment(media("2", "image/gif", 10L, "a\nb\r.gif")).build();

    assertThat(MmsNoteBody.of(m)).isEqualTo("x\nAttachment: a b .gif (image/gif, 10 bytes)");
  }

  @Test
  void sizesAreInBinaryUnitsWithOneDecimalAndMoveUpAUnitInsteadOfShowing1024() {
    assertThat(MmsNoteBody.humanSize(0)).isEqualTo("0 bytes");
    assertThat(MmsNoteBody.humanSize(1023)).isEqualTo("1023 bytes");
    assertThat(MmsNoteBody.humanSize(1024)).isEqualTo("1.0 KB");
    assertThat(MmsNoteBody.humanSize(1536)).isEqualTo("1.5 KB");
    assertThat(MmsNoteBody.humanSize(1024L * 1024 - 1)).isEqualTo("1.0 MB");
    assertThat(MmsNoteBody.humanSize(26_214_400L)).isEqualTo("25.0 MB");
    assertThat(MmsNoteBody.humanSize(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GB");
  }
}

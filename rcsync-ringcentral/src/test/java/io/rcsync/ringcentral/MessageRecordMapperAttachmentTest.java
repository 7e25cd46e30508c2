package io.rcsync.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MessageAttachmentInfo's size and fileName reach core's Attachment (issue 12). */
class MessageRecordMapperAttachmentTest {
  static final ExtensionId EXT = ExtensionId.of("101");

  private static List<Attachment> mapAttachments(ObjectNode... attachments) {
    ObjectNode r = RcJson.sms(5001L, "Inbound", "+15028138900", List.of("+15025550100"), "photo",
        Instant.parse("2026-04-19T17:07:28Z"));
    r.remove("attachments");
    for (ObjectNode a : attachments) {
      r.withArray("attachments").add(a);
    }
    MessageRecordMapper.Result result = MessageRecordMapper.map(r, EXT);
    assertThat(result).isInstanceOf(MessageRecordMapper.Mapped.class);
    return ((MessageRecordMapper.Mapped) result).message().attachments();
  }

  private static ObjectNode media(String id) {
    ObjectNode a = RcJson.JSON.createObjectNode();
    a.put("id", Long.parseLong(id));
    a.put("uri", "https://media.ringcentral.com/restapi/v1.0/account/4001/extension/101/message-store/5001/content/"
        + id);
    a.put("type", "MmsAttachment");
    a.put("contentType", "image/jpeg");
    return a;
  }

  @Test
  void readsSizeAndFileNameOfMmsMedia() {
    ObjectNode a = media("777");
    a.put("size", 217571);
    a.put("fileName", "image.jpg");
    a.put("width", 640);

    assertThat(mapAttachments(a)).containsExactly(new Attachment("777", a.get("uri").asText(), "MmsAttachment",
        "image/jpeg", 217571L, "image.jpg"));
    assertThat(mapAttachments(a).get(0).isMedia()).isTrue();
  }

  @Test
  void absentSizeAndFileNameAreUnknownNotZero() {
    Attachment a = mapAttachments(media("778")).get(0);
    assertThat(a.size()).isNull();
    assertThat(a.fileName()).isNull();
  }

  @Test
  void aNegativeOrUnreadableSizeIsUnknown() {
    ObjectNode negative = media("779");
    negative.put("size", -1);
    ObjectNode text = media("780");
    text.put("size", "large");
    ObjectNode numericText = media("781");
    numericText.put("size", "2048");

    assertThat(mapAttachments(negative, text, numericText)).extracting(Attachment::size)
        .containsExactly(null, null, 2048L);
  }
}

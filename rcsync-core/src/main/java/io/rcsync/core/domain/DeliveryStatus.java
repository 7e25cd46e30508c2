package io.rcsync.core.domain;

/**
 * What a text's RingCentral {@code messageStatus} means for its Note (issue 10 item 2). RingCentral's SMS statuses
 * are {@code Queued}, {@code Sent}, {@code Delivered}, {@code DeliveryFailed}, {@code SendingFailed} and
 * {@code Received} (Message Store "Get Message List" response, {@code messageStatus}:
 * https://developers.ringcentral.com/api-reference/Message-Store/listMessages); {@code Sending} is listed for
 * outbound texts being handed to the carrier.
 *
 * <ul>
 *   <li>{@link #PENDING}: an outbound {@code Queued} or {@code Sending} text; it may still fail, so it is not written
 *       yet and is held for the next run.
 *   <li>{@link #FAILED}: an outbound {@code SendingFailed} or {@code DeliveryFailed} text; written with the failed
 *       topic.
 *   <li>{@link #FINAL}: everything else, including every inbound text (inbound texts are never held) and an unknown
 *       or missing status.
 * </ul>
 */
public enum DeliveryStatus {
  PENDING,
  FAILED,
  FINAL;

  /** The text's delivery status; never null. */
  public static DeliveryStatus of(SmsMessage m) {
    if (m.direction() != Direction.OUTBOUND || m.messageStatus() == null) {
      return FINAL;
    }
    String status = m.messageStatus().trim(); // no lower-cased copy per text (issue 13's JMH benchmark)
    if (status.equalsIgnoreCase("Queued") || status.equalsIgnoreCase("Sending")) {
      return PENDING;
    }
    if (status.equalsIgnoreCase("SendingFailed") || status.equalsIgnoreCase("DeliveryFailed")) {
      return FAILED;
    }
    return FINAL;
  }
}

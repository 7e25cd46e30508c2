package io.rcsync.core.domain;

import java.util.Objects;

/**
 * The Note topic for each direction, e.g. "Text message sent" / "Text message received", and for an outbound text
 * RingCentral reports as not delivered ({@code topicMap.Failed}, default "Text message failed"; design.md §7).
 */
public record TopicMap(String outbound, String inbound, String failed) {
  public static final String DEFAULT_FAILED = "Text message failed";

  public TopicMap {
    Objects.requireNonNull(outbound, "outbound topic");
    Objects.requireNonNull(inbound, "inbound topic");
    Objects.requireNonNull(failed, "failed topic");
  }

  /** The two direction topics, with the default failed topic. */
  public TopicMap(String outbound, String inbound) {
    this(outbound, inbound, DEFAULT_FAILED);
  }

  public static TopicMap defaults() {
    return new TopicMap("Text message sent", "Text message received");
  }

  public String topicFor(Direction direction) {
    return direction == Direction.OUTBOUND ? outbound : inbound;
  }

  /** The topic of a text: {@link #failed} for an outbound text whose delivery failed, else by direction. */
  public String topicFor(SmsMessage m) {
    return DeliveryStatus.of(m) == DeliveryStatus.FAILED ? failed : topicFor(m.direction());
  }
}

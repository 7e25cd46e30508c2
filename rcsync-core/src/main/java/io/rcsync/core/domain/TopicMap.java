package io.rcsync.core.domain;

import java.util.Objects;

/** The Note topic for each direction, e.g. "Text message sent" / "Text message received". */
public record TopicMap(String outbound, String inbound) {
  public TopicMap {
    Objects.requireNonNull(outbound, "outbound topic");
    Objects.requireNonNull(inbound, "inbound topic");
  }

  public static TopicMap defaults() {
    return new TopicMap("Text message sent", "Text message received");
  }

  public String topicFor(Direction direction) {
    return direction == Direction.OUTBOUND ? outbound : inbound;
  }
}

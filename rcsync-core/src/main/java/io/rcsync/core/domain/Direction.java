package io.rcsync.core.domain;

/** Direction of a text message as seen from the firm. */
public enum Direction {
  INBOUND("Inbound"),
  OUTBOUND("Outbound");

  private final String label;

  Direction(String label) {
    this.label = label;
  }

  /** RingCentral's spelling, also the key in the config's {@code topicMap}. */
  public String label() {
    return label;
  }

  public static Direction parse(String value) {
    for (Direction d : values()) {
      if (d.label.equalsIgnoreCase(value)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown direction '" + value + "' (expected Inbound or Outbound)");
  }
}

package io.rcsync.core.domain;

/** Reads a message's {@link Availability}; the one place core asks, so the rule in the sync steps has one seam. */
public final class MessageAvailability {
  private MessageAvailability() {}

  /** The message's availability as its store reported it ({@link SmsMessage#availability()}); never null. */
  public static Availability of(SmsMessage m) {
    return m.availability();
  }
}

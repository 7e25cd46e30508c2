package io.rcsync.core.domain;

/** Reads a message's {@link Availability}; the one place core asks, so the rule in the sync steps has one seam. */
public final class MessageAvailability {
  private MessageAvailability() {}

  /**
   * The message's availability; never null.
   *
   * <p>TODO(issue 10, item 1): the branch adding {@code SmsMessage.availability()} (ALIVE/DELETED/PURGED, read from
   * RingCentral's {@code availability}) is not merged yet; on merge return {@code m.availability()} here. Until then
   * every message is {@link Availability#ALIVE}, which is what the list call (live messages only) delivers today.
   */
  public static Availability of(SmsMessage m) {
    return Availability.ALIVE;
  }
}

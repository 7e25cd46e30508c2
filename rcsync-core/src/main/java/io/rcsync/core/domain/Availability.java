package io.rcsync.core.domain;

/**
 * Whether a message is still in its store, as RingCentral's message records say in {@code availability}
 * (https://developers.ringcentral.com/api-reference/Message-Store/listMessages; the enum's meaning, from the
 * message-update request: "Message in 'Deleted' state is still preserved with all its attachments and can be
 * restored. 'Purged' means that all attachments are already deleted and the message itself is about to be
 * physically deleted shortly", https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/definitions/PatchMessageRequest.html).
 *
 * <p>Core's rule (issue 10 item 1): a {@link #DELETED} text is handled exactly like an {@link #ALIVE} one (it gets
 * its Note and keeps it; a Note is never deleted because its text was deleted later); a {@link #PURGED} record is
 * counted as purged and nothing else happens.
 */
public enum Availability {
  /** A live message: listed by default. */
  ALIVE("Alive"),
  /** Deleted by a user but kept whole (text and attachments) and restorable; listed only when asked for. */
  DELETED("Deleted"),
  /** Attachments gone, the record about to disappear; listed only when asked for, with little more than its id. */
  PURGED("Purged");

  private final String label;

  Availability(String label) {
    this.label = label;
  }

  /** RingCentral's spelling ({@code Alive}, {@code Deleted}, {@code Purged}). */
  public String label() {
    return label;
  }

  /**
   * Reads RingCentral's spelling, ignoring case.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones when it is none of them
   */
  public static Availability parse(String value) {
    for (Availability a : values()) {
      if (a.label.equalsIgnoreCase(value)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown availability '" + value + "' (expected Alive, Deleted or Purged)");
  }
}

package io.rcsync.core.domain;

/**
 * The Note fields rcsync can write, independent of their API names (those come from {@link LitifySchema}): what
 * {@link NoteFieldOwnership} decides over and what a {@link NoteUpdate} names.
 */
public enum NoteField {
  /** {@code OwnerId}: the roster's Salesforce user for the text's extension. */
  OWNER,
  /** The topic field: "Text message sent" / "received" / "failed" from the topic map. */
  TOPIC,
  /** The body field: the text, rendered for the field's type ({@link NoteBodyFormat}). */
  BODY,
  /** The configured message time field (RingCentral {@code creationTime}), when one is configured. */
  MESSAGE_TIME,
  /**
   * The configured counterparty field, when one is configured: the 10-digit number the text was exchanged with (for a
   * group text, the one that matched the Note's Matter/Intake).
   */
  COUNTERPARTY,
  /** Both lookups together: the Matter or the Intake, the other one cleared. */
  CASE_LINK
}

package io.rcsync.core.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who owns which field of a Note once it exists: what a re-run (incremental overlap, backfill, late match) may
 * write, so that a paralegal's correction survives every later run.
 *
 * <p>rcsync creates a Note once, with every field ({@link #onCreate()}). After that:
 *
 * <table>
 *   <caption>Field ownership of an existing Note</caption>
 *   <tr><th>field</th><th>owner</th><th>why</th></tr>
 *   <tr><td>{@link NoteField#BODY}</td><td>staff</td><td>written once, when the Note is created: an SMS's text
 *       never changes in RingCentral, so a body that differs later was edited on purpose (a paralegal redacting a
 *       card number must not see it come back); {@code --relink} rewrites it with the rest</td></tr>
 *   <tr><td>{@link NoteField#MESSAGE_TIME}</td><td>rcsync</td><td>a fact of the message ({@code creationTime}); it
 *       is also filled in when the field is configured after the Notes were created</td></tr>
 *   <tr><td>{@link NoteField#COUNTERPARTY}</td><td>rcsync</td><td>a fact of the text: the number it was exchanged
 *       with (for a group text, the one that matched the Note's record); like the message time it is filled in when
 *       the field is configured after the Notes were created, and put back if edited</td></tr>
 *   <tr><td>{@link NoteField#TOPIC}</td><td>rcsync only for delivery status; else staff</td><td>rewritten only when
 *       the stored topic is one of rcsync's own status topics ({@link #statusTopics()}, e.g. "Text message sent")
 *       and the text's status now calls for another (sent ↔ failed). A topic staff chose is none of those and
 *       stays.</td></tr>
 *   <tr><td>{@link NoteField#OWNER}</td><td>staff</td><td>reassigning a Note is a staff decision</td></tr>
 *   <tr><td>{@link NoteField#CASE_LINK}</td><td>staff</td><td>moving a Note to the right Matter/Intake is the
 *       correction this policy exists for; matching is a best guess from a phone number</td></tr>
 * </table>
 *
 * <p>{@link #relinking()} (the operator's {@code rcsync sync --relink}) hands OWNER, CASE_LINK and BODY back to rcsync
 * for one run: matching is re-applied on purpose and overwrites staff's links, owners and body edits in the window
 * (also the way to re-render old bodies after the body field became a Rich Text Area).
 *
 * <p>Comparisons: lookups and owners by record (15- and 18-character ids alike), message times to the second (as
 * Salesforce keeps dateTime values), topics exactly, bodies (under {@code --relink}) exactly as rendered for the
 * field's type.
 *
 * @param statusTopics the topics rcsync writes for a text's direction and delivery status (sent, received,
 *     failed): the only stored topics rcsync may replace
 * @param relink true to also rewrite owner and lookups that differ from the match
 * @param keepMessageTime true to never move a message time an existing Note already has ({@link #keepingMessageTime()},
 *     the SMS-Magic history import); an empty stored time is still filled in
 */
public record NoteFieldOwnership(Set<String> statusTopics, boolean relink, boolean keepMessageTime) {
  public NoteFieldOwnership {
    statusTopics = Set.copyOf(statusTopics);
  }

  /** A policy that rewrites stored message times that differ (as the sync does). */
  public NoteFieldOwnership(Set<String> statusTopics, boolean relink) {
    this(statusTopics, relink, false);
  }

  /** The standard policy: message time, counterparty and status topics are rcsync's; owner, lookups and body are staff's. */
  public static NoteFieldOwnership standard(Set<String> statusTopics) {
    return new NoteFieldOwnership(statusTopics, false);
  }

  /**
   * The standard policy over every topic the map writes (sent, received and failed): a stored topic equal to one of
   * them is rcsync's (so a text whose delivery status changes gets its new topic), any other is staff's.
   */
  public static NoteFieldOwnership standard(TopicMap topics) {
    return standard(new java.util.HashSet<>(java.util.List.of(topics.outbound(), topics.inbound(), topics.failed())));
  }

  /** This policy, plus owner, lookups and body rewritten to the match and the text ({@code --relink}). */
  public NoteFieldOwnership relinking() {
    return new NoteFieldOwnership(statusTopics, true, keepMessageTime);
  }

  /**
   * This policy, except that a message time an existing Note already has is never rewritten (an empty one is still
   * filled in). For the SMS-Magic history import: history never changes, so a re-import from a thinner source (e.g.
   * a CSV export without {@code SMAGICINTERACT__SENT_ON__C}, whose time falls back to {@code CreatedDate}) must not
   * move the time an earlier import took from a better field. {@link #keepsStoredMessageTime} tells which Notes
   * kept theirs, for the run's warning.
   */
  public NoteFieldOwnership keepingMessageTime() {
    return new NoteFieldOwnership(statusTopics, relink, true);
  }

  /**
   * True when this policy keeps the existing Note's stored message time although the draft gives another (to the
   * second): only under {@link #keepingMessageTime()}, and only when a time is stored.
   */
  public boolean keepsStoredMessageTime(StoredNote stored, NoteDraft draft) {
    return keepMessageTime && stored.messageTimeKept() && stored.messageTime().isPresent()
        && !sameSecond(stored.messageTime(), draft.messageTime());
  }

  /** Every field is written when a Note is created. */
  public Set<NoteField> onCreate() {
    return EnumSet.allOf(NoteField.class);
  }

  /** The fields rcsync may write to an existing Note under this policy, before comparing values. */
  public Set<NoteField> ownedByRcsync() {
    EnumSet<NoteField> owned = EnumSet.of(NoteField.MESSAGE_TIME, NoteField.COUNTERPARTY, NoteField.TOPIC);
    if (relink) {
      owned.add(NoteField.BODY);
      owned.add(NoteField.OWNER);
      owned.add(NoteField.CASE_LINK);
    }
    return owned;
  }

  /**
   * The fields to write to an existing Note for this draft: those rcsync owns whose value differs. Empty = leave
   * the Note alone (no write at all, so its LastModifiedDate stays).
   *
   * @param draft the draft with its body already rendered for the body field's type
   */
  public Set<NoteField> changes(StoredNote stored, NoteDraft draft) {
    EnumSet<NoteField> out = EnumSet.noneOf(NoteField.class);
    if (relink && !stored.body().equals(draft.body())) {
      out.add(NoteField.BODY);
    }
    if (stored.messageTimeKept() && !sameSecond(stored.messageTime(), draft.messageTime())
        && !(keepMessageTime && stored.messageTime().isPresent())) {
      out.add(NoteField.MESSAGE_TIME);
    }
    // a draft without a number (none known) never clears a stored one
    if (stored.counterpartyKept() && draft.counterparty() != null
        && !stored.counterparty().equals(Optional.of(draft.counterparty()))) {
      out.add(NoteField.COUNTERPARTY);
    }
    if (!stored.topic().equals(draft.topic()) && statusTopics.contains(stored.topic())) {
      out.add(NoteField.TOPIC);
    }
    if (relink) {
      if (stored.owner().map(o -> !o.sameRecord(draft.owner())).orElse(true)) {
        out.add(NoteField.OWNER);
      }
      if (!sameLink(stored.matter(), draft.matter()) || !sameLink(stored.intake(), draft.intake())) {
        out.add(NoteField.CASE_LINK);
      }
    }
    return out;
  }

  private static boolean sameSecond(Optional<Instant> stored, Instant wanted) {
    return stored.map(s -> s.truncatedTo(ChronoUnit.SECONDS).equals(wanted.truncatedTo(ChronoUnit.SECONDS)))
        .orElse(false);
  }

  private static boolean sameLink(Optional<SalesforceId> stored, Optional<SalesforceId> wanted) {
    if (stored.isEmpty() || wanted.isEmpty()) {
      return stored.isEmpty() && wanted.isEmpty();
    }
    return stored.get().sameRecord(wanted.get());
  }
}

package io.rcsync.core.service.sync;

import io.rcsync.core.domain.Availability;
import io.rcsync.core.domain.DeliveryStatus;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.MessageAvailability;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NormalizedPhone;
import io.rcsync.core.domain.PhoneNormalizer;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SmsMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides what a fetched text needs before any lookup (design.md §3): nothing when the source delivered it before
 * in this run, nothing when RingCentral purged it, nothing when it is an Intaker lead, an unmatched reason when no
 * counterparty is a 10-digit US number, nothing yet when it is an outbound text still being sent, else a lookup of
 * its distinct counterparty numbers (a group text has several). A deleted text is classified like a live one.
 *
 * <p>Remembers every message id it has seen, for the run's dedupe; make one per run.
 */
public final class TextClassifier {
  /** What a text needs. */
  public sealed interface Verdict permits Duplicate, Purged, IntakerLead, Unmatched, Held, NeedsLookup {}

  /** Delivered before in this run: counted once already. */
  public record Duplicate() implements Verdict {}

  /** RingCentral purged the text ({@code availability: Purged}): counted as purged; no Note, no failure. */
  public record Purged() implements Verdict {}

  /**
   * An outbound text still {@code Queued} or {@code Sending}: not written yet, counted as held, and its time keeps
   * the watermark before it so the next run reads it again.
   */
  public record Held() implements Verdict {}

  /** Its body starts with the Intaker prefix: counted as filtered, never written. */
  public record IntakerLead() implements Verdict {}

  /**
   * No counterparty normalises to a US number.
   *
   * @param counterparty the first rejected raw value ("" when the text has none)
   * @param reason why it was rejected, or "no counterparty number"
   */
  public record Unmatched(String counterparty, String reason) implements Verdict {}

  /** @param numbers the distinct normalised counterparties, in the text's order; never empty */
  public record NeedsLookup(List<PhoneNumber> numbers) implements Verdict {
    public NeedsLookup {
      numbers = List.copyOf(numbers);
    }
  }

  private final IntakerFilter intakerFilter;
  private final Function<SmsMessage, Availability> availability;
  private final SeenIds seen = new SeenIds();

  /**
   * @param intakerFilter the configured {@code intakerFilter.bodyPrefixRegex}. The classifier remembers every message
   *     id it sees: make one per run (a reused one would call the next run's texts duplicates).
   */
  public TextClassifier(IntakerFilter intakerFilter) {
    this(intakerFilter, MessageAvailability::of);
  }

  /**
   * As {@link #TextClassifier(IntakerFilter)}, reading each text's availability with {@code availability} instead of
   * {@link MessageAvailability#of} (the seam tests stub until {@code SmsMessage.availability()} is merged).
   */
  public TextClassifier(IntakerFilter intakerFilter, Function<SmsMessage, Availability> availability) {
    this.intakerFilter = intakerFilter;
    this.availability = Objects.requireNonNull(availability);
  }

  /**
   * What the text needs, checked in this order: {@link Duplicate} when its id was seen before in this run (the id
   * is marked seen either way), {@link Purged} when RingCentral purged it, {@link IntakerLead} when its body matches
   * the Intaker filter, {@link Unmatched} when none of its counterparties (Inbound: {@code from}; Outbound: each
   * {@code to}) normalises to a 10-digit US number, {@link Held} when it is outbound and still {@code Queued} or
   * {@code Sending}, else {@link NeedsLookup} with the numbers that do. A deleted text is classified like a live
   * one. Makes no call and throws nothing for odd numbers:
   * short codes, international and malformed values become the {@link Unmatched} reason.
   *
   * @return never null
   */
  public Verdict classify(SmsMessage m) {
    if (!firstSighting(m.id())) {
      return new Duplicate();
    }
    if (availability.apply(m) == Availability.PURGED) {
      return new Purged();
    }
    if (intakerFilter.matches(m.text())) {
      return new IntakerLead();
    }
    List<PhoneNumber> numbers = new ArrayList<>(2);
    NormalizedPhone.Rejected firstRejected = null; // only the first is reported
    for (String raw : m.counterparties()) {
      NormalizedPhone n = PhoneNormalizer.normalize(raw);
      if (n instanceof NormalizedPhone.Valid v) {
        if (!numbers.contains(v.number())) {
          numbers.add(v.number());
        }
      } else if (firstRejected == null) {
        firstRejected = (NormalizedPhone.Rejected) n;
      }
    }
    if (numbers.isEmpty()) {
      return firstRejected == null ? new Unmatched("", "no counterparty number")
          : new Unmatched(firstRejected.raw(), firstRejected.reason().description());
    }
    if (DeliveryStatus.of(m) == DeliveryStatus.PENDING) {
      return new Held();
    }
    return new NeedsLookup(numbers);
  }

  /** Marks the message seen; false when it was seen before in this run. */
  public boolean firstSighting(MessageId id) {
    return seen.add(id);
  }

  /** Every message id seen so far (compact: numeric ids as longs; see {@link SeenIds}). Callers only read it. */
  public SeenIds seen() {
    return seen;
  }
}

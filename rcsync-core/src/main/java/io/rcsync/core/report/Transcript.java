package io.rcsync.core.report;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Matter's or Intake's texts as a conversation (issue 14): its rcsync Notes ({@code rc_msg_} external ids and, issue
 * 15, the imported SMS-Magic history's {@code smsmagic_} ones), in
 * message-time order, grouped by counterparty, with staff names and the MMS files linked. What the CLI renders as one
 * HTML file; built by {@link io.rcsync.core.port.in.TranscriptUseCase}.
 *
 * @param recordId the Matter or Intake
 * @param kind Matter or Intake
 * @param recordName its {@code Name} (Litify's Matter or Intake number), may be empty
 * @param zone the firm's time zone (config {@code timeZone}, else the system's), in which times are shown
 * @param generatedAt when the transcript was read
 * @param conversations one per counterparty, ordered by their first message; entries inside by message time
 * @param counts what was read and how each Note was placed; {@link Counts#notes()} = inbound + outbound + failed +
 *     otherTopic
 * @param caveats one line each for what the reader must know about the data (no message time field, counterparty
 *     not recorded on the Notes ...), empty when none
 */
public record Transcript(
    SalesforceId recordId,
    CaseKind kind,
    String recordName,
    ZoneId zone,
    Instant generatedAt,
    List<Conversation> conversations,
    Counts counts,
    List<String> caveats) {
  public Transcript {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(kind, "kind");
    recordName = recordName == null ? "" : recordName;
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(generatedAt, "generatedAt");
    conversations = List.copyOf(conversations);
    Objects.requireNonNull(counts, "counts");
    caveats = List.copyOf(caveats);
  }

  /** "Matter" or "Intake". */
  public String kindLabel() {
    return kind == CaseKind.MATTER ? "Matter" : "Intake";
  }

  /** The first message's time, empty without messages. */
  public Optional<Instant> first() {
    return conversations.stream().map(Conversation::first).flatMap(Optional::stream).min(Instant::compareTo);
  }

  /** The last message's time, empty without messages. */
  public Optional<Instant> last() {
    return conversations.stream().map(Conversation::last).flatMap(Optional::stream).max(Instant::compareTo);
  }

  /**
   * How the Notes were placed.
   *
   * @param notes rcsync Notes read for the record
   * @param inbound Notes whose topic is the topic map's Inbound
   * @param outbound Outbound
   * @param failed Failed (an outbound text RingCentral could not deliver)
   * @param otherTopic Notes whose topic is none of the three (staff changed it): shown on the firm's side, marked
   * @param files MMS files linked (found in Salesforce Files)
   * @param filesMissing attachment lines of Note bodies with no file in Salesforce Files (listed, not linked)
   * @param salesforceCalls Salesforce API calls the transcript made
   * @param withoutCounterparty Notes whose counterparty field is empty (written before
   *     {@code salesforce.note.counterpartyField} was configured) or not configured at all: placed by the record's
   *     phone numbers instead of the number they were exchanged with
   */
  public record Counts(int notes, int inbound, int outbound, int failed, int otherTopic, int files, int filesMissing,
      long salesforceCalls, int withoutCounterparty) {
    /** Counts with every Note placed by its own counterparty number. */
    public Counts(int notes, int inbound, int outbound, int failed, int otherTopic, int files, int filesMissing,
        long salesforceCalls) {
      this(notes, inbound, outbound, failed, otherTopic, files, filesMissing, salesforceCalls, 0);
    }

    public Counts {
      if (withoutCounterparty < 0 || withoutCounterparty > notes) {
        throw new IllegalArgumentException("withoutCounterparty " + withoutCounterparty + " is not within 0.." + notes);
      }
      if (notes != inbound + outbound + failed + otherTopic) {
        throw new IllegalArgumentException("notes " + notes + " != inbound " + inbound + " + outbound " + outbound
            + " + failed " + failed + " + other " + otherTopic);
      }
    }

    /** The same counts with the Salesforce calls measured after reading. */
    public Counts withSalesforceCalls(long calls) {
      return new Counts(notes, inbound, outbound, failed, otherTopic, files, filesMissing, calls, withoutCounterparty);
    }
  }

  /**
   * The texts with one counterparty.
   *
   * @param counterparty the number (the Notes' counterparty field, else the record's only number), empty when the
   *     Notes do not say which of the record's numbers it was
   * @param label how the heading names the counterparty: {@code (502) 813-8900}, or the record's numbers joined by
   *     " or " when the counterparty is not known, or "unknown number"
   * @param entries by message time, then Note id
   */
  public record Conversation(Optional<PhoneNumber> counterparty, String label, List<Entry> entries) {
    public Conversation {
      Objects.requireNonNull(counterparty, "counterparty");
      Objects.requireNonNull(label, "label");
      entries = List.copyOf(entries);
    }

    public Optional<Instant> first() {
      return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0).time());
    }

    public Optional<Instant> last() {
      return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1).time());
    }
  }

  /** Which side a bubble is on and how it is marked. */
  public enum Side {
    /** From the counterparty to the firm (left). */
    INBOUND,
    /** From the firm (right). */
    OUTBOUND,
    /** From the firm, not delivered (right, marked failed). */
    FAILED,
    /** A Note whose topic is none of the topic map's (right, marked with its topic). */
    OTHER
  }

  /**
   * One text.
   *
   * @param noteId the Note
   * @param messageId RingCentral's message id (from {@code rc_msg_{id}}), or for an imported SMS-Magic record its whole
   *     Note key ({@code smsmagic_{record Id}}, issue 15): the entry's label, which says its source
   * @param side which side and mark
   * @param topic the Note's topic as stored
   * @param time the message time (the configured message time field), else the Note's CreatedDate
   * @param staff the Note owner's name (roster, else Salesforce User), or "unknown user 005…"
   * @param text the body without rcsync's {@code Attachment:} lines, line breaks kept
   * @param files the MMS files, in the body's order
   */
  public record Entry(SalesforceId noteId, String messageId, Side side, String topic, Instant time, String staff,
      String text, List<FileLink> files) {
    public Entry {
      Objects.requireNonNull(noteId, "noteId");
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(time, "time");
      topic = topic == null ? "" : topic;
      staff = staff == null ? "" : staff;
      text = text == null ? "" : text;
      files = List.copyOf(files);
    }
  }

  /**
   * One MMS file.
   *
   * @param name the file name
   * @param contentType the MIME type rcsync recorded in the Note body, empty when unknown
   * @param sizeBytes the stored size (Salesforce Files), else empty
   * @param sizeLabel the size as the body gave it ("1.2 MB") when no stored size is known, else empty
   * @param url where staff open it in Salesforce (Lightning record page of the ContentDocument), empty when the
   *     file is not in Salesforce Files or the org has no browser address
   * @param contentDocumentId the Salesforce File, empty when not found
   */
  public record FileLink(String name, String contentType, OptionalLong sizeBytes, String sizeLabel,
      Optional<String> url, Optional<SalesforceId> contentDocumentId) {
    public FileLink {
      Objects.requireNonNull(name, "name");
      contentType = contentType == null ? "" : contentType;
      Objects.requireNonNull(sizeBytes, "sizeBytes");
      sizeLabel = sizeLabel == null ? "" : sizeLabel;
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(contentDocumentId, "contentDocumentId");
    }

    /** Whether the file is in Salesforce Files. */
    public boolean stored() {
      return contentDocumentId.isPresent();
    }
  }
}

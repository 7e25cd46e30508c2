package io.rcsync.core.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * API names of the Salesforce objects and fields rcsync reads and writes. Defaults fit a standard Litify
 * org; every name can be overridden in the config file.
 *
 * @param messageTimeField optional Note field that receives the message's own time (RingCentral
 *     {@code creationTime}); {@code CreatedDate} of a backfilled Note is the backfill's time
 * @param matterClosedValues Matter status values meaning "closed"; any other value is open
 * @param intakeConvertedValues Intake status values meaning "converted"; any other value is unconverted
 * @param phoneFields Matter/Intake fields searched for a counterparty's number (config {@code phoneFields})
 * @param exactPhoneFields the subset of {@code phoneFields} that hold normalized 10-digit values ({@code 5028138900})
 *     and are indexed (e.g. a Text(10) field marked External ID, filled by a flow): looked up with an exact
 *     {@code IN (...)}, which can use the index, instead of the leading-wildcard {@code LIKE} every other phone field
 *     needs, which never can (config {@code exactPhoneFields}; empty by default, since Litify's own phone fields are
 *     of type Phone and not indexed)
 * @param counterpartyField optional Note field (Text of at least 10 characters, or Phone) that receives the
 *     counterparty's normalized 10-digit number, the one the match used ({@code NoteDraft#counterparty}; for a group
 *     text, the number that matched that Note's Matter/Intake): what a transcript groups conversations by (config
 *     {@code salesforce.note.counterpartyField}; none by default, since a standard Litify org has no such field)
 */
public record LitifySchema(
    String noteObject,
    String noteBodyField,
    String noteTopicField,
    String noteMatterField,
    String noteIntakeField,
    String noteExternalIdField,
    Optional<String> messageTimeField,
    String matterObject,
    String matterStatusField,
    Set<String> matterClosedValues,
    String intakeObject,
    String intakeStatusField,
    Set<String> intakeConvertedValues,
    List<String> phoneFields,
    Set<String> exactPhoneFields,
    Optional<String> counterpartyField) {

  public static final List<String> DEFAULT_PHONE_FIELDS =
      List.of("Matter_Phone__c", "Client_Phone__c", "litify_pm__Phone__c", "Phone_10_Digit__c");

  public LitifySchema {
    Objects.requireNonNull(noteObject);
    Objects.requireNonNull(noteBodyField);
    Objects.requireNonNull(noteTopicField);
    Objects.requireNonNull(noteMatterField);
    Objects.requireNonNull(noteIntakeField);
    Objects.requireNonNull(noteExternalIdField);
    Objects.requireNonNull(matterObject);
    Objects.requireNonNull(matterStatusField);
    Objects.requireNonNull(intakeObject);
    Objects.requireNonNull(intakeStatusField);
    messageTimeField = messageTimeField == null ? Optional.empty() : messageTimeField;
    counterpartyField = counterpartyField == null ? Optional.empty() : counterpartyField;
    matterClosedValues = Set.copyOf(matterClosedValues);
    intakeConvertedValues = Set.copyOf(intakeConvertedValues);
    phoneFields = List.copyOf(phoneFields);
    if (phoneFields.isEmpty()) {
      throw new IllegalArgumentException("phoneFields must name at least one field");
    }
    exactPhoneFields = exactPhoneFields == null ? Set.of() : Set.copyOf(exactPhoneFields);
    Set<String> known = new LinkedHashSet<>();
    phoneFields.forEach(f -> known.add(f.toLowerCase(Locale.ROOT)));
    for (String f : exactPhoneFields) {
      if (!known.contains(f.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("exactPhoneFields: '" + f + "' is not one of the phoneFields " + phoneFields
            + ": list it in phoneFields too");
      }
    }
  }

  /** A schema with no counterparty field (as before it existed). */
  public LitifySchema(String noteObject, String noteBodyField, String noteTopicField, String noteMatterField,
      String noteIntakeField, String noteExternalIdField, Optional<String> messageTimeField, String matterObject,
      String matterStatusField, Set<String> matterClosedValues, String intakeObject, String intakeStatusField,
      Set<String> intakeConvertedValues, List<String> phoneFields, Set<String> exactPhoneFields) {
    this(noteObject, noteBodyField, noteTopicField, noteMatterField, noteIntakeField, noteExternalIdField,
        messageTimeField, matterObject, matterStatusField, matterClosedValues, intakeObject, intakeStatusField,
        intakeConvertedValues, phoneFields, exactPhoneFields, Optional.empty());
  }

  /** A schema whose phone fields are all searched with LIKE (no {@code exactPhoneFields}), as before issue 13. */
  public LitifySchema(String noteObject, String noteBodyField, String noteTopicField, String noteMatterField,
      String noteIntakeField, String noteExternalIdField, Optional<String> messageTimeField, String matterObject,
      String matterStatusField, Set<String> matterClosedValues, String intakeObject, String intakeStatusField,
      Set<String> intakeConvertedValues, List<String> phoneFields) {
    this(noteObject, noteBodyField, noteTopicField, noteMatterField, noteIntakeField, noteExternalIdField,
        messageTimeField, matterObject, matterStatusField, matterClosedValues, intakeObject, intakeStatusField,
        intakeConvertedValues, phoneFields, Set.of());
  }

  /** True when {@code field} (any letter case) is one of {@link #exactPhoneFields()}. */
  public boolean isExactPhoneField(String field) {
    return exactPhoneFields.stream().anyMatch(f -> f.equalsIgnoreCase(field));
  }

  public static LitifySchema defaults() {
    return new LitifySchema(
        "litify_pm__lit_Note__c",
        "litify_pm__lit_Note__c",
        "litify_pm__lit_Topic__c",
        "litify_pm__lit_Matter__c",
        "litify_pm__lit_Intake__c",
        "External_Id__c",
        Optional.empty(),
        "litify_pm__Matter__c",
        "litify_pm__Status__c",
        Set.of("Closed"),
        "litify_pm__Intake__c",
        "litify_pm__Status__c",
        Set.of("Converted"),
        DEFAULT_PHONE_FIELDS);
  }

  /** This schema with other phone fields; exact fields no longer among them are dropped from the exact set. */
  public LitifySchema withPhoneFields(List<String> fields) {
    Set<String> keep = new LinkedHashSet<>();
    for (String f : exactPhoneFields) {
      if (fields.stream().anyMatch(g -> g.equalsIgnoreCase(f))) {
        keep.add(f);
      }
    }
    return new LitifySchema(noteObject, noteBodyField, noteTopicField, noteMatterField, noteIntakeField,
        noteExternalIdField, messageTimeField, matterObject, matterStatusField, matterClosedValues, intakeObject,
        intakeStatusField, intakeConvertedValues, fields, keep, counterpartyField);
  }

  /**
   * This schema with {@code fields} marked as holding normalized 10-digit values on an index (see
   * {@link #exactPhoneFields()}).
   *
   * @throws IllegalArgumentException when one of them is not in {@link #phoneFields()}
   */
  public LitifySchema withExactPhoneFields(Set<String> fields) {
    return new LitifySchema(noteObject, noteBodyField, noteTopicField, noteMatterField, noteIntakeField,
        noteExternalIdField, messageTimeField, matterObject, matterStatusField, matterClosedValues, intakeObject,
        intakeStatusField, intakeConvertedValues, phoneFields, fields, counterpartyField);
  }

  public LitifySchema withMessageTimeField(String field) {
    return new LitifySchema(noteObject, noteBodyField, noteTopicField, noteMatterField, noteIntakeField,
        noteExternalIdField, Optional.ofNullable(field), matterObject, matterStatusField, matterClosedValues,
        intakeObject, intakeStatusField, intakeConvertedValues, phoneFields, exactPhoneFields, counterpartyField);
  }

  /** This schema with {@code field} (null: none) as the {@link #counterpartyField()}. */
  public LitifySchema withCounterpartyField(String field) {
    return new LitifySchema(noteObject, noteBodyField, noteTopicField, noteMatterField, noteIntakeField,
        noteExternalIdField, messageTimeField, matterObject, matterStatusField, matterClosedValues, intakeObject,
        intakeStatusField, intakeConvertedValues, phoneFields, exactPhoneFields, Optional.ofNullable(field));
  }

  /** True for an open Matter or an unconverted Intake. */
  public boolean isActive(CaseRecord record) {
    String status = record.status();
    return switch (record.kind()) {
      case MATTER -> status == null || !matterClosedValues.contains(status);
      case INTAKE -> status == null || !intakeConvertedValues.contains(status);
    };
  }
}

package io.rcsync.core.domain;

import java.util.List;
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
    List<String> phoneFields) {

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
    matterClosedValues = Set.copyOf(matterClosedValues);
    intakeConvertedValues = Set.copyOf(intakeConvertedValues);
    phoneFields = List.copyOf(phoneFields);
    if (phoneFields.isEmpty()) {
      throw new IllegalArgumentException("phoneFields must name at least one field");
    }
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

  public LitifySchema withPhoneFields(List<String> fields) {
    return new LitifySchema(noteObject, noteBodyField, noteTopicField, noteMatterField, noteIntakeField,
        noteExternalIdField, messageTimeField, matterObject, matterStatusField, matterClosedValues, intakeObject,
        intakeStatusField, intakeConvertedValues, fields);
  }

  public LitifySchema withMessageTimeField(String field) {
    return new LitifySchema(noteObject, noteBodyField, noteTopicField, noteMatterField, noteIntakeField,
        noteExternalIdField, Optional.ofNullable(field), matterObject, matterStatusField, matterClosedValues,
        intakeObject, intakeStatusField, intakeConvertedValues, phoneFields);
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

package io.rcsync.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the SMS-Magic package keeps each value rcsync imports (issue 15), per message object. The defaults follow
 * SMS-Magic's public data model: SMS History {@code smagicinteract__smsMagic__c} ("stores information about Outgoing
 * SMS"; with Converse's single-object setting also inbound texts, {@code Direction__c} IN/OUT) and Incoming SMS
 * {@code smagicinteract__Incoming_SMS__c} (Interact admin guide, "Object/Data Model",
 * https://sms-magic.com/docs/technical-resources/sms-magic-interact-guide-for-salesforce-admin/sms-magic-object-data-model-1-48.html;
 * Converse user guide,
 * https://sms-magic.com/docs/technical-resources/sms-magic-converse-guide-for-salesforce-users/object_data-model.html).
 * Every name can be overridden in the config's {@code smsmagic} section; optional fields an org lacks (older Interact
 * orgs have no {@code Direction__c} or {@code Sent_On__c}) are dropped after describe, with a warning.
 *
 * @param objects the message objects to read, in order
 * @param failedStatuses values of the status fields that mean an outbound text was not delivered
 *     ({@code smsmagic.failedStatuses}, carried here by {@link SmsMagicSettings}; held upper-cased, compared
 *     case-insensitively): a record is failed when ANY of its status fields holds one ({@link SmsMagicRow})
 */
public record SmsMagicFieldMap(List<MessageObject> objects, Set<String> failedStatuses) {
  /** Lookups found by describe: any reference field whose {@code referenceTo} is the Matter / Intake object. */
  public static final String AUTO = "auto";

  public SmsMagicFieldMap {
    objects = List.copyOf(objects);
    failedStatuses = failedStatuses.stream().map(s -> s.strip().toUpperCase(java.util.Locale.ROOT))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** {@code objects} with the default failed statuses ({@link SmsMagicSettings#DEFAULT_FAILED_STATUSES}). */
  public SmsMagicFieldMap(List<MessageObject> objects) {
    this(objects, SmsMagicSettings.DEFAULT_FAILED_STATUSES);
  }

  /** These objects with {@code statuses} as the failed statuses. */
  public SmsMagicFieldMap withFailedStatuses(Set<String> statuses) {
    return new SmsMagicFieldMap(objects, statuses);
  }

  /**
   * The keys of one {@code smsmagic.objects.<label>} entry of the config file, as {@code config.ConfigLoader} reads
   * them and docs/configuration.md lists them; error lines name a setting with {@link #configKey(String, Setting)}.
   */
  public enum Setting {
    OBJECT("object"),
    BODY("body"),
    COUNTERPARTY("counterparty"),
    FIRM_NUMBER("firmNumber"),
    DIRECTION_FIELD("directionField"),
    INBOUND_VALUES("inboundValues"),
    FIXED_DIRECTION("fixedDirection"),
    TIME_FIELDS("timeFields"),
    OWNER_FIELDS("ownerFields"),
    STATUS_FIELDS("statusFields"),
    MATTER_LOOKUP("matterLookup"),
    INTAKE_LOOKUP("intakeLookup"),
    MESSAGE_TYPE("messageType"),
    NAME_FIELD("nameField"),
    MEDIA_URL("mediaUrl");

    private final String key;

    Setting(String key) {
      this.key = key;
    }

    /** The key inside an object's entry, e.g. {@code timeFields}. */
    public String key() {
      return key;
    }
  }

  /**
   * The full config key of one setting of one object, e.g. {@code smsmagic.objects.outgoing.timeFields}.
   *
   * @param label the object's {@link MessageObject#label()} ({@code outgoing} or {@code incoming})
   */
  public static String configKey(String label, Setting setting) {
    return "smsmagic.objects." + label + "." + setting.key();
  }

  /**
   * One SMS-Magic message object and its fields (API names).
   *
   * @param label a short name for reports, e.g. {@code outgoing}, {@code incoming}
   * @param object the object's API name
   * @param body the message text (a long text area: read, never filtered on)
   * @param counterparty the client's number
   * @param firmNumber the firm's number / sender id; empty = not read
   * @param directionField the field holding the direction; empty = every record is {@code fixedDirection}
   * @param inboundValues values of {@code directionField} meaning inbound (case-insensitive), e.g. {@code IN}
   * @param fixedDirection the direction when there is no direction field or it is empty
   * @param timeFields the message time: the first non-empty of these DateTime fields
   * @param ownerFields the sending user: the first non-empty of these User lookups; empty = the configured default owner
   * @param statusFields delivery status: the first of these holding a failed status, else the first non-empty
   *     ({@link SmsMagicRow})
   * @param matterLookup the record's own Matter lookup: a field name, {@link #AUTO} (describe), or empty (none)
   * @param intakeLookup the record's own Intake lookup: a field name, {@link #AUTO} (describe), or empty (none)
   * @param messageType the SMS/MMS type field; empty = not read
   * @param nameField the record's number, e.g. {@code Name} ({@code SM-000000123}); empty = not read
   * @param mediaUrl where an MMS record keeps its media: a URL field (Incoming SMS {@code MMS_Url__c}); the package
   *     stores no file, so the Note gets an {@code Attachment: URL} line instead; empty = not read
   */
  public record MessageObject(
      String label,
      String object,
      String body,
      String counterparty,
      Optional<String> firmNumber,
      Optional<String> directionField,
      Set<String> inboundValues,
      Direction fixedDirection,
      List<String> timeFields,
      List<String> ownerFields,
      List<String> statusFields,
      Optional<String> matterLookup,
      Optional<String> intakeLookup,
      Optional<String> messageType,
      Optional<String> nameField,
      Optional<String> mediaUrl) {
    public MessageObject {
      mediaUrl = mediaUrl == null ? Optional.empty() : mediaUrl;
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(counterparty, "counterparty");
      Objects.requireNonNull(fixedDirection, "fixedDirection");
      inboundValues = Set.copyOf(inboundValues);
      timeFields = List.copyOf(timeFields);
      ownerFields = List.copyOf(ownerFields);
      statusFields = List.copyOf(statusFields);
      if (timeFields.isEmpty()) {
        throw new IllegalArgumentException("smsmagic object " + object + ": at least one time field is needed");
      }
    }

    /** An object without a media URL field (as before MMS links were read). */
    public MessageObject(String label, String object, String body, String counterparty, Optional<String> firmNumber,
        Optional<String> directionField, Set<String> inboundValues, Direction fixedDirection, List<String> timeFields,
        List<String> ownerFields, List<String> statusFields, Optional<String> matterLookup,
        Optional<String> intakeLookup, Optional<String> messageType, Optional<String> nameField) {
      this(label, object, body, counterparty, firmNumber, directionField, inboundValues, fixedDirection, timeFields,
          ownerFields, statusFields, matterLookup, intakeLookup, messageType, nameField, Optional.empty());
    }

    /** The same object reading its media URL from {@code field} (empty = not read). */
    public MessageObject withMediaUrl(Optional<String> field) {
      return new MessageObject(label, object, body, counterparty, firmNumber, directionField, inboundValues,
          fixedDirection, timeFields, ownerFields, statusFields, matterLookup, intakeLookup, messageType, nameField,
          field);
    }

    /**
     * True when {@code name} is what SMS-Magic's data model gives {@code setting} for this object's label
     * ({@link #smsHistory()} for {@code outgoing}, {@link #incomingSms()} for {@code incoming}; compared ignoring
     * case), i.e. not a name the operator configured: an org that lacks a default optional field (an older Interact
     * org without {@code Direction__c} or {@code Sent_On__c}) is read without it, while a configured name the org
     * lacks is a config error. Any other label has no defaults.
     */
    public boolean isDefault(Setting setting, String name) {
      MessageObject d = "outgoing".equals(label) ? smsHistory() : "incoming".equals(label) ? incomingSms() : null;
      if (d == null || name == null) {
        return false;
      }
      java.util.function.Predicate<String> same = name::equalsIgnoreCase;
      return switch (setting) {
        case OBJECT -> same.test(d.object());
        case BODY -> same.test(d.body());
        case COUNTERPARTY -> same.test(d.counterparty());
        case FIRM_NUMBER -> d.firmNumber().filter(same).isPresent();
        case DIRECTION_FIELD -> d.directionField().filter(same).isPresent();
        case TIME_FIELDS -> d.timeFields().stream().anyMatch(same);
        case OWNER_FIELDS -> d.ownerFields().stream().anyMatch(same);
        case STATUS_FIELDS -> d.statusFields().stream().anyMatch(same);
        case MATTER_LOOKUP -> d.matterLookup().filter(same).isPresent();
        case INTAKE_LOOKUP -> d.intakeLookup().filter(same).isPresent();
        case MESSAGE_TYPE -> d.messageType().filter(same).isPresent();
        case NAME_FIELD -> d.nameField().filter(same).isPresent();
        case MEDIA_URL -> d.mediaUrl().filter(same).isPresent();
        case INBOUND_VALUES, FIXED_DIRECTION -> false;
      };
    }

    /** This object's config key of {@code setting}, e.g. {@code smsmagic.objects.outgoing.timeFields}. */
    public String configKey(Setting setting) {
      return SmsMagicFieldMap.configKey(label, setting);
    }
  }

  /**
   * SMS History, {@code smagicinteract__smsMagic__c}: body {@code SMSText__c} (LongTextArea 32000), counterparty
   * {@code PhoneNumber__c}, sender id {@code SenderId__c}, {@code Direction__c} OUT (default) / IN, time
   * {@code Sent_On__c} then {@code CreatedOn__c} then {@code CreatedDate}, sender {@code Sent_By__c} (Lookup(User)),
   * status {@code Status__c} then {@code sentStatus__c} then {@code deliveryStatus__c}, {@code Message_Type__c}.
   * {@code CreatedById} is not an owner candidate: automation inserts SMS History as an integration user.
   */
  public static MessageObject smsHistory() {
    String ns = "smagicinteract__";
    return new MessageObject("outgoing", ns + "smsMagic__c", ns + "SMSText__c", ns + "PhoneNumber__c",
        Optional.of(ns + "SenderId__c"), Optional.of(ns + "Direction__c"), Set.of("IN"), Direction.OUTBOUND,
        List.of(ns + "Sent_On__c", ns + "CreatedOn__c", "CreatedDate"), List.of(ns + "Sent_By__c"),
        List.of(ns + "Status__c", ns + "sentStatus__c", ns + "deliveryStatus__c"), Optional.of(AUTO), Optional.of(AUTO),
        Optional.of(ns + "Message_Type__c"), Optional.of("Name"));
  }

  /**
   * Incoming SMS, {@code smagicinteract__Incoming_SMS__c}: body {@code SMS_Text__c} (LongTextArea 4000), counterparty
   * {@code Mobile_Number__c}, firm number {@code Inbound_Number__c}, always inbound, time {@code CreatedDate} (the
   * object has no date-time field of its own), no sender (its {@code Sent_By__c} is "Deprecated. Do not use."),
   * {@code MMS_Type__c}, an MMS's media link {@code MMS_Url__c} (Url). SMS History keeps no media URL
   * ({@code MMS_Subject__c} only), so {@link #smsHistory()} reads none.
   */
  public static MessageObject incomingSms() {
    String ns = "smagicinteract__";
    return new MessageObject("incoming", ns + "Incoming_SMS__c", ns + "SMS_Text__c", ns + "Mobile_Number__c",
        Optional.of(ns + "Inbound_Number__c"), Optional.empty(), Set.of(), Direction.INBOUND, List.of("CreatedDate"),
        List.of(), List.of(), Optional.of(AUTO), Optional.of(AUTO), Optional.of(ns + "MMS_Type__c"), Optional.of("Name"),
        Optional.of(ns + "MMS_Url__c"));
  }

  /** SMS History and Incoming SMS with SMS-Magic's field names. */
  public static SmsMagicFieldMap defaults() {
    return new SmsMagicFieldMap(List.of(smsHistory(), incomingSms()));
  }
}

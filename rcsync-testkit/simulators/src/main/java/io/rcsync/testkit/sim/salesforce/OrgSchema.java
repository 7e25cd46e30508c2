package io.rcsync.testkit.sim.salesforce;

import io.rcsync.core.domain.LitifySchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The objects and fields of a simulated org. Immutable; object names are case-insensitive. Every schema has a
 * {@code User} object (key prefix {@code 005}) because {@code OwnerId} lookups are validated against it.
 */
public final class OrgSchema {
  public static final String USER = "User";

  private final Map<String, SObjectType> objects;

  private OrgSchema(Collection<SObjectType> types) {
    Map<String, SObjectType> map = new LinkedHashMap<>();
    Set<String> prefixes = new LinkedHashSet<>();
    for (SObjectType t : types) {
      if (map.put(t.name().toLowerCase(Locale.ROOT), t) != null) {
        throw new IllegalArgumentException("object " + t.name() + " declared twice");
      }
      if (!prefixes.add(t.keyPrefix())) {
        throw new IllegalArgumentException("key prefix " + t.keyPrefix() + " used by two objects");
      }
    }
    if (!map.containsKey(USER.toLowerCase(Locale.ROOT))) {
      SObjectType user = standardUser();
      if (!prefixes.add(user.keyPrefix())) {
        throw new IllegalArgumentException("key prefix 005 is reserved for User");
      }
      map.put(USER.toLowerCase(Locale.ROOT), user);
    }
    for (SObjectType t : map.values()) {
      for (SObjectField f : t.fields()) {
        for (String target : f.referenceTo()) {
          if (!map.containsKey(target.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                t.name() + "." + f.name() + " refers to " + target + ", which the schema does not declare");
          }
        }
      }
    }
    this.objects = java.util.Collections.unmodifiableMap(map);
  }

  public static OrgSchema of(SObjectType... types) {
    return new OrgSchema(List.of(types));
  }

  public static OrgSchema of(Collection<SObjectType> types) {
    return new OrgSchema(types);
  }

  /**
   * The standard User object: Id, Name, FirstName, LastName, Username, Email, IsActive and UserType (the license
   * category: "Standard" for internal users; partner, customer-portal, guest and automated users have others), as
   * the object reference lists them
   * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_user.htm).
   */
  public static SObjectType standardUser() {
    return SObjectType.builder(USER, "005")
        .label("User")
        .field(SObjectField.string("Name", 121).label("Full Name"))
        .field(SObjectField.string("FirstName", 40).label("First Name"))
        .field(SObjectField.string("LastName", 80).label("Last Name"))
        .field(SObjectField.string("Username", 80).asUnique())
        .field(SObjectField.string("Email", 128))
        .field(SObjectField.bool("IsActive").label("Active"))
        .field(SObjectField.picklist("UserType", "Standard", "PowerPartner", "PowerCustomerSuccess",
            "CustomerSuccess", "Guest", "CspLitePortal", "CsnOnly", "SelfService", "AutomatedProcess")
            .label("User Type"))
        .build();
  }

  /**
   * A Litify org as rcsync sees it, with the API names of {@code names}: User, the Matter and Intake objects
   * (Name, status picklist, every configured phone field as a 40-character text field) and the Note object
   * (owner, auto-number Name, body as a 131,072-character long text area, unrestricted topic picklist, Matter
   * and Intake lookups, unique External ID text(255), and the message-time date/time field and the counterparty
   * text(20) field when configured).
   */
  public static OrgSchema litifyDefaults(LitifySchema names) {
    return litifyDefaults(names, false);
  }

  /**
   * As {@link #litifyDefaults(LitifySchema)}, with the Note body a Rich Text Area when {@code richTextBody} (some
   * Litify orgs define it so) instead of a Long Text Area.
   */
  public static OrgSchema litifyDefaults(LitifySchema names, boolean richTextBody) {
    Set<String> matterStatuses = new LinkedHashSet<>(List.of("Open", "Pending", "Closed"));
    matterStatuses.addAll(names.matterClosedValues());
    Set<String> intakeStatuses = new LinkedHashSet<>(List.of("Open", "Working", "Converted", "Turned Down"));
    intakeStatuses.addAll(names.intakeConvertedValues());

    SObjectType.Builder matter = SObjectType.builder(names.matterObject(), "a0L")
        .label("Matter")
        .ownedByUser()
        .field(SObjectField.string("Name", 80).label("Matter Number"))
        .field(SObjectField.picklist(names.matterStatusField(), matterStatuses.toArray(String[]::new))
            .label("Status"));
    SObjectType.Builder intake = SObjectType.builder(names.intakeObject(), "a0C")
        .label("Intake")
        .ownedByUser()
        .field(SObjectField.string("Name", 80).label("Intake Number"))
        .field(SObjectField.picklist(names.intakeStatusField(), intakeStatuses.toArray(String[]::new))
            .label("Status"));
    for (String phone : names.phoneFields()) {
      matter.field(SObjectField.string(phone, 40));
      intake.field(SObjectField.string(phone, 40));
    }

    SObjectType.Builder note = SObjectType.builder(names.noteObject(), "a0N")
        .label("Note")
        .ownedByUser()
        .field(SObjectField.autoNumberName("N-{000000}").label("Note Name"))
        .field((richTextBody ? SObjectField.richTextArea(names.noteBodyField(), 131_072)
            : SObjectField.textarea(names.noteBodyField(), 131_072)).label("Note"))
        .field(SObjectField.picklist(names.noteTopicField(), "Text message sent", "Text message received", "Call",
            "Email", "General").label("Topic"))
        .field(SObjectField.reference(names.noteMatterField(), names.matterObject()).label("Matter"))
        .field(SObjectField.reference(names.noteIntakeField(), names.intakeObject()).label("Intake"))
        .field(SObjectField.string(names.noteExternalIdField(), 255).externalIdUnique().label("External Id"));
    names.messageTimeField().ifPresent(f -> note.field(SObjectField.dateTime(f).label("Message Time")));
    // the counterparty's 10 digits: a Text(20) field (a Phone field is a string of up to 40 in the API as well)
    names.counterpartyField().ifPresent(f -> note.field(SObjectField.string(f, 20).label("Counterparty")));

    List<SObjectType> types = new ArrayList<>();
    types.add(standardUser());
    types.add(matter.build());
    types.add(intake.build());
    types.add(note.build());
    return new OrgSchema(types).withSalesforceFiles();
  }

  /** Salesforce Files' objects: {@code ContentDocument} (069), {@code ContentVersion} (068), {@code ContentDocumentLink} (06A). */
  public static final String CONTENT_DOCUMENT = "ContentDocument";
  public static final String CONTENT_VERSION = "ContentVersion";
  public static final String CONTENT_DOCUMENT_LINK = "ContentDocumentLink";

  /**
   * A copy with Salesforce Files: {@code ContentDocument}, {@code ContentVersion} and {@code ContentDocumentLink}
   * with the fields rcsync uses, their polymorphic lookups ({@code FirstPublishLocationId}, {@code LinkedEntityId})
   * pointing at every other object of this schema. Properties (create/update/filter) as the Object Reference lists
   * them: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentversion.htm
   * and .../sforce_api_objects_contentdocumentlink.htm. {@code Description} is a textarea(1000), so not filterable;
   * {@code ExternalDocumentInfo1} is a filterable string(1000). A file's bytes ({@code VersionData}) are kept
   * beside the record, not as a field: SOQL cannot select them in this simulator.
   */
  public OrgSchema withSalesforceFiles() {
    List<String> targets = objects.values().stream().map(SObjectType::name)
        .filter(n -> !isFilesObject(n)).toList();
    String[] linkable = targets.toArray(String[]::new);
    SObjectType document = SObjectType.builder(CONTENT_DOCUMENT, "069")
        .label("Content Document")
        .ownedByUser()
        .field(SObjectField.string("Title", 255))
        .field(SObjectField.reference("LatestPublishedVersionId", CONTENT_VERSION).readOnly())
        .field(SObjectField.string("FileExtension", 40).readOnly())
        .field(SObjectField.string("FileType", 20).readOnly())
        .field(SObjectField.number("ContentSize").readOnly())
        .build();
    SObjectType version = SObjectType.builder(CONTENT_VERSION, "068")
        .label("Content Version")
        .ownedByUser()
        .field(SObjectField.string("Title", 255))
        .field(SObjectField.string("PathOnClient", 500).createOnly())
        .field(SObjectField.textarea("Description", 1000))
        .field(SObjectField.string("ReasonForChange", 1000))
        .field(SObjectField.string("ExternalDocumentInfo1", 1000))
        .field(SObjectField.string("ExternalDocumentInfo2", 1000))
        .field(SObjectField.reference("ContentDocumentId", CONTENT_DOCUMENT).createOnly())
        .field(SObjectField.reference("FirstPublishLocationId", linkable).createOnly())
        .field(SObjectField.picklist("ContentLocation", "S", "E", "L").restricted().createOnly())
        .field(SObjectField.number("ContentSize").readOnly())
        .field(SObjectField.string("FileExtension", 40).readOnly())
        .field(SObjectField.string("FileType", 20).readOnly())
        .field(SObjectField.string("Checksum", 50).readOnly())
        .field(SObjectField.string("VersionNumber", 20).readOnly())
        .field(SObjectField.bool("IsLatest").readOnly())
        .build();
    SObjectType link = SObjectType.builder(CONTENT_DOCUMENT_LINK, "06A")
        .label("Content Document Link")
        .field(SObjectField.reference("ContentDocumentId", CONTENT_DOCUMENT).required().createOnly())
        .field(SObjectField.reference("LinkedEntityId", linkable).required().createOnly())
        .field(SObjectField.picklist("ShareType", "V", "C", "I").restricted())
        .field(SObjectField.picklist("Visibility", "AllUsers", "InternalUsers", "SharedUsers").restricted())
        .build();
    Map<String, SObjectType> copy = new LinkedHashMap<>(objects);
    for (SObjectType t : List.of(document, version, link)) {
      copy.put(t.name().toLowerCase(Locale.ROOT), t);
    }
    return new OrgSchema(copy.values());
  }

  /** SMS-Magic's message objects (issue 15): SMS History and Incoming SMS, namespace {@code smagicinteract__}. */
  public static final String SMS_HISTORY = "smagicinteract__smsMagic__c";
  public static final String INCOMING_SMS = "smagicinteract__Incoming_SMS__c";

  /**
   * A copy with the retired SMS-Magic package's message objects as its data model and subscriber orgs' retrieved
   * metadata describe them (opt-in: an org without the package answers {@code INVALID_TYPE} to a query on them and
   * 404 to their describe, as Salesforce does). Field names and types: SMS-Magic Interact admin guide, "Object/Data
   * Model"
   * (https://sms-magic.com/docs/technical-resources/sms-magic-interact-guide-for-salesforce-admin/sms-magic-object-data-model-1-48.html),
   * Converse user guide, "Object/Data Model"
   * (https://sms-magic.com/docs/technical-resources/sms-magic-converse-guide-for-salesforce-users/object_data-model.html)
   * and a subscriber org's retrieved {@code smagicinteract__smsMagic__c.object} / {@code smagicinteract__Incoming_SMS__c.object}
   * (https://github.com/bycter/salesforce_sandbox/blob/91a6e619e0e8c60fec80900102ca14695a137cad/src/objects/smagicinteract__smsMagic__c.object).
   *
   * <ul>
   *   <li>SMS History {@value #SMS_HISTORY} (key prefix {@code a3S}): Name auto-number {@code SM-{000000000}},
   *       {@code SMSText__c} Long Text Area(32000), {@code PhoneNumber__c} (Phone: the client's mobile),
   *       {@code SenderId__c} Text(20), {@code Direction__c} restricted picklist OUT/IN, {@code Status__c} picklist
   *       DELIVERED/ERROR/FAILED/QUEUED/SUBMITTED/UNDELIVERED, {@code sentStatus__c} and {@code deliveryStatus__c}
   *       Text(100), {@code Delivery_Error_Message__c} Long Text Area(1000), {@code Sent_On__c} and
   *       {@code CreatedOn__c} Date/Time, {@code Sent_By__c} and {@code User__c} Lookup(User), Contact/Lead/Account
   *       lookups, {@code external_field__c} Text(255) External ID, unique, required, {@code Message_Type__c}
   *       SMS/MMS;
   *   <li>Incoming SMS {@value #INCOMING_SMS} (key prefix {@code a3I}): Name auto-number {@code I-{00000000}},
   *       {@code SMS_Text__c} Long Text Area(4000), {@code Mobile_Number__c} (Phone), {@code Inbound_Number__c}
   *       Text(20), {@code User__c} and the deprecated {@code Sent_By__c} Lookup(User), Contact/Lead/account lookups,
   *       {@code outgoing_sms__c} Lookup(SMS History), {@code external_field__c}, {@code MMS_Type__c} SMS/MMS,
   *       {@code MMS_Url__c}; no date/time field of its own (its time is {@code CreatedDate});
   *   <li>on both, the unnamespaced lookups an administrator adds for custom objects the package texts from
   *       ({@code Matter__c} to the Matter object, {@code Intake__c} to the Intake object), as orgs add e.g.
   *       {@code doctor__c} to all the package's message objects.
   * </ul>
   * Standard {@code Account} (001), {@code Contact} (003) and {@code Lead} (00Q) are added with a Name when missing.
   * Seeding ({@link SalesforceSimulator#insert}) may set {@code CreatedDate}, {@code Name} and {@code Id}.
   *
   * @param names the Litify object names the {@code Matter__c}/{@code Intake__c} lookups point at
   * @param olderInteract true for an older Interact org ([K]: its SMS History has no {@code Direction__c} and no
   *     {@code Sent_On__c}, https://github.com/karanp009/supply-desk-sandbox-back-up/blob/62f03160a2798662889976cd6b663502805d9857/src/objects/smagicinteract__smsMagic__c.object)
   */
  public OrgSchema withSmsMagic(LitifySchema names, boolean olderInteract) {
    String ns = "smagicinteract__";
    Map<String, SObjectType> copy = new LinkedHashMap<>(objects);
    for (SObjectType std : List.of(
        SObjectType.builder("Account", "001").label("Account").ownedByUser()
            .field(SObjectField.string("Name", 255).required()).build(),
        SObjectType.builder("Contact", "003").label("Contact").ownedByUser()
            .field(SObjectField.string("LastName", 80).required())
            .field(SObjectField.string("MobilePhone", 40)).build(),
        SObjectType.builder("Lead", "00Q").label("Lead").ownedByUser()
            .field(SObjectField.string("LastName", 80).required())
            .field(SObjectField.string("MobilePhone", 40)).build())) {
      copy.putIfAbsent(std.name().toLowerCase(Locale.ROOT), std);
    }
    SObjectType.Builder history = SObjectType.builder(SMS_HISTORY, "a3S")
        .label("SMS History")
        .ownedByUser()
        .field(SObjectField.autoNumberName("SM-{000000000}").label("Record number"))
        .field(SObjectField.textarea(ns + "SMSText__c", 32_000).label("SMS Text"))
        .field(SObjectField.string(ns + "PhoneNumber__c", 40).label("Mobile Number"))
        .field(SObjectField.string(ns + "Unformatted_Phone_Number__c", 40).label("Unformatted Phone Number"))
        .field(SObjectField.string(ns + "SenderId__c", 20).label("Sender ID"))
        .field(SObjectField.string(ns + "Type__c", 20).label("Type"))
        .field(SObjectField.picklist(ns + "Status__c", "DELIVERED", "ERROR", "FAILED", "QUEUED", "SUBMITTED",
            "UNDELIVERED").label("Status"))
        .field(SObjectField.string(ns + "sentStatus__c", 100).label("Sent Status"))
        .field(SObjectField.string(ns + "deliveryStatus__c", 100).label("Delivery Status"))
        .field(SObjectField.string(ns + "statusMessage__c", 255).label("Status Message"))
        .field(SObjectField.textarea(ns + "Delivery_Error_Message__c", 1_000).label("Delivery Error Message"))
        .field(SObjectField.dateTime(ns + "CreatedOn__c").label("Created On"))
        .field(SObjectField.reference(ns + "Sent_By__c", USER).label("Sent By"))
        .field(SObjectField.reference(ns + "User__c", USER).label("User"))
        .field(SObjectField.reference(ns + "Account__c", "Account").label("Account"))
        .field(SObjectField.reference(ns + "Contact__c", "Contact").label("Contact"))
        .field(SObjectField.reference(ns + "Lead__c", "Lead").label("Lead"))
        .field(SObjectField.string(ns + "ObjectType__c", 75).label("Object Type"))
        .field(SObjectField.string(ns + "Name__c", 255).label("Name"))
        .field(SObjectField.string(ns + "external_field__c", 255).externalIdUnique().required()
            .label("external field"))
        .field(SObjectField.picklist(ns + "Message_Type__c", "SMS", "MMS").label("Message Type"))
        .field(SObjectField.string(ns + "MMS_Subject__c", 255).label("MMS Subject"))
        .field(SObjectField.reference("Matter__c", names.matterObject()).label("Matter"))
        .field(SObjectField.reference("Intake__c", names.intakeObject()).label("Intake"));
    if (!olderInteract) {
      // Converse: "If single object is enabled", IN rows live here too; "1 means outgoing, 0 means inbound"
      history.field(SObjectField.picklist(ns + "Direction__c", "OUT", "IN").restricted().label("Direction"));
      history.field(SObjectField.dateTime(ns + "Sent_On__c").label("Sent On"));
    }
    SObjectType incoming = SObjectType.builder(INCOMING_SMS, "a3I")
        .label("Incoming SMS")
        .ownedByUser()
        .field(SObjectField.autoNumberName("I-{00000000}").label("Incoming SMS Number"))
        .field(SObjectField.textarea(ns + "SMS_Text__c", 4_000).label("SMS Text"))
        .field(SObjectField.string(ns + "Mobile_Number__c", 40).label("Mobile Number"))
        .field(SObjectField.string(ns + "Inbound_Number__c", 20).label("Inbound Number"))
        .field(SObjectField.reference(ns + "User__c", USER).label("User"))
        .field(SObjectField.reference(ns + "Sent_By__c", USER).label("Sent By (Deprecated. Do not use.)"))
        .field(SObjectField.reference(ns + "Contact__c", "Contact").label("Contact"))
        .field(SObjectField.reference(ns + "Lead__c", "Lead").label("Lead"))
        .field(SObjectField.reference(ns + "account__c", "Account").label("Account"))
        .field(SObjectField.string(ns + "ObjectType__c", 255).label("Object Type"))
        .field(SObjectField.reference(ns + "outgoing_sms__c", SMS_HISTORY).label("Outgoing SMS"))
        .field(SObjectField.string(ns + "external_field__c", 255).externalIdUnique().required()
            .label("external field"))
        .field(SObjectField.picklist(ns + "MMS_Type__c", "SMS", "MMS").label("MMS Type"))
        .field(SObjectField.string(ns + "MMS_Url__c", 255).label("MMS Url"))
        .field(SObjectField.bool(ns + "New__c").label("New"))
        .field(SObjectField.reference("Matter__c", names.matterObject()).label("Matter"))
        .field(SObjectField.reference("Intake__c", names.intakeObject()).label("Intake"))
        .build();
    copy.put(SMS_HISTORY.toLowerCase(Locale.ROOT), history.build());
    copy.put(INCOMING_SMS.toLowerCase(Locale.ROOT), incoming);
    return new OrgSchema(copy.values());
  }

  /** {@link #withSmsMagic(LitifySchema, boolean)} with the Converse-era fields ({@code Direction__c}, {@code Sent_On__c}). */
  public OrgSchema withSmsMagic(LitifySchema names) {
    return withSmsMagic(names, false);
  }

  static boolean isFilesObject(String name) {
    return name.equalsIgnoreCase(CONTENT_DOCUMENT) || name.equalsIgnoreCase(CONTENT_VERSION)
        || name.equalsIgnoreCase(CONTENT_DOCUMENT_LINK);
  }

  public Optional<SObjectType> object(String name) {
    return Optional.ofNullable(objects.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The object, or an exception naming the objects the schema does have. */
  public SObjectType requireObject(String name) {
    return object(name).orElseThrow(() -> new IllegalArgumentException(
        "object '" + name + "' is not in the simulated org schema (objects: " + names() + ")"));
  }

  public Collection<SObjectType> objects() {
    return objects.values();
  }

  public List<String> names() {
    return objects.values().stream().map(SObjectType::name).toList();
  }

  public Optional<SObjectType> objectWithKeyPrefix(String prefix) {
    return objects.values().stream().filter(t -> t.keyPrefix().equals(prefix)).findFirst();
  }

  /** A copy with this object added, or replacing the object of the same name. */
  public OrgSchema with(SObjectType type) {
    Map<String, SObjectType> copy = new LinkedHashMap<>(objects);
    copy.put(type.name().toLowerCase(Locale.ROOT), type);
    return new OrgSchema(copy.values());
  }
}

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

  /** The standard User object: Id, Name, Username, Email, IsActive. */
  public static SObjectType standardUser() {
    return SObjectType.builder(USER, "005")
        .label("User")
        .field(SObjectField.string("Name", 121).label("Full Name"))
        .field(SObjectField.string("Username", 80).asUnique())
        .field(SObjectField.string("Email", 128))
        .field(SObjectField.bool("IsActive").label("Active"))
        .build();
  }

  /**
   * A Litify org as rcsync sees it, with the API names of {@code names}: User, the Matter and Intake objects
   * (Name, status picklist, every configured phone field as a 40-character text field) and the Note object
   * (owner, auto-number Name, body as a 131,072-character long text area, unrestricted topic picklist, Matter
   * and Intake lookups, unique External ID text(255), and the message-time date/time field when configured).
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

    List<SObjectType> types = new ArrayList<>();
    types.add(standardUser());
    types.add(matter.build());
    types.add(intake.build());
    types.add(note.build());
    return new OrgSchema(types);
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

package io.rcsync.testkit.sim.salesforce;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulated sObject type: API name, label, 3-character key prefix and fields. Every type has the standard fields
 * {@code Id}, {@code IsDeleted}, {@code CreatedDate}, {@code LastModifiedDate}, {@code SystemModstamp},
 * {@code CreatedById} and {@code LastModifiedById} (relationships {@code CreatedBy}, {@code LastModifiedBy}), as every
 * Salesforce object does; the builder adds them when missing.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/system_fields.htm">System Fields</a>
 * Field names are case-insensitive, as in Salesforce.
 */
public final class SObjectType {
  private final String name;
  private final String label;
  private final String keyPrefix;
  private final List<SObjectField> fields;
  private final Map<String, SObjectField> byLowerName;

  private SObjectType(String name, String label, String keyPrefix, List<SObjectField> fields) {
    this.name = name;
    this.label = label;
    this.keyPrefix = keyPrefix;
    this.fields = List.copyOf(fields);
    Map<String, SObjectField> map = new LinkedHashMap<>();
    for (SObjectField f : fields) {
      if (map.put(f.name().toLowerCase(Locale.ROOT), f) != null) {
        throw new IllegalArgumentException("object " + name + " declares field " + f.name() + " twice");
      }
    }
    this.byLowerName = Collections.unmodifiableMap(map);
  }

  public static Builder builder(String name, String keyPrefix) {
    return new Builder(name, keyPrefix);
  }

  public String name() {
    return name;
  }

  public String label() {
    return label;
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  public boolean custom() {
    return name.endsWith("__c");
  }

  /** Fields in declaration order (standard fields first). */
  public List<SObjectField> fields() {
    return fields;
  }

  /** The field with this API name, ignoring case. */
  public Optional<SObjectField> field(String fieldName) {
    return Optional.ofNullable(byLowerName.get(fieldName.toLowerCase(Locale.ROOT)));
  }

  public boolean hasField(String fieldName) {
    return byLowerName.containsKey(fieldName.toLowerCase(Locale.ROOT));
  }

  /** The lookup whose relationship name is this (e.g. {@code Owner} for {@code OwnerId}), ignoring case. */
  public Optional<SObjectField> relationship(String relationshipName) {
    return fields.stream()
        .filter(f -> f.type() == FieldType.REFERENCE && f.relationshipName() != null
            && f.relationshipName().equalsIgnoreCase(relationshipName))
        .findFirst();
  }

  public List<SObjectField> externalIdFields() {
    return fields.stream().filter(SObjectField::externalId).toList();
  }

  /** A copy of this type with one more field (or a field replaced, matched by name). */
  public SObjectType withField(SObjectField field) {
    List<SObjectField> copy = new ArrayList<>(fields);
    copy.removeIf(f -> f.is(field.name()));
    copy.add(field);
    return new SObjectType(name, label, keyPrefix, copy);
  }

  @Override
  public String toString() {
    return name;
  }

  /** Builds an {@link SObjectType}. */
  public static final class Builder {
    private final String name;
    private final String keyPrefix;
    private String label;
    private final List<SObjectField> fields = new ArrayList<>();

    private Builder(String name, String keyPrefix) {
      this.name = Objects.requireNonNull(name, "name");
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("invalid object API name: '" + name + "'");
      }
      if (!keyPrefix.matches("[A-Za-z0-9]{3}")) {
        throw new IllegalArgumentException("key prefix must be 3 letters/digits: '" + keyPrefix + "'");
      }
    }

    public Builder label(String value) {
      this.label = value;
      return this;
    }

    public Builder field(SObjectField field) {
      fields.removeIf(f -> f.is(field.name()));
      fields.add(field);
      return this;
    }

    public Builder fields(List<SObjectField> more) {
      more.forEach(this::field);
      return this;
    }

    /** Adds {@code OwnerId}, a lookup to User that defaults to the running user. */
    public Builder ownedByUser() {
      return field(SObjectField.reference("OwnerId", "User").label("Owner ID").required());
    }

    public SObjectType build() {
      List<SObjectField> all = new ArrayList<>();
      addStandard(all, SObjectField.id());
      addStandard(all, SObjectField.isDeleted());
      addStandard(all, SObjectField.createdDate());
      addStandard(all, SObjectField.lastModifiedDate());
      addStandard(all, SObjectField.systemModstamp());
      addStandard(all, SObjectField.createdById());
      addStandard(all, SObjectField.lastModifiedById());
      for (SObjectField f : fields) {
        if (all.stream().noneMatch(a -> a.is(f.name()))) {
          all.add(f);
        }
      }
      String l = label != null ? label : name.replaceFirst("^[A-Za-z0-9]+__", "").replaceFirst("__c$", "")
          .replace('_', ' ').trim();
      return new SObjectType(name, l, keyPrefix, all);
    }

    private void addStandard(List<SObjectField> all, SObjectField standard) {
      SObjectField declared = fields.stream().filter(f -> f.is(standard.name())).findFirst().orElse(standard);
      all.add(declared);
    }
  }
}

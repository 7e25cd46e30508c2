package io.rcsync.testkit.sim.salesforce;

import java.util.List;
import java.util.Objects;

/**
 * One field of a simulated sObject: the subset of the describe {@code Field} properties the simulator enforces.
 * Build with the static factories and refine with the {@code with...}/flag methods, e.g.
 * {@code SObjectField.string("External_Id__c", 255).externalIdUnique()}.
 *
 * @param length maximum characters for text types (0 for others)
 * @param nillable false = a value is required on create (booleans default to false instead)
 * @param referenceTo target objects of a lookup (REFERENCE only)
 * @param relationshipName name used in SOQL relationship paths ({@code Owner}, {@code litify_pm__lit_Matter__r})
 * @param picklistValues active values (PICKLIST only); checked only when {@code restrictedPicklist}
 * @param autoNumberFormat e.g. {@code "N-{000000}"}: the system fills the field on create
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm">DescribeSObjectResult / Field</a>
 */
public record SObjectField(
    String name,
    String label,
    FieldType type,
    int length,
    boolean createable,
    boolean updateable,
    boolean nillable,
    boolean externalId,
    boolean unique,
    List<String> referenceTo,
    String relationshipName,
    List<String> picklistValues,
    boolean restrictedPicklist,
    String autoNumberFormat) {

  public SObjectField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("invalid field API name: '" + name + "'");
    }
    label = label == null ? defaultLabel(name) : label;
    referenceTo = referenceTo == null ? List.of() : List.copyOf(referenceTo);
    picklistValues = picklistValues == null ? List.of() : List.copyOf(picklistValues);
    if (type == FieldType.REFERENCE && referenceTo.isEmpty()) {
      throw new IllegalArgumentException("reference field " + name + " must name the objects it refers to");
    }
    if (type == FieldType.REFERENCE && relationshipName == null) {
      relationshipName = defaultRelationshipName(name);
    }
  }

  // ---- factories -------------------------------------------------------------------------------------------

  /** The record id: 18 characters, read-only. */
  public static SObjectField id() {
    return new SObjectField("Id", "Record ID", FieldType.ID, 18, false, false, false, false, false, null, null, null,
        false, null);
  }

  public static SObjectField string(String name, int length) {
    return new SObjectField(name, null, FieldType.STRING, length, true, true, true, false, false, null, null, null,
        false, null);
  }

  /** A text area; longer than 255 characters it is a long text area, which SOQL cannot filter or sort on. */
  public static SObjectField textarea(String name, int length) {
    return new SObjectField(name, null, FieldType.TEXTAREA, length, true, true, true, false, false, null, null, null,
        false, null);
  }

  /** A Rich Text Area (HTML values); never filterable or sortable in SOQL. */
  public static SObjectField richTextArea(String name, int length) {
    return new SObjectField(name, null, FieldType.RICHTEXTAREA, length, true, true, true, false, false, null, null,
        null, false, null);
  }

  /** An unrestricted picklist (any value is accepted through the API, as for Litify's Topic). */
  public static SObjectField picklist(String name, String... values) {
    return new SObjectField(name, null, FieldType.PICKLIST, 255, true, true, true, false, false, null, null,
        List.of(values), false, null);
  }

  /** A lookup to one or more objects. */
  public static SObjectField reference(String name, String... referenceTo) {
    return new SObjectField(name, null, FieldType.REFERENCE, 18, true, true, true, false, false, List.of(referenceTo),
        null, null, false, null);
  }

  public static SObjectField dateTime(String name) {
    return new SObjectField(name, null, FieldType.DATETIME, 0, true, true, true, false, false, null, null, null, false,
        null);
  }

  public static SObjectField date(String name) {
    return new SObjectField(name, null, FieldType.DATE, 0, true, true, true, false, false, null, null, null, false,
        null);
  }

  /** A checkbox: never null, defaults to false. */
  public static SObjectField bool(String name) {
    return new SObjectField(name, null, FieldType.BOOLEAN, 0, true, true, false, false, false, null, null, null, false,
        null);
  }

  public static SObjectField number(String name) {
    return new SObjectField(name, null, FieldType.DOUBLE, 0, true, true, true, false, false, null, null, null, false,
        null);
  }

  /** An auto-number Name field, e.g. {@code autoNumberName("N-{000000}")}. */
  public static SObjectField autoNumberName(String format) {
    return new SObjectField("Name", "Name", FieldType.STRING, 80, false, false, false, false, false, null, null, null,
        false, format);
  }

  static SObjectField createdDate() {
    return dateTime("CreatedDate").label("Created Date").readOnly().required();
  }

  static SObjectField lastModifiedDate() {
    return dateTime("LastModifiedDate").label("Last Modified Date").readOnly().required();
  }

  static SObjectField isDeleted() {
    return bool("IsDeleted").label("Deleted").readOnly();
  }

  /** Set by the org on every write, like LastModifiedDate (also by system changes, which the simulator has none of). */
  static SObjectField systemModstamp() {
    return dateTime("SystemModstamp").label("System Modstamp").readOnly().required();
  }

  /** The user who created the record (relationship {@code CreatedBy}). */
  static SObjectField createdById() {
    return reference("CreatedById", OrgSchema.USER).label("Created By ID").readOnly();
  }

  /** The user who last changed the record (relationship {@code LastModifiedBy}). */
  static SObjectField lastModifiedById() {
    return reference("LastModifiedById", OrgSchema.USER).label("Last Modified By ID").readOnly();
  }

  // ---- refinements -----------------------------------------------------------------------------------------

  public SObjectField label(String newLabel) {
    return new SObjectField(name, newLabel, type, length, createable, updateable, nillable, externalId, unique,
        referenceTo, relationshipName, picklistValues, restrictedPicklist, autoNumberFormat);
  }

  public SObjectField length(int newLength) {
    return new SObjectField(name, label, type, newLength, createable, updateable, nillable, externalId, unique,
        referenceTo, relationshipName, picklistValues, restrictedPicklist, autoNumberFormat);
  }

  /** A value is required on create. */
  public SObjectField required() {
    return new SObjectField(name, label, type, length, createable, updateable, false, externalId, unique, referenceTo,
        relationshipName, picklistValues, restrictedPicklist, autoNumberFormat);
  }

  /** Neither createable nor updateable through the API (system fields, formulas). */
  public SObjectField readOnly() {
    return new SObjectField(name, label, type, length, false, false, nillable, externalId, unique, referenceTo,
        relationshipName, picklistValues, restrictedPicklist, autoNumberFormat);
  }

  /** Createable but not updateable. */
  public SObjectField createOnly() {
    return new SObjectField(name, label, type, length, createable, false, nillable, externalId, unique, referenceTo,
        relationshipName, picklistValues, restrictedPicklist, autoNumberFormat);
  }

  /** Marked External ID (upserts may match on it), not unique. */
  public SObjectField asExternalId() {
    return new SObjectField(name, label, type, length, createable, updateable, nillable, true, unique, referenceTo,
        relationshipName, picklistValues, restrictedPicklist, autoNumberFormat);
  }

  /** External ID and unique (case-insensitive), like {@code External_Id__c}. */
  public SObjectField externalIdUnique() {
    return new SObjectField(name, label, type, length, createable, updateable, nillable, true, true, referenceTo,
        relationshipName, picklistValues, restrictedPicklist, autoNumberFormat);
  }

  public SObjectField asUnique() {
    return new SObjectField(name, label, type, length, createable, updateable, nillable, externalId, true, referenceTo,
        relationshipName, picklistValues, restrictedPicklist, autoNumberFormat);
  }

  /** Only the listed picklist values are accepted. */
  public SObjectField restricted() {
    return new SObjectField(name, label, type, length, createable, updateable, nillable, externalId, unique,
        referenceTo, relationshipName, picklistValues, true, autoNumberFormat);
  }

  public SObjectField relationshipName(String newName) {
    return new SObjectField(name, label, type, length, createable, updateable, nillable, externalId, unique,
        referenceTo, newName, picklistValues, restrictedPicklist, autoNumberFormat);
  }

  // ---- derived properties ----------------------------------------------------------------------------------

  public boolean autoNumber() {
    return autoNumberFormat != null;
  }

  public boolean custom() {
    return name.endsWith("__c");
  }

  /** Long text areas (textarea longer than 255) can't be used in a SOQL WHERE clause. */
  public boolean filterable() {
    return !(type == FieldType.RICHTEXTAREA || type == FieldType.TEXTAREA && length > 255);
  }

  /** Long text areas can't be used in ORDER BY. */
  public boolean sortable() {
    return filterable();
  }

  public boolean groupable() {
    return filterable() && type != FieldType.DATETIME && type != FieldType.DOUBLE;
  }

  boolean is(String otherName) {
    return name.equalsIgnoreCase(otherName);
  }

  private static String defaultLabel(String name) {
    String base = name.replaceFirst("^[A-Za-z0-9]+__", "").replaceFirst("__c$", "");
    return base.replace('_', ' ').trim();
  }

  private static String defaultRelationshipName(String name) {
    if (name.endsWith("__c")) {
      return name.substring(0, name.length() - 3) + "__r";
    }
    if (name.endsWith("Id") && name.length() > 2) {
      return name.substring(0, name.length() - 2);
    }
    return null;
  }
}

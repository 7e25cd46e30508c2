package io.rcsync.testkit.sim.salesforce;

/**
 * The Salesforce field types the simulator models, with the names {@code describe} reports.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm">Field Types</a>
 */
public enum FieldType {
  ID("id", "tns:ID"),
  STRING("string", "xsd:string"),
  TEXTAREA("textarea", "xsd:string"),
  /**
   * A Rich Text Area: describe reports {@code type: textarea} with {@code extraTypeInfo: richtextarea} and
   * {@code htmlFormatted: true}; its values are HTML.
   */
  RICHTEXTAREA("textarea", "xsd:string"),
  PICKLIST("picklist", "xsd:string"),
  REFERENCE("reference", "tns:ID"),
  DATETIME("datetime", "xsd:dateTime"),
  DATE("date", "xsd:date"),
  BOOLEAN("boolean", "xsd:boolean"),
  DOUBLE("double", "xsd:double");

  private final String describeName;
  private final String soapType;

  FieldType(String describeName, String soapType) {
    this.describeName = describeName;
    this.soapType = soapType;
  }

  /** The {@code type} value of a field in a describe result, e.g. {@code "datetime"}. */
  public String describeName() {
    return describeName;
  }

  public String soapType() {
    return soapType;
  }

  /** String, text area and picklist: the types SOQL compares as (case-insensitive) text. */
  public boolean isText() {
    return this == STRING || this == TEXTAREA || this == RICHTEXTAREA || this == PICKLIST;
  }

  /** Record ids and lookups: 15/18-character Salesforce ids. */
  public boolean isId() {
    return this == ID || this == REFERENCE;
  }

  /** The name SOQL filter errors use, e.g. "dateTime" in "must be of type dateTime". */
  String soqlName() {
    return switch (this) {
      case DATETIME -> "dateTime";
      case ID, REFERENCE -> "id";
      case TEXTAREA, RICHTEXTAREA, PICKLIST, STRING -> "string";
      default -> describeName;
    };
  }
}

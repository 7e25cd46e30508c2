package io.rcsync.core.domain;

import java.util.Objects;

/** A Salesforce record id, 15 or 18 characters. Compares on the case-sensitive 15-character form. */
public record SalesforceId(String value) {
  public SalesforceId {
    Objects.requireNonNull(value, "Salesforce id");
    if (!value.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}")) {
      throw new IllegalArgumentException("invalid Salesforce id: '" + value + "' (15 or 18 letters/digits expected)");
    }
  }

  public static SalesforceId of(String value) {
    return new SalesforceId(value);
  }

  /** The 15-character case-sensitive form. */
  public String shortForm() {
    return value.substring(0, 15);
  }

  /** Same record, whichever of the 15/18-character forms each side uses. */
  public boolean sameRecord(SalesforceId other) {
    return other != null && shortForm().equals(other.shortForm());
  }

  @Override
  public String toString() {
    return value;
  }
}

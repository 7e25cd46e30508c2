package io.rcsync.core.domain;

import java.util.Objects;

/** A Salesforce record id, 15 or 18 characters. Compares on the case-sensitive 15-character form. */
public record SalesforceId(String value) {
  private static final String CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

  public SalesforceId {
    Objects.requireNonNull(value, "Salesforce id");
    if (!value.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}")) {
      throw new IllegalArgumentException("invalid Salesforce id: '" + value + "' (15 or 18 letters/digits expected)");
    }
  }

  public static SalesforceId of(String value) {
    return new SalesforceId(value);
  }

  /**
   * A record Id read from data (an org's JSON, a Data Loader CSV): a 15-character Id as it is; an 18-character Id in
   * its canonical form, so the org and every export key the same record the same way. The 18-character form is
   * Salesforce's case-insensitive one (SOAP API Developer Guide, "ID Field Type",
   * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm): a tool (or a spreadsheet's
   * UPPER()) may change its letters' case, and its 3-character suffix still tells which of the first 15 are upper
   * case. So an Id whose letters are all of one case takes the case its suffix encodes; a mixed-case Id must carry
   * the checksum of its first 15 characters as they are.
   *
   * @param raw 15 or 18 letters/digits
   * @return the Id, an 18-character one as {@code id15 + checksum(id15)} with the case restored
   * @throws IllegalArgumentException naming the problem: not 15/18 letters/digits, or a suffix that is not the
   *     checksum of the first 15 characters (a truncated or mistyped Id)
   */
  public static SalesforceId caseSafe(String raw) {
    SalesforceId id = new SalesforceId(raw);
    if (raw.length() == 15 || checksum(raw.substring(0, 15)).equals(raw.substring(15))) {
      return id;
    }
    String suffix = raw.substring(15).toUpperCase(java.util.Locale.ROOT);
    String head = raw.substring(0, 15);
    boolean oneCase = head.equals(head.toUpperCase(java.util.Locale.ROOT))
        || head.equals(head.toLowerCase(java.util.Locale.ROOT));
    if (oneCase) {
      StringBuilder restored = new StringBuilder(15);
      for (int chunk = 0; chunk < 3; chunk++) {
        int flags = CHECKSUM_ALPHABET.indexOf(suffix.charAt(chunk));
        for (int i = 0; i < 5 && flags >= 0; i++) {
          char c = head.charAt(chunk * 5 + i);
          restored.append((flags & (1 << i)) != 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
      }
      if (restored.length() == 15 && checksum(restored.toString()).equals(suffix)) {
        return new SalesforceId(restored + suffix);
      }
    }
    throw new IllegalArgumentException("'" + raw + "' is not a valid 18-character Id: its last 3 characters are not"
        + " the checksum of the first 15 (expected " + checksum(head) + ")");
  }

  /** The 15-character case-sensitive form. */
  public String shortForm() {
    return value.substring(0, 15);
  }

  /** Same record, whichever of the 15/18-character forms each side uses. */
  public boolean sameRecord(SalesforceId other) {
    return other != null && shortForm().equals(other.shortForm());
  }

  /**
   * The 3-character suffix Salesforce appends to a 15-character id to make the 18-character, case-insensitive form.
   *
   * <p>Salesforce's 15→18 character id algorithm: split the 15 characters into three chunks of 5; for each chunk,
   * set bit {@code i} (0 = first character) when its {@code i}-th character is an upper-case letter A–Z; the
   * resulting number 0–31 indexes {@code ABCDEFGHIJKLMNOPQRSTUVWXYZ012345}. Documented with the ID field type in
   * the SOAP API Developer Guide (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm)
   * and by Salesforce's CASESAFEID() formula function, which returns {@code id15 + checksum(id15)}.
   *
   * @param id15 the case-sensitive 15-character id (letters and digits)
   * @return three characters from {@code A–Z} and {@code 0–5}
   * @throws IllegalArgumentException when {@code id15} is not 15 letters/digits
   */
  public static String checksum(String id15) {
    if (id15 == null || !id15.matches("[a-zA-Z0-9]{15}")) {
      throw new IllegalArgumentException("15-character id expected: '" + id15 + "'");
    }
    StringBuilder suffix = new StringBuilder(3);
    for (int chunk = 0; chunk < 3; chunk++) {
      int flags = 0;
      for (int i = 0; i < 5; i++) {
        char c = id15.charAt(chunk * 5 + i);
        if (c >= 'A' && c <= 'Z') {
          flags |= 1 << i;
        }
      }
      suffix.append(CHECKSUM_ALPHABET.charAt(flags));
    }
    return suffix.toString();
  }

  @Override
  public String toString() {
    return value;
  }
}

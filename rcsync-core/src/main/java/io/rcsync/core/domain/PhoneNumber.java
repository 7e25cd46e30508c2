package io.rcsync.core.domain;

import java.util.Objects;

/** A normalised 10-digit US phone number (NANP, no country code). Build one with {@link PhoneNormalizer}. */
public record PhoneNumber(String digits) implements Comparable<PhoneNumber> {
  public PhoneNumber {
    Objects.requireNonNull(digits, "digits");
    if (!isNanp(digits)) {
      throw new IllegalArgumentException("not a 10-digit US number: '" + digits + "'");
    }
  }

  /** Ten ASCII digits, the first 2-9: what {@code [2-9]\d{9}} matches, without compiling a regex per number. */
  private static boolean isNanp(String digits) {
    if (digits.length() != 10 || digits.charAt(0) < '2' || digits.charAt(0) > '9') {
      return false;
    }
    for (int i = 1; i < 10; i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  public static PhoneNumber of(String digits) {
    return new PhoneNumber(digits);
  }

  public String areaCode() {
    return digits.substring(0, 3);
  }

  public String exchange() {
    return digits.substring(3, 6);
  }

  public String line() {
    return digits.substring(6);
  }

  /**
   * The digit groups a text search (SOQL {@code LIKE '%502%813%8900%'}) must look for, in order, once per form a
   * stored value can hold them in: ASCII ({@code 502, 813, 8900}) and fullwidth ({@code ５０２, ８１３, ８９００}, U+FF10-U+FF19,
   * as Japanese and Chinese input methods type them). Salesforce's LIKE compares characters as they are (only
   * letters' case is ignored), so a fullwidth value needs a pattern of its own; separators need none, as
   * {@code %} spans them. Other Unicode digits are rare enough in US phone fields to be left to the confirming step.
   */
  public java.util.List<java.util.List<String>> searchForms() {
    java.util.List<String> ascii = java.util.List.of(areaCode(), exchange(), line());
    return java.util.List.of(ascii, ascii.stream().map(PhoneNumber::fullwidth).toList());
  }

  private static String fullwidth(String asciiDigits) {
    StringBuilder b = new StringBuilder(asciiDigits.length());
    for (int i = 0; i < asciiDigits.length(); i++) {
      b.append((char) (0xFF10 + (asciiDigits.charAt(i) - '0')));
    }
    return b.toString();
  }

  /** True when the text holds one of the {@link #searchForms()} groups in order, as a LIKE pattern would find it. */
  public boolean foundInOrderIn(String text) {
    for (java.util.List<String> form : searchForms()) {
      int from = 0;
      boolean all = true;
      for (String g : form) {
        int at = text.indexOf(g, from);
        if (at < 0) {
          all = false;
          break;
        }
        from = at + g.length();
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /** E.164 form, e.g. {@code +15028138900}. */
  public String e164() {
    return "+1" + digits;
  }

  @Override
  public int compareTo(PhoneNumber o) {
    return digits.compareTo(o.digits);
  }

  @Override
  public String toString() {
    return digits;
  }
}

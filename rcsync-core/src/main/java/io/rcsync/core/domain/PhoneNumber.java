package io.rcsync.core.domain;

import java.util.Objects;

/** A normalised 10-digit US phone number (NANP, no country code). Build one with {@link PhoneNormalizer}. */
public record PhoneNumber(String digits) implements Comparable<PhoneNumber> {
  public PhoneNumber {
    Objects.requireNonNull(digits, "digits");
    if (!digits.matches("[2-9]\\d{2}\\d{7}")) {
      throw new IllegalArgumentException("not a 10-digit US number: '" + digits + "'");
    }
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

package io.rcsync.core.domain;

/**
 * Normalises phone numbers as people and systems write them to 10-digit US (NANP) numbers.
 *
 * <p>Accepts any punctuation ({@code (502) 813-8900}, {@code 502.813.8900}, {@code +1 502 813 8900},
 * {@code 1-502-813-8900}, {@code tel:+15028138900}) and drops extensions written as {@code x123},
 * {@code ext. 123} or {@code ;ext=123}. Rejects, with a reason, empty values, 5-6 digit short codes,
 * numbers with a non-US country code, and everything else that is not a valid NANP number.
 */
public final class PhoneNormalizer {
  private PhoneNormalizer() {}

  public static NormalizedPhone normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      return new NormalizedPhone.Rejected(raw == null ? "" : raw, PhoneRejection.EMPTY);
    }
    String value = raw.strip();
    if (value.regionMatches(true, 0, "tel:", 0, 4)) {
      value = value.substring(4);
    }
    value = stripExtension(value);
    boolean international = value.startsWith("+") || value.startsWith("00") || value.startsWith("011");
    if (value.chars().anyMatch(Character::isLetter)) {
      return new NormalizedPhone.Rejected(raw, PhoneRejection.MALFORMED);
    }
    StringBuilder digits = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (" ()-.+/\u00a0\u2010\u2011\u2012\u2013\u2014".indexOf(c) < 0) {
        return new NormalizedPhone.Rejected(raw, PhoneRejection.MALFORMED);
      }
    }
    String d = digits.toString();
    if (d.isEmpty()) {
      return new NormalizedPhone.Rejected(raw, PhoneRejection.EMPTY);
    }
    if (international) {
      if (value.startsWith("011")) {
        return new NormalizedPhone.Rejected(raw, PhoneRejection.INTERNATIONAL);
      }
      if (value.startsWith("00")) {
        d = d.substring(2);
      }
      if (!d.startsWith("1")) {
        return new NormalizedPhone.Rejected(raw, PhoneRejection.INTERNATIONAL);
      }
      return nanp(raw, d.substring(1), true);
    }
    if (d.length() == 5 || d.length() == 6) {
      return new NormalizedPhone.Rejected(raw, PhoneRejection.SHORT_CODE);
    }
    if (d.length() == 11 && d.startsWith("1")) {
      return nanp(raw, d.substring(1), true);
    }
    return nanp(raw, d, false);
  }

  private static NormalizedPhone nanp(String raw, String d, boolean hadCountryCode) {
    if (d.length() != 10) {
      return new NormalizedPhone.Rejected(
          raw, hadCountryCode || d.length() < 10 ? PhoneRejection.MALFORMED : PhoneRejection.INTERNATIONAL);
    }
    // NANP: area code and exchange both start 2-9
    if (d.charAt(0) < '2' || d.charAt(3) < '2') {
      return new NormalizedPhone.Rejected(raw, PhoneRejection.MALFORMED);
    }
    return new NormalizedPhone.Valid(raw, new PhoneNumber(d));
  }

  private static String stripExtension(String value) {
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    for (String marker : new String[] {";ext=", " ext.", " ext", "ext.", "ext", " x", "x", "#"}) {
      int at = lower.indexOf(marker);
      if (at > 0) {
        String rest = lower.substring(at + marker.length()).strip();
        if (!rest.isEmpty() && rest.chars().allMatch(Character::isDigit)) {
          return value.substring(0, at).strip();
        }
      }
    }
    return value;
  }

  private static final java.util.regex.Pattern CANDIDATE =
      java.util.regex.Pattern.compile("\\+?[0-9][0-9 ().\\-\u00a0]{8,20}[0-9]");

  /**
   * Every US number held in a free-text value as users type it into a phone field, e.g.
   * {@code 502-813-8900 (cell)} or {@code 502-813-8900 / 502.555.0101}. A value that normalises as a whole
   * yields just that number.
   */
  public static java.util.List<PhoneNumber> findAll(String text) {
    if (text == null || text.isBlank()) {
      return java.util.List.of();
    }
    java.util.Optional<PhoneNumber> whole = normalize(text).asNumber();
    if (whole.isPresent()) {
      return java.util.List.of(whole.get());
    }
    java.util.List<PhoneNumber> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = CANDIDATE.matcher(text);
    while (m.find()) {
      normalize(m.group()).asNumber().filter(n -> !out.contains(n)).ifPresent(out::add);
    }
    return java.util.List.copyOf(out);
  }
}

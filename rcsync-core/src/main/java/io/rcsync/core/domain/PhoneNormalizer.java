package io.rcsync.core.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Normalises phone numbers as people and systems write them to 10-digit US (NANP) numbers.
 *
 * <p>Accepts any punctuation ({@code (502) 813-8900}, {@code 502.813.8900}, {@code +1 502 813 8900},
 * {@code 1-502-813-8900}, {@code tel:+15028138900}) and drops extensions written as {@code x123},
 * {@code ext. 123}, {@code #2} or {@code ;ext=123}. Rejects, with a reason, empty values, 5-6 digit short codes,
 * numbers with a non-US country code, and everything else that is not a valid NANP number.
 *
 * <p>Before anything else a value is {@linkplain #canonical made plain}: any Unicode decimal digit (fullwidth
 * {@code ０}-{@code ９}, Arabic-Indic, Devanagari … — whatever {@link Character#digit(int, int)} reads) becomes its
 * ASCII digit; every dash (hyphen-minus, U+2010-U+2015, minus sign U+2212, small and fullwidth hyphen-minus) becomes
 * {@code -}; every space (NBSP, narrow NBSP, thin, figure, ideographic, tab …) a plain space; dots, middle dots and
 * bullets {@code .}; slashes {@code /}; fullwidth parentheses, plus and number sign their ASCII forms. So
 * {@code Cell: 270–555–0164} (en dashes) is found exactly like {@code Cell: 270-555-0164}.
 */
public final class PhoneNormalizer {
  private PhoneNormalizer() {}

  /** Separators allowed inside one number once a value is canonical. */
  private static final String SEPARATORS = " ()-./";

  /**
   * One value that should be one phone number (a counterparty from RingCentral, a whole phone field).
   *
   * @param raw any text; {@code null} and blank are {@link PhoneRejection#EMPTY}
   * @return the number, or the reason it is not a US number (short code, international, malformed)
   */
  public static NormalizedPhone normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      return new NormalizedPhone.Rejected(raw == null ? "" : raw, PhoneRejection.EMPTY);
    }
    String value = canonical(raw).strip();
    if (value.regionMatches(true, 0, "tel:", 0, 4)) {
      value = value.substring(4);
    }
    value = stripExtension(value);
    boolean international = value.startsWith("+") || value.startsWith("00") || value.startsWith("011");
    if (hasLetter(value)) {
      return new NormalizedPhone.Rejected(raw, PhoneRejection.MALFORMED);
    }
    StringBuilder digits = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c != '+' && SEPARATORS.indexOf(c) < 0) {
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

  /**
   * The value with every Unicode digit, dash, space, dot, slash, parenthesis, plus and number sign in its plain
   * ASCII form (see the class comment); letters and everything else are kept as they are (after NFKC). Never null.
   */
  public static String canonical(String raw) {
    if (isAsciiWithoutTab(raw)) {
      return raw; // NFKC and plain() leave such a value as it is; the common case, so no copy
    }
    String s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> out.appendCodePoint(plain(cp)));
    return out.toString();
  }

  private static boolean isAsciiWithoutTab(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == '\t') {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLetter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static int plain(int cp) {
    if (cp < 0x80) {
      return cp == '\t' ? ' ' : cp;
    }
    if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
      int v = Character.digit(cp, 10);
      if (v >= 0) {
        return '0' + v;
      }
    }
    if (Character.getType(cp) == Character.DASH_PUNCTUATION || cp == 0x2212 || cp == 0x2043 || cp == 0x2796) {
      return '-'; // U+2010-U+2015, U+FE58, U+FE63, U+FF0D …; U+2212 minus sign and U+2043 hyphen bullet are not Pd
    }
    if (Character.isSpaceChar(cp) || Character.isWhitespace(cp) || cp == 0x200B || cp == 0xFEFF) {
      return ' '; // NBSP, narrow NBSP, thin, figure, ideographic spaces, zero-width space and BOM
    }
    return switch (cp) {
      case 0x00B7, 0x2022, 0x2024, 0x2027, 0x2219, 0x22C5, 0x30FB, 0xFF0E, 0xFF65, 0x3002 -> '.';
      case 0x2044, 0x2215, 0x29F8, 0xFF0F -> '/';
      case 0xFF08, 0xFE59, 0x207D, 0x208D -> '(';
      case 0xFF09, 0xFE5A, 0x207E, 0x208E -> ')';
      case 0xFF0B -> '+';
      case 0xFF03 -> '#';
      default -> cp;
    };
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

  private static final String[] EXTENSION_MARKERS = {";ext=", " ext.", " ext", "ext.", "ext", " x", "x", "#"};

  private static String stripExtension(String value) {
    if (!mayHoldExtension(value)) {
      return value;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    for (String marker : EXTENSION_MARKERS) {
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

  /** True when the value holds a character some extension marker starts with ({@code ; e E x X #}). */
  private static boolean mayHoldExtension(String value) {
    for (int i = 0; i < value.length(); i++) {
      switch (value.charAt(i)) {
        case ';', 'e', 'E', 'x', 'X', '#' -> {
          return true;
        }
        default -> { }
      }
    }
    return false;
  }

  /** Longest run of separators accepted between two digit groups of one number, e.g. {@code ") "}, {@code " – "} or {@code ") - "}. */
  private static final int MAX_GAP = 4;

  /**
   * Every US number held in a free-text value as users type it into a phone field, e.g.
   * {@code 502-813-8900 (cell)}, {@code Cell: 270–555–0164} or {@code Home/Work: 502-813-8900 / 502.555.0101}. A value
   * that normalises as a whole yields just that number.
   *
   * <p>Otherwise the {@linkplain #canonical canonical} text is read as chains of digit groups joined by at most
   * four separators ({@code space ( ) - . /}); anything else (letters, {@code :}, {@code #}, {@code ;}, {@code ,})
   * ends a chain, so labels and extensions fall away. Each chain is cut, left to right, into numbers made of
   * <em>whole</em> digit groups in a NANP shape:
   * <ul>
   *   <li>10 digits whose group breaks fall only after the area code and the exchange (3-3-4, 3-7, 6-4, 10), or
   *   <li>11 digits starting with the country code 1, breaks only after the 1, the area code and the exchange
   *       (1-3-3-4, 1-3-7, 4-3-4, 1-10, 11 …),
   * </ul>
   * area code and exchange starting 2-9. A number starts at the chain's start or after a space or slash, and ends at
   * the chain's end or before a space or slash (a lone dash or dot continues the number, so {@code 502-813-8900-1}
   * is no number). Where no number can be cut from a group (a date {@code 2026-11-29}, a short run {@code 12345} or
   * {@code Apt 4}, a 7-digit local number {@code 813-8900}, the {@code 2019} of {@code Since 2019 502 813 8900}) the
   * cut is tried again from the next whole group, never from inside a group. A chain after {@code +} must start
   * with the country code 1; a non-US {@code +44 …}, {@code 0044 …} or {@code 011 …} number yields nothing up to the
   * next slash, rather than a guess from the middle of another number. A longer digit run yields nothing.
   *
   * @param text any text, may be null
   * @return the distinct numbers in the order they appear; empty when there are none
   */
  public static List<PhoneNumber> findAll(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    Optional<PhoneNumber> whole = normalize(text).asNumber();
    if (whole.isPresent()) {
      return List.of(whole.get());
    }
    String s = canonical(text);
    List<PhoneNumber> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      if (!isDigit(s.charAt(i))) {
        i++;
        continue;
      }
      // a chain starts here; '+' (possibly followed by spaces) right before it marks a country code
      boolean plus = precededByPlus(s, i);
      List<String> groups = new ArrayList<>();
      List<String> gaps = new ArrayList<>(); // gaps.get(k): the separators before groups.get(k + 1)
      int j = i;
      while (true) {
        int start = j;
        while (j < s.length() && isDigit(s.charAt(j))) {
          j++;
        }
        groups.add(s.substring(start, j));
        int k = j;
        while (k < s.length() && k - j < MAX_GAP + 1 && SEPARATORS.indexOf(s.charAt(k)) >= 0) {
          k++;
        }
        if (k > j && k - j <= MAX_GAP && k < s.length() && isDigit(s.charAt(k))) {
          gaps.add(s.substring(j, k));
          j = k;
        } else {
          break;
        }
      }
      cut(groups, gaps, plus, out);
      i = j;
    }
    return List.copyOf(out);
  }

  /** Two numbers in one field are parted by a space or a slash; a lone dash, dot or bracket joins one number. */
  private static boolean boundary(String gap) {
    return gap.indexOf(' ') >= 0 || gap.indexOf('/') >= 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean precededByPlus(String s, int at) {
    int k = at - 1;
    while (k >= 0 && s.charAt(k) == ' ') {
      k--;
    }
    return k >= 0 && s.charAt(k) == '+';
  }

  /** Cuts one chain of digit groups into numbers; see {@link #findAll}. */
  private static void cut(List<String> groups, List<String> gaps, boolean plus, List<PhoneNumber> out) {
    int g = 0;
    boolean countryCodeRequired = plus;
    String first = groups.get(0);
    if (first.startsWith("011")) {
      g = afterSlash(gaps, 0); // international dialling prefix: never a US number, up to the next "/"
    } else if (first.startsWith("00")) {
      groups.set(0, first.substring(2));
      countryCodeRequired = true;
      if (groups.get(0).isEmpty()) {
        g = 1;
      }
    }
    int chainStart = g;
    while (g < groups.size()) {
      if (g > chainStart && !boundary(gaps.get(g - 1))) {
        g++; // never start a number inside a dash- or dot-joined run ("2019-502-813-8900" is not 502-813-8900)
        continue;
      }
      int h = take(groups, g, countryCodeRequired);
      if (h > 0 && h < groups.size() && !boundary(gaps.get(h - 1))) {
        h = 0; // "502-813-8900-1": the digits run on within one number, which is then too long
      }
      if (h == 0) {
        if (countryCodeRequired) {
          g = afterSlash(gaps, g); // "+44 20 7946 0958": a non-US number, up to the next "/"
          countryCodeRequired = false;
        } else {
          g++; // a date, a short run or a local number: try again from the next whole group
        }
        continue;
      }
      StringBuilder digits = new StringBuilder();
      for (int k = g; k < h; k++) {
        digits.append(groups.get(k));
      }
      normalize(digits.toString()).asNumber().filter(x -> !out.contains(x)).ifPresent(out::add);
      countryCodeRequired = false;
      g = h;
    }
  }

  /**
   * The end (exclusive) of the number made of whole groups from {@code g}, or 0 when those groups do not form a
   * valid NANP number in a phone-number shape: 10 digits with group breaks only after the area code and the
   * exchange (3-3-4, 3-7, 6-4, 10), or 11 digits starting with 1 with breaks only after the 1, the area code and
   * the exchange (1-3-3-4, 1-3-7, 4-3-4, 1-10, 11 …); area code and exchange starting 2-9.
   */
  private static int take(List<String> groups, int g, boolean countryCodeRequired) {
    boolean leadingOne = groups.get(g).charAt(0) == '1';
    int want = leadingOne ? 11 : 10;
    if (countryCodeRequired && !leadingOne) {
      return 0;
    }
    Set<Integer> breaks = leadingOne ? Set.of(1, 4, 7) : Set.of(3, 6);
    int len = 0;
    int h = g;
    while (h < groups.size() && len < want) {
      if (h > g && !breaks.contains(len)) {
        return 0;
      }
      len += groups.get(h++).length();
    }
    if (len != want) {
      return 0;
    }
    String d = String.join("", groups.subList(g, h));
    return normalize(d).asNumber().isPresent() ? h : 0;
  }

  /** The first group after a gap holding a slash at or after group {@code g}, or past the end when there is none. */
  private static int afterSlash(List<String> gaps, int g) {
    for (int k = g; k < gaps.size(); k++) {
      if (gaps.get(k).indexOf('/') >= 0) {
        return k + 1;
      }
    }
    return gaps.size() + 1;
  }
}

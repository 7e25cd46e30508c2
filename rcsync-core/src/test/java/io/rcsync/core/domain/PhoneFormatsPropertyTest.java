package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Assume;

/**
 * Every way a person or an import writes a US number into a phone field (issue 10 item 6): random dashes, spaces,
 * dots, slashes and parentheses, labels, extensions, a {@code +1}/{@code 1} prefix, fullwidth and other Unicode
 * digits. The normaliser must find exactly that number, and never a different one.
 */
class PhoneFormatsPropertyTest {
  static final List<String> DASHES = List.of("-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015",
      "\u2212", "\uFF0D", "\uFE63");
  static final List<String> SPACES = List.of(" ", "\u00A0", "\u202F", "\u2009", "\u2007", "\u2002", "\u3000", "\t");
  static final List<String> DOTS = List.of(".", "\u00B7", "\u2022", "\u30FB", "\uFF0E");
  static final List<String> SLASHES = List.of("/", "\uFF0F", "\u2215");
  static final List<String> LABELS = List.of("", "Cell: ", "Mobile - ", "Home/Work ", "cell ", "Tel. ", "Phone #: ",
      "Work: ", "Móvil: ", "(mobile) ");
  static final List<String> SUFFIXES = List.of("", " x123", " ext. 4", " #2", " ext 77", "x9", " (cell)", " - home",
      ";ext=12", " EXT.5");
  static final List<String> PREFIXES = List.of("", "+1 ", "+1", "1 ", "1-", "1", "+1 (", "\uFF0B1 ", "1\u2013");
  /** Zero of several Unicode decimal digit blocks: ASCII, fullwidth, Arabic-Indic, Devanagari, Bengali, Thai. */
  static final List<Integer> ZEROS = List.of((int) '0', 0xFF10, 0x0660, 0x0966, 0x09E6, 0x0E50);

  /**
   * Digits a person writes before the number in the same field, then a space or slash: a date, a short digit run
   * (reference, year), an apartment number, a 7-digit local number.
   */
  static final List<String> NOISE = List.of("", "2026-11-29 ", "11/29/2026 ", "Since 2019 ", "Ref 12345 ",
      "Apt 4 / ", "Apt 12 ", "Unit 1204 ", "813-8900 / ", "555 0199 / ", "1999 ", "3 ", "Apt 502 ");

  @Provide
  Arbitrary<String> noise() {
    Arbitrary<String> date = Combinators.combine(Arbitraries.integers().between(1990, 2030),
            Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 28))
        .as((y, m, d) -> String.format("%d-%02d-%02d ", y, m, d));
    // a run starting with 0 reads as an international access prefix (00…, 011…) and rightly hides what follows up to
    // the next slash, so reference numbers here start 1-9
    Arbitrary<String> run = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(5)
        .filter(r -> r.charAt(0) != '0').map(r -> "Ref " + r + " ");
    Arbitrary<String> apartment = Arbitraries.integers().between(1, 999).map(a -> "Apt " + a + " / ");
    Arbitrary<String> local = Combinators.combine(Arbitraries.integers().between(200, 999),
            Arbitraries.integers().between(0, 9999))
        .as((e, l) -> String.format("%03d-%04d / ", e, l));
    return Arbitraries.oneOf(List.of(Arbitraries.of(NOISE), date, run, apartment, local));
  }

  @Provide
  Arbitrary<PhoneNumber> numbers() {
    Arbitrary<Integer> area = Arbitraries.integers().between(200, 999);
    Arbitrary<Integer> exchange = Arbitraries.integers().between(200, 999);
    Arbitrary<Integer> line = Arbitraries.integers().between(0, 9999);
    return Combinators.combine(area, exchange, line)
        .as((a, e, l) -> PhoneNumber.of(String.format("%03d%03d%04d", a, e, l)));
  }

  @Provide
  Arbitrary<String> separators() {
    Arbitrary<String> one = Arbitraries.oneOf(List.of(Arbitraries.of(DASHES), Arbitraries.of(SPACES),
        Arbitraries.of(DOTS), Arbitraries.of(SLASHES), Arbitraries.just("")));
    // one separator, or a dash or slash with spaces around it (" – ", " / ")
    return Arbitraries.oneOf(List.of(one, Combinators.combine(Arbitraries.of(SPACES), Arbitraries.of(DASHES))
        .as((s, d) -> s + d + s)));
  }

  /** A number written with random separators, digits, label, extension and country-code prefix. */
  @Provide
  Arbitrary<String> formats() {
    return numbers().flatMap(n -> written(n).map(s -> n.digits() + "|" + s));
  }

  static Arbitrary<String> written(PhoneNumber n) {
    Arbitrary<Boolean> parens = Arbitraries.of(true, false);
    return Combinators.combine(List.of(
            Arbitraries.of(LABELS).map(Object.class::cast),
            Arbitraries.of(PREFIXES).map(Object.class::cast),
            parens.map(Object.class::cast),
            new PhoneFormatsPropertyTest().separators().map(Object.class::cast),
            new PhoneFormatsPropertyTest().separators().map(Object.class::cast),
            Arbitraries.of(ZEROS).map(Object.class::cast),
            Arbitraries.of(SUFFIXES).map(Object.class::cast)))
        .as(p -> {
          String label = (String) p.get(0);
          String prefix = (String) p.get(1);
          boolean paren = (Boolean) p.get(2) || prefix.endsWith("(");
          String sep1 = (String) p.get(3);
          String sep2 = (String) p.get(4);
          int zero = (Integer) p.get(5);
          String area = digits(n.areaCode(), zero);
          String body = (paren ? (prefix.endsWith("(") ? "" : "(") + area + ")" + (sep1.isEmpty() ? " " : sep1)
              : area + sep1) + digits(n.exchange(), zero) + sep2 + digits(n.line(), zero);
          return label + prefix + body + (String) p.get(6);
        });
  }

  static String digits(String ascii, int zero) {
    StringBuilder b = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      b.appendCodePoint(zero + (c - '0'));
    }
    return b.toString();
  }

  @Property(tries = 2000)
  void findsExactlyTheNumberHoweverItIsWritten(@ForAll("formats") String numberAndFormat) {
    PhoneNumber n = PhoneNumber.of(numberAndFormat.substring(0, 10));
    String written = numberAndFormat.substring(11);

    assertThat(PhoneNormalizer.findAll(written)).as("findAll(\"%s\")", written).containsExactly(n);
  }

  /** A number written any way, after a date, a short digit run, an apartment number or a 7-digit local number. */
  @Provide
  Arbitrary<String> noisyFormats() {
    return numbers().flatMap(n -> Combinators.combine(noise(), written(n)).as((x, s) -> n.digits() + "|" + x + s));
  }

  @Property(tries = 2000)
  void findsExactlyTheNumberAfterNoiseInTheSameField(@ForAll("noisyFormats") String numberAndFormat) {
    PhoneNumber n = PhoneNumber.of(numberAndFormat.substring(0, 10));
    String written = numberAndFormat.substring(11);

    assertThat(PhoneNormalizer.findAll(written)).as("findAll(\"%s\")", written).containsExactly(n);
  }

  @Property(tries = 1000)
  void aFormatOfOneNumberNeverMatchesAnother(@ForAll("formats") String numberAndFormat,
      @ForAll("numbers") PhoneNumber other) {
    PhoneNumber n = PhoneNumber.of(numberAndFormat.substring(0, 10));
    Assume.that(!n.equals(other));
    String written = numberAndFormat.substring(11);

    assertThat(PhoneNormalizer.findAll(written)).as("findAll(\"%s\")", written).doesNotContain(other);
    assertThat(new MatchPolicy(LitifySchema.defaults()).holds(
        new CaseRecord(SalesforceId.of("a0LUV0000000001AAA"), CaseKind.MATTER, "Open",
            java.time.Instant.EPOCH, java.util.Map.of("Matter_Phone__c", written)), other)).isFalse();
  }

  @Property(tries = 1000)
  void twoNumbersInOneFieldAreBothFound(@ForAll("numbers") PhoneNumber a, @ForAll("numbers") PhoneNumber b,
      @ForAll("separators") String sep) {
    Assume.that(!a.equals(b));
    String written = "Home: " + a.areaCode() + sep + a.exchange() + sep + a.line() + " / Work: "
        + b.areaCode() + "\u2013" + b.exchange() + "\u2013" + b.line() + " x12";

    assertThat(PhoneNormalizer.findAll(written)).as(written).containsExactly(a, b);
  }

  @Property(tries = 500)
  void aValueWrittenWithoutLabelNormalisesAsAWhole(@ForAll("numbers") PhoneNumber n,
      @ForAll("separators") String sep) {
    String written = "+1" + sep + digits(n.areaCode(), 0xFF10) + sep + n.exchange() + sep + n.line();

    assertThat(PhoneNormalizer.normalize(written).asNumber()).as(written).contains(n);
  }

  @Property(tries = 500)
  void theSearchFormsFindEveryAsciiOrFullwidthFormat(@ForAll("numbers") PhoneNumber n,
      @ForAll("separators") String sep, @ForAll boolean fullwidth) {
    int zero = fullwidth ? 0xFF10 : '0';
    String written = "Cell: " + digits(n.areaCode(), zero) + sep + digits(n.exchange(), zero) + sep
        + digits(n.line(), zero) + " ext. 4";

    assertThat(n.foundInOrderIn(written)).as(written).isTrue();
  }
}

package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** LIKE patterns, string escapes and date-time literals, below the HTTP layer. */
class SoqlLikeAndLiteralsTest {
  private static boolean like(String soqlPatternText, String value) {
    Pattern p = SoqlEngine.likePattern(soqlPatternText);
    return p.matcher(value).matches();
  }

  @Test
  void percentAndUnderscoreAreWildcardsUnlessEscaped() {
    assertThat(like("rc_msg_%", "rc_msg_123")).isTrue();
    assertThat(like("rc_msg_%", "rcXmsgY123")).isTrue();
    assertThat(like("rc\\_msg\\_%", "rcXmsgY123")).isFalse();
    assertThat(like("rc\\_msg\\_%", "rc_msg_123")).isTrue();
    assertThat(like("100\\%", "100%")).isTrue();
    assertThat(like("100\\%", "1000")).isFalse();
    assertThat(like("%", "")).isTrue();
    assertThat(like("_", "")).isFalse();
  }

  @Test
  void unicodeEscapesStandForTheirCharacter() {
    assertThat(like("caf\\u00e9%", "CAFÉ au lait")).isTrue();
    assertThat(like("caf\\u00e9%", "cafe au lait")).isFalse();
    assertThat(SoqlLexer.decode("O\\u0027Brien \\u00e9t\\u00E9")).isEqualTo("O'Brien été");
  }

  @Test
  void matchesIgnoringCaseAndTheWholeValue() {
    assertThat(like("ABC%", "abcdef")).isTrue();
    assertThat(like("b", "abc")).isFalse();
    assertThat(like("%502%813%8900%", "(502) 813-8900")).isTrue();
    assertThat(like("%ü%", "MÜNCHEN")).isTrue();
  }

  @Test
  void digitsAreComparedAsStoredWithoutUnicodeFoldingButAnySeparatorIsSpannedByPercent() {
    // Salesforce folds letter case only: fullwidth digits are other characters to an ASCII pattern (issue 10 item 6)
    String fullwidth = "\uFF15\uFF10\uFF12-\uFF18\uFF11\uFF13-\uFF18\uFF19\uFF10\uFF10";
    for (java.util.function.Predicate<String> m : List.of(SoqlEngine.likeMatcher("%502%813%8900%"),
        SoqlEngine.likePattern("%502%813%8900%").asMatchPredicate())) {
      assertThat(m.test(fullwidth)).isFalse();
      assertThat(m.test("Cell: 502\u2013813\u20138900\u00A0x12")).isTrue();
      assertThat(m.test("\u0665\u0660\u0662 813 8900")).isFalse();
    }
    assertThat(SoqlEngine.likeMatcher("%\uFF15\uFF10\uFF12%\uFF18\uFF11\uFF13%\uFF18\uFF19\uFF10\uFF10%").test(fullwidth))
        .isTrue();
    assertThat(SoqlEngine.likeMatcher("%\uFF12%").test(fullwidth)).isTrue();
    assertThat(like("%cell%", "Cell: 502-813-8900")).isTrue();
  }

  @Test
  void theFastLetterFreeMatcherAgreesWithTheRegex() {
    java.util.Random random = new java.util.Random(42);
    String alphabet = "5028139%-() .+x";
    List<String> patterns = List.of("%502%813%8900%", "502%", "%8900", "%", "%%", "502-813", "(%)", "%.%",
        "%+1%502%", "%02%28%", "");
    for (String pattern : patterns) {
      Pattern regex = SoqlEngine.likePattern(pattern);
      java.util.function.Predicate<String> fast = SoqlEngine.likeMatcher(pattern);
      for (int i = 0; i < 3_000; i++) {
        StringBuilder v = new StringBuilder();
        int n = random.nextInt(16);
        for (int k = 0; k < n; k++) {
          v.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (i % 7 == 0) {
          v.insert(random.nextInt(v.length() + 1), "502 813 8900");
        }
        assertThat(fast.test(v.toString())).as("'%s' LIKE '%s'", v, pattern)
            .isEqualTo(regex.matcher(v).matches());
      }
    }
    assertThat(SoqlEngine.likeMatcher("%502%813%8900%").test("(502) 813-8900 ext 12")).isTrue();
    assertThat(SoqlEngine.likeMatcher("%502%813%8900%").test("8900 813 502")).isFalse();
    assertThat(SoqlEngine.likeMatcher("%50%05%").test("505")).isFalse();
  }

  @Test
  void regexCharactersInPatternsAreLiteral() {
    assertThat(like("a.c", "abc")).isFalse();
    assertThat(like("a.c", "a.c")).isTrue();
    assertThat(like("(502)%", "(502) 813")).isTrue();
    assertThat(like("a\\\\b", "a\\b")).isTrue();
    assertThat(like("it\\'s", "it's")).isTrue();
    assertThat(like("line\\nbreak", "line\nbreak")).isTrue();
  }

  @Test
  void decodesStringEscapes() {
    assertThat(SoqlLexer.decode("O\\'Brien")).isEqualTo("O'Brien");
    assertThat(SoqlLexer.decode("tab\\there")).isEqualTo("tab\there");
    assertThat(SoqlLexer.decode("back\\\\slash")).isEqualTo("back\\slash");
    assertThat(SoqlLexer.decode("quote\\\"d")).isEqualTo("quote\"d");
  }

  @Test
  void tokenizesDateTimeLiteralsWithAnyOffset() {
    List<SoqlLexer.Token> tokens = SoqlLexer.tokenize(
        "2026-01-01T00:00:00Z 2026-01-01T02:00:00+02:00 2026-01-01T00:00:00.123-05:00 2026-01-01 42 -1.5");

    assertThat(tokens).extracting(SoqlLexer.Token::kind).containsExactly(SoqlLexer.Kind.DATETIME,
        SoqlLexer.Kind.DATETIME, SoqlLexer.Kind.DATETIME, SoqlLexer.Kind.DATE, SoqlLexer.Kind.NUMBER,
        SoqlLexer.Kind.NUMBER, SoqlLexer.Kind.EOF);
    assertThat(tokens.get(0).value()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(tokens.get(1).value()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(tokens.get(2).value()).isEqualTo(Instant.parse("2026-01-01T05:00:00.123Z"));
  }

  @Test
  void parsesWhatTheAdapterAndRollbackSend() {
    SoqlAst.Query q = SoqlParser.parse("SELECT Id, External_Id__c, OwnerId, CreatedDate FROM litify_pm__lit_Note__c "
        + "WHERE External_Id__c LIKE 'rc\\_msg\\_%' AND OwnerId IN ('005UV0000012345AAA') AND CreatedDate >= "
        + "2026-01-01T00:00:00Z AND CreatedDate < 2026-02-01T00:00:00Z ORDER BY CreatedDate LIMIT 200");

    assertThat(q.object()).isEqualTo("litify_pm__lit_Note__c");
    assertThat(q.select()).hasSize(4);
    assertThat(q.where()).isInstanceOfSatisfying(SoqlAst.And.class, and -> assertThat(and.operands()).hasSize(4));
    assertThat(q.limit()).isEqualTo(200);
  }
}

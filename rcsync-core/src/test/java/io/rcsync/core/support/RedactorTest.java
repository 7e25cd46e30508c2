package io.rcsync.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void scrubsSecretsOutOfServerText() {
    Redactor r = new Redactor(List.of("topsecret", "ab"));

    assertThat(r.scrub("invalid client topsecret, ab")).isEqualTo("invalid client ****, ab");
  }

  @Test
  void masksValuesOfSixCharactersOrMore() {
    assertThat(Redactor.mask("key 123456 and 12345", List.of("123456", "12345"))).isEqualTo("key **** and 12345");
  }

  @Test
  void leavesShortValuesThatAlsoReadAsOrdinaryTextAlone() {
    // a 4-character "secret" such as 2026 would otherwise garble dates, counts and message ids in every report
    assertThat(Redactor.mask("empty window 2026-04-01 .. 2026-04-02, rc_msg_2026", List.of("2026")))
        .isEqualTo("empty window 2026-04-01 .. 2026-04-02, rc_msg_2026");
  }

  @Test
  void masksSecretsAddedLater() {
    Redactor r = new Redactor(List.of());
    r.add("token-issued-later");

    assertThat(r.scrub("Bearer token-issued-later")).isEqualTo("Bearer ****");
  }

  @Test
  void neverLeavesAPartOfALongerSecretVisible() {
    assertThat(Redactor.mask("jwt=abcd1234efgh", List.of("abcd12", "abcd1234efgh"))).isEqualTo("jwt=****");
  }

  @Test
  void leavesNullAndSecretFreeTextAlone() {
    assertThat(Redactor.mask(null, List.of("secret"))).isNull();
    assertThat(Redactor.mask("nothing to hide", java.util.Arrays.asList("secret", null))).isEqualTo("nothing to hide");
  }
}

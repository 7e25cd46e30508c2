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
  void masksValuesOfFourCharactersOrMore() {
    assertThat(Redactor.mask("pin 1234 and abc", List.of("1234", "abc"))).isEqualTo("pin **** and abc");
  }

  @Test
  void masksSecretsAddedLater() {
    Redactor r = new Redactor(List.of());
    r.add("token-issued-later");

    assertThat(r.scrub("Bearer token-issued-later")).isEqualTo("Bearer ****");
  }

  @Test
  void neverLeavesAPartOfALongerSecretVisible() {
    assertThat(Redactor.mask("jwt=abcd1234efgh", List.of("abcd", "abcd1234efgh"))).isEqualTo("jwt=****");
  }

  @Test
  void leavesNullAndSecretFreeTextAlone() {
    assertThat(Redactor.mask(null, List.of("secret"))).isNull();
    assertThat(Redactor.mask("nothing to hide", java.util.Arrays.asList("secret", null))).isEqualTo("nothing to hide");
  }
}

package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SalesforceIdsTest {
  @Test
  void computesTheDocumentedChecksumSuffix() {
    // 15 -> 18 character examples from Salesforce's id documentation and the seed project's test records
    assertThat(SalesforceIds.to18("001UV00000kZGyj")).isEqualTo("001UV00000kZGyjYAG");
    assertThat(SalesforceIds.to18("a0CUV00006LMO7s")).isEqualTo("a0CUV00006LMO7s2AH");
    assertThat(SalesforceIds.to18("a0LUV00000G5NHJ")).isEqualTo("a0LUV00000G5NHJ2A3");
  }

  @Test
  void newIdsAreUniqueWellFormedAndCarryTheKeyPrefix() {
    Set<String> seen = new HashSet<>();
    for (long i = 1; i <= 5000; i++) {
      String id = SalesforceIds.newId("a0N", i);
      assertThat(id).hasSize(18).startsWith("a0N");
      assertThat(SalesforceIds.isWellFormed(id)).isTrue();
      assertThat(seen.add(SalesforceIds.key(id))).isTrue();
    }
  }

  @Test
  void acceptsFifteenAndEighteenCharacterIdsOnly() {
    assertThat(SalesforceIds.looksLikeId("001UV00000kZGyj")).isTrue();
    assertThat(SalesforceIds.looksLikeId("001UV00000kZGyjYAG")).isTrue();
    assertThat(SalesforceIds.looksLikeId("001UV00000kZGy")).isFalse();
    assertThat(SalesforceIds.looksLikeId("001UV00000kZGyj-AG")).isFalse();
    assertThat(SalesforceIds.isWellFormed("001UV00000kZGyjAAA")).isFalse();
  }
}

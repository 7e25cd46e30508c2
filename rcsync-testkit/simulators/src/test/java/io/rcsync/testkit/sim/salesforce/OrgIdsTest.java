package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.LitifySchema;
import org.junit.jupiter.api.Test;

/** Id and auto-number allocation on their own (OrgIds was inside OrgStore). */
class OrgIdsTest {
  private final OrgSchema schema = OrgSchema.litifyDefaults(LitifySchema.defaults());

  @Test
  void recordIdsCarryTheObjectsKeyPrefixAndNeverRepeat() {
    OrgIds ids = new OrgIds();
    SObjectType user = schema.requireObject(OrgSchema.USER);
    String a = ids.nextId(user);
    String b = ids.nextId(user);
    assertThat(a).hasSize(18).startsWith(user.keyPrefix());
    assertThat(SalesforceIds.key(a)).isNotEqualTo(SalesforceIds.key(b));
  }

  @Test
  void autoNumbersCountPerFieldAndPadToTheFormat() {
    OrgIds ids = new OrgIds();
    SObjectType type = schema.objects().stream().filter(t -> t.fields().stream().anyMatch(SObjectField::autoNumber))
        .findFirst().orElseThrow();
    SObjectField noteName = type.fields().stream().filter(SObjectField::autoNumber).findFirst().orElseThrow();
    assertThat(noteName.autoNumberFormat()).isEqualTo("N-{000000}");
    assertThat(ids.nextAutoNumber(type, noteName)).isEqualTo("N-000001");
    assertThat(ids.nextAutoNumber(type, noteName)).isEqualTo("N-000002");
  }

  @Test
  void aFormatWithoutADigitBlockGetsTheCounterAppended() {
    OrgIds ids = new OrgIds();
    SObjectType type = schema.requireObject(OrgSchema.USER);
    assertThat(ids.nextAutoNumber(type, SObjectField.autoNumberName("REF-"))).isEqualTo("REF-1");
  }
}

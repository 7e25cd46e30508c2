package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.LitifySchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrgSchemaTest {
  @Test
  void litifyDefaultsUseTheConfiguredApiNames() {
    LitifySchema names = new LitifySchema("Note__c", "Body__c", "Topic__c", "Matter__c", "Intake__c", "Ext__c",
        java.util.Optional.of("Sent_At__c"), "Case__c", "Stage__c", java.util.Set.of("Done"), "Lead__c",
        "State__c", java.util.Set.of("Won"), List.of("Phone__c", "Mobile__c"));

    OrgSchema schema = OrgSchema.litifyDefaults(names);

    assertThat(schema.names()).containsExactlyInAnyOrder("User", "Note__c", "Case__c", "Lead__c", "ContentDocument",
        "ContentVersion", "ContentDocumentLink");
    SObjectType note = schema.requireObject("note__c");
    assertThat(note.field("Body__c").orElseThrow().type()).isEqualTo(FieldType.TEXTAREA);
    assertThat(note.field("Ext__c").orElseThrow().externalId()).isTrue();
    assertThat(note.field("Sent_At__c").orElseThrow().type()).isEqualTo(FieldType.DATETIME);
    assertThat(note.field("Matter__c").orElseThrow().referenceTo()).containsExactly("Case__c");
    assertThat(note.field("OwnerId").orElseThrow().referenceTo()).containsExactly("User");
    assertThat(schema.requireObject("Case__c").field("Stage__c").orElseThrow().picklistValues()).contains("Done");
    assertThat(schema.requireObject("Lead__c").field("Mobile__c").orElseThrow().length()).isEqualTo(40);
  }

  @Test
  void leavesOutTheMessageTimeFieldWhenNoneIsConfigured() {
    SObjectType note = OrgSchema.litifyDefaults(LitifySchema.defaults()).requireObject("litify_pm__lit_Note__c");

    assertThat(note.fields()).filteredOn(f -> f.type() == FieldType.DATETIME).extracting(SObjectField::name)
        .containsExactly("CreatedDate", "LastModifiedDate", "SystemModstamp");
  }

  @Test
  void theNoteGetsAWritableTextCounterpartyFieldOnlyWhenOneIsConfigured() {
    SObjectType with = OrgSchema.litifyDefaults(LitifySchema.defaults().withCounterpartyField("RcSync_Counterparty__c"))
        .requireObject("litify_pm__lit_Note__c");
    SObjectType without = OrgSchema.litifyDefaults(LitifySchema.defaults()).requireObject("litify_pm__lit_Note__c");

    SObjectField field = with.field("RcSync_Counterparty__c").orElseThrow();
    assertThat(field.type()).isEqualTo(FieldType.STRING);
    assertThat(field.length()).isEqualTo(20);
    assertThat(field.createable() && field.updateable()).isTrue();
    assertThat(without.field("RcSync_Counterparty__c")).isEmpty();
  }

  @Test
  void everyObjectGetsTheStandardFieldsAndEveryOrgAUserObject() {
    SObjectType widget = SObjectType.builder("Widget__c", "a0W").field(SObjectField.string("Name", 80)).build();

    OrgSchema schema = OrgSchema.of(widget);

    assertThat(widget.fields()).extracting(SObjectField::name).startsWith("Id", "IsDeleted", "CreatedDate",
        "LastModifiedDate");
    assertThat(schema.object("user")).isPresent();
  }

  @Test
  void refusesLookupsToUndeclaredObjectsAndClashingPrefixes() {
    SObjectType orphan = SObjectType.builder("Orphan__c", "a0O")
        .field(SObjectField.reference("Parent__c", "Missing__c")).build();
    SObjectType clash = SObjectType.builder("Clash__c", "005").build();

    assertThatThrownBy(() -> OrgSchema.of(orphan)).hasMessageContaining("Missing__c");
    assertThatThrownBy(() -> OrgSchema.of(clash)).hasMessageContaining("005");
  }
}

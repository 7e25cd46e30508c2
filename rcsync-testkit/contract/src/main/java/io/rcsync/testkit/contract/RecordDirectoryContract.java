package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.RecordDirectory;
import io.rcsync.core.port.out.RecordDirectory.CaseSummary;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link RecordDirectory} (issue 14: a transcript's record, staff names and file addresses) must do. */
public abstract class RecordDirectoryContract {
  protected static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 12_345);
  protected static final SalesforceId KYLE = SalesforceIds.idFor(SalesforceIds.USER, 67_890);
  protected static final SalesforceId STRANGER = SalesforceIds.idFor(SalesforceIds.USER, 99_999);

  protected final CaseRecord matter = Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 80_001)).open()
      .phone("Matter_Phone__c", "(502) 813-8900").build();
  protected final CaseRecord intake = Cases.intake().id(SalesforceIds.idFor(SalesforceIds.INTAKE, 80_002)).open()
      .phone("Client_Phone__c", "502.555.0199").build();

  /**
   * A directory over an org holding these Matters and Intakes (each with a non-blank Name) and these users.
   *
   * @param users each user's Name
   */
  protected abstract RecordDirectory freshDirectory(List<CaseRecord> cases, Map<SalesforceId, String> users);

  private RecordDirectory directory() {
    return freshDirectory(List.of(matter, intake), Map.of(ALYSSIA, "Alyssia Moreno", KYLE, "Kyle Haney"));
  }

  @Test
  public void findsAMatterAndAnIntakeWithTheirKindNameAndPhoneValues() {
    RecordDirectory d = directory();

    CaseSummary m = d.findCase(matter.id()).orElseThrow();
    CaseSummary i = d.findCase(intake.id()).orElseThrow();

    assertThat(m.kind()).isEqualTo(CaseKind.MATTER);
    assertThat(m.id().sameRecord(matter.id())).isTrue();
    assertThat(m.name()).isNotBlank();
    assertThat(m.phoneValues()).containsEntry("Matter_Phone__c", "(502) 813-8900");
    assertThat(i.kind()).isEqualTo(CaseKind.INTAKE);
    assertThat(i.phoneValues()).containsEntry("Client_Phone__c", "502.555.0199");
  }

  @Test
  public void findsTheRecordByIts15CharacterIdTooAndNothingForAnIdNoObjectHolds() {
    RecordDirectory d = directory();

    assertThat(d.findCase(SalesforceId.of(intake.id().shortForm()))).hasValueSatisfying(
        c -> assertThat(c.id().sameRecord(intake.id())).isTrue());
    assertThat(d.findCase(SalesforceIds.idFor(SalesforceIds.MATTER, 80_099))).isEmpty();
  }

  @Test
  public void namesTheUsersItKnowsByTheir15CharacterIdAndLeavesOutTheRest() {
    RecordDirectory d = directory();

    Map<String, String> names = d.userNames(List.of(ALYSSIA, KYLE, STRANGER, ALYSSIA));

    assertThat(names).containsOnly(Map.entry(ALYSSIA.shortForm(), "Alyssia Moreno"),
        Map.entry(KYLE.shortForm(), "Kyle Haney"));
    assertThat(d.userNames(List.of())).isEmpty();
  }

  @Test
  public void aFilesAddressIsItsLightningRecordPage() {
    SalesforceId doc = SalesforceIds.idFor("069", 1);

    assertThat(directory().fileUrl(doc)).hasValueSatisfying(u -> assertThat(u)
        .matches("https?://[^/]+/lightning/r/ContentDocument/" + doc.value() + "/view"));
  }
}

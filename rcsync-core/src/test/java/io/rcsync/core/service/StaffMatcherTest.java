package io.rcsync.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.StaffDirectory.SalesforceUser;
import io.rcsync.core.service.StaffMatcher.Outcome;
import io.rcsync.core.service.StaffMatcher.Result;
import io.rcsync.core.service.StaffMatcher.StaffMatch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StaffMatcherTest {
  private static int nextUser = 1;

  static Extension ext(String id, String number, String first, String last, String email) {
    return new Extension(ExtensionId.of(id), number, (first + " " + last).strip(), "Enabled", "User", first, last, email);
  }

  static SalesforceUser user(String first, String last, String email) {
    String id = String.format("005UV%010dAAA", nextUser++);
    return new SalesforceUser(SalesforceId.of(id), (first + " " + last).strip(), first, last, email,
        (email == null ? "u" + nextUser : email) + ".firm");
  }

  private static StaffMatch of(Result r, String extensionId) {
    return r.staff().stream().filter(s -> s.extension().id().value().equals(extensionId)).findFirst().orElseThrow();
  }

  @Test
  void matchesByEmailIgnoringCaseAndSurroundingSpaces() {
    SalesforceUser jane = user("Jane", "Roe", "Jane.Roe@Firm.com");
    Result r = StaffMatcher.match(List.of(ext("1", "103", "Janie", "Roe-Smith", "  jane.roe@firm.COM ")), List.of(jane));

    assertThat(r.staff()).singleElement().satisfies(s -> {
      assertThat(s.outcome()).isEqualTo(Outcome.BY_EMAIL);
      assertThat(s.user()).contains(jane);
    });
  }

  @Test
  void fallsBackToTheNameWhenNoUserHasTheEmail() {
    SalesforceUser priya = user("Priya", "Raman", "priya@old-firm.com");
    Result r = StaffMatcher.match(List.of(ext("1", "202", "Priya", "Raman", "priya.raman@firm.com")), List.of(priya));

    assertThat(r.staff().get(0).outcome()).isEqualTo(Outcome.BY_NAME);
    assertThat(r.staff().get(0).user()).contains(priya);
  }

  @Test
  void namesMatchWhateverTheCaseAccentsPunctuationSpacesOrMiddleInitial() {
    assertThat(StaffMatcher.nameKey("  Zoë   O'Brien-Núñez ")).isEqualTo(StaffMatcher.nameKey("zoe obrien nunez"));
    assertThat(StaffMatcher.nameKey("John Q. Public")).isEqualTo(StaffMatcher.nameKey("John Public"));
    assertThat(StaffMatcher.nameKey("J Public")).contains("j public");
    assertThat(StaffMatcher.nameKey("Kathy Dunn")).isNotEqualTo(StaffMatcher.nameKey("Katherine Dunn"));
    assertThat(StaffMatcher.nameKey("  ")).isEmpty();
    assertThat(StaffMatcher.nameKey(null)).isEmpty();
  }

  @Test
  void anEmailSharedByTwoUsersIsAmbiguousWithBothCandidatesListed() {
    SalesforceUser a = user("Sam", "Porter", "desk@firm.com");
    SalesforceUser b = user("Sam", "Porter Jr", "desk@firm.com");
    Result r = StaffMatcher.match(List.of(ext("1", "115", "Sam", "Porter", "desk@firm.com")), List.of(a, b));

    StaffMatch m = r.staff().get(0);
    assertThat(m.outcome()).isEqualTo(Outcome.AMBIGUOUS);
    assertThat(m.user()).isEmpty();
    assertThat(m.candidates()).containsExactly(a, b);
  }

  @Test
  void aNameSharedByTwoUsersIsAmbiguous() {
    SalesforceUser a = user("Chris", "Lee", "chris.lee@firm.com");
    SalesforceUser b = user("Chris", "Lee", "clee@firm.com");
    Result r = StaffMatcher.match(List.of(ext("1", "130", "Chris", "Lee", "chris@phones.example")), List.of(a, b));

    assertThat(r.staff().get(0).outcome()).isEqualTo(Outcome.AMBIGUOUS);
    assertThat(r.staff().get(0).candidates()).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void anEmailClaimBeatsANameClaimOnTheSameUser() {
    SalesforceUser kyle = user("Kyle", "Haney", "kyle@firm.com");
    Extension byEmail = ext("1", "107", "Kyle", "H", "kyle@firm.com");
    Extension byName = ext("2", "117", "Kyle", "Haney", "kyle.haney@gmail.com");

    Result r = StaffMatcher.match(List.of(byEmail, byName), List.of(kyle));

    assertThat(of(r, "1").outcome()).isEqualTo(Outcome.BY_EMAIL);
    StaffMatch loser = of(r, "2");
    assertThat(loser.outcome()).isEqualTo(Outcome.CONFLICT);
    assertThat(loser.candidates()).containsExactly(kyle);
    assertThat(loser.rivals()).containsExactly(byEmail);
  }

  @Test
  void twoEqualClaimsOnOneUserLeaveBothUnmatchedAndListEachOther() {
    SalesforceUser dana = user("Dana", "Whitfield", "dana@firm.com");
    Extension a = ext("1", "301", "Dana", "Whitfield", "dana@firm.com");
    Extension b = ext("2", "302", "Dana", "Whitfield", "DANA@firm.com");

    Result r = StaffMatcher.match(List.of(a, b), List.of(dana));

    assertThat(r.staff()).allSatisfy(s -> assertThat(s.outcome()).isEqualTo(Outcome.CONFLICT));
    assertThat(of(r, "1").rivals()).containsExactly(b);
    assertThat(of(r, "2").rivals()).containsExactly(a);
    assertThat(r.usersWithoutExtension()).containsExactly(dana);
    assertThat(r.matched()).isZero();
  }

  @Test
  void leavesOutOtherTypesAndListsUserExtensionsThatAreNotEnabled() {
    Extension queue = new Extension(ExtensionId.of("9"), "100", "Front Desk", "Enabled", "Department", null, null, null);
    Extension fax = new Extension(ExtensionId.of("8"), "199", "Fax Line", "Disabled", "User", "Fax", "Line", null);
    Extension hire = new Extension(ExtensionId.of("7"), "198", "New Hire", "NotActivated", "User", "New", "Hire", null);
    Extension staff = ext("6", "104", "Alyssia", "Grant", "alyssia@firm.com");

    Result r = StaffMatcher.match(List.of(queue, fax, hire, staff), List.of());

    assertThat(r.staff()).extracting(StaffMatch::extension).containsExactly(staff);
    assertThat(r.staff().get(0).outcome()).isEqualTo(Outcome.UNMATCHED);
    assertThat(r.notEnabled()).containsExactly(hire, fax);
    assertThat(r.otherTypes()).isEqualTo(1);
  }

  @Test
  void ordersStaffByExtensionNumberNumerically() {
    Result r = StaffMatcher.match(List.of(ext("1", "1001", "A", "A", null), ext("2", "99", "B", "B", null),
        ext("3", "100", "C", "C", null)), List.of());

    assertThat(r.staff()).extracting(s -> s.extension().number()).containsExactly("99", "100", "1001");
  }

  @Test
  void anExtensionWithoutEmailOrNameStaysUnmatched() {
    Extension bare = new Extension(ExtensionId.of("5"), "120", null, "Enabled", "User", null, null, null);
    Result r = StaffMatcher.match(List.of(bare), List.of(user("", "", null)));

    assertThat(r.staff().get(0).outcome()).isEqualTo(Outcome.UNMATCHED);
    assertThat(r.staff().get(0).user()).isEqualTo(Optional.empty());
  }
}

package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.StaffDirectory;
import io.rcsync.core.port.out.StaffDirectory.SalesforceUser;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StaffDirectory} must do. Extend it and return a directory over an org whose active standard users
 * are {@code active} and which also holds the {@code inactive} users (deactivated); an org may hold further users of
 * its own (an integration user), so the suite checks what it put in and what it left out.
 */
public abstract class StaffDirectoryContract {

  protected abstract StaffDirectory directoryWith(List<SalesforceUser> active, List<SalesforceUser> inactive);

  protected static SalesforceUser user(int n, String first, String last, String email) {
    SalesforceId id = SalesforceIds.idFor(SalesforceIds.USER, n);
    return new SalesforceUser(id, (first == null ? "" : first + " ") + last, first, last, email,
        email == null ? "user" + n + "@login.example" : email.toLowerCase(java.util.Locale.ROOT) + "." + n);
  }

  @Test
  public void listsEveryActiveUserWithNamesAndEmail() {
    List<SalesforceUser> active = List.of(
        user(1, "Alyssia", "Grant", "Alyssia.Grant@example.com"),
        user(2, "Zoë", "O'Brien", "zoe@example.com"),
        user(3, null, "Reception", "frontdesk@example.com"));

    List<SalesforceUser> got = directoryWith(active, List.of()).activeUsers();

    assertThat(got).extracting(SalesforceUser::id, SalesforceUser::firstName, SalesforceUser::lastName,
            SalesforceUser::email)
        .contains(active.stream().map(u -> org.assertj.core.groups.Tuple.tuple(u.id(), u.firstName(), u.lastName(),
            u.email())).toArray(org.assertj.core.groups.Tuple[]::new));
  }

  @Test
  public void leavesOutDeactivatedUsers() {
    SalesforceUser kyle = user(1, "Kyle", "Haney", "kyle@example.com");
    SalesforceUser gone = user(9, "Former", "Colleague", "former@example.com");

    List<SalesforceUser> got = directoryWith(List.of(kyle), List.of(gone)).activeUsers();

    assertThat(got).extracting(SalesforceUser::id).contains(kyle.id()).doesNotContain(gone.id());
  }

  @Test
  public void listsEveryUserOfALargeOrg() {
    List<SalesforceUser> active = new ArrayList<>();
    for (int i = 0; i < 2_050; i++) {
      active.add(user(10_000 + i, "Staff", "Member " + i, "staff" + i + "@example.com"));
    }

    List<SalesforceUser> got = directoryWith(active, List.of()).activeUsers();

    assertThat(got).extracting(SalesforceUser::id)
        .containsAll(active.stream().map(SalesforceUser::id).toList())
        .doesNotHaveDuplicates();
  }
}

package io.rcsync.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.StaffDirectory.SalesforceUser;
import io.rcsync.core.service.StaffMatcher.Result;
import io.rcsync.core.service.StaffMatcher.StaffMatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the data: every enabled user extension is accounted for once, and no user is given to two of them. */
class StaffMatcherPropertyTest {
  private static final String[] FIRST = {"Ann", "Bo", "Zoë", "Zoe", "Kyle", "Priya"};
  private static final String[] LAST = {"Lee", "O'Brien", "OBrien", "Raman", "Haney"};
  private static final String[] MAIL = {"a@x.com", "A@X.com ", "b@x.com", "c@y.com", null};
  private static final String[] STATUS = {"Enabled", "Enabled", "Disabled", "NotActivated"};
  private static final String[] TYPE = {"User", "User", "User", "Department"};

  @Property(tries = 300)
  void everyEnabledUserExtensionIsAccountedForOnceAndNoUserIsGivenTwice(
      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 10_000) Integer> extSeeds,
      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 10_000) Integer> userSeeds) {
    List<Extension> exts = new ArrayList<>();
    for (int i = 0; i < extSeeds.size(); i++) {
      int s = extSeeds.get(i);
      String first = FIRST[s % FIRST.length];
      String last = LAST[(s / 7) % LAST.length];
      exts.add(new Extension(ExtensionId.of(Integer.toString(1000 + i)), Integer.toString(100 + (s % 50)),
          first + " " + last, STATUS[(s / 3) % STATUS.length], TYPE[(s / 11) % TYPE.length], first, last,
          MAIL[(s / 13) % MAIL.length]));
    }
    List<SalesforceUser> users = new ArrayList<>();
    for (int i = 0; i < userSeeds.size(); i++) {
      int s = userSeeds.get(i);
      String first = FIRST[s % FIRST.length];
      String last = LAST[(s / 5) % LAST.length];
      users.add(new SalesforceUser(SalesforceId.of(String.format("005UV%010dAAA", i)), first + " " + last, first, last,
          MAIL[(s / 17) % MAIL.length], "u" + i + "@login"));
    }

    Result r = StaffMatcher.match(exts, users);

    long enabledUsers = exts.stream().filter(e -> e.isUser() && e.isEnabled()).count();
    assertThat(r.staff()).hasSize((int) enabledUsers);
    assertThat(r.staff().size() + r.notEnabled().size() + r.otherTypes()).isEqualTo(exts.size());
    long byOutcome = 0;
    for (StaffMatcher.Outcome o : StaffMatcher.Outcome.values()) {
      byOutcome += r.count(o);
    }
    assertThat(byOutcome).isEqualTo(r.staff().size());
    Set<String> given = new HashSet<>();
    for (StaffMatch m : r.staff()) {
      m.user().ifPresent(u -> assertThat(given.add(u.id().value())).as("user given twice: " + u).isTrue());
    }
    assertThat(given.size() + r.usersWithoutExtension().size()).isEqualTo(users.size());
  }
}

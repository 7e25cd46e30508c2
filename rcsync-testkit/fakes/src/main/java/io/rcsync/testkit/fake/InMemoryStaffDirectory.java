package io.rcsync.testkit.fake;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.StaffDirectory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** The org's active standard users in memory. Each listing counts one Salesforce call. Thread-safe. */
public final class InMemoryStaffDirectory implements StaffDirectory {
  private final ApiCalls apiCalls;
  private final List<SalesforceUser> users = new ArrayList<>();
  private ExternalSystemException failure;

  public InMemoryStaffDirectory(ApiCalls apiCalls) {
    this.apiCalls = Objects.requireNonNull(apiCalls, "apiCalls");
  }

  /** A directory listing exactly {@code users}. */
  public static InMemoryStaffDirectory holding(Collection<SalesforceUser> users) {
    InMemoryStaffDirectory d = new InMemoryStaffDirectory(new ApiCalls());
    users.forEach(d::add);
    return d;
  }

  /** Adds a user, replacing one with the same id. */
  public synchronized InMemoryStaffDirectory add(SalesforceUser user) {
    users.removeIf(u -> u.id().sameRecord(user.id()));
    users.add(user);
    return this;
  }

  /** Makes every following listing throw (null clears it). */
  public synchronized InMemoryStaffDirectory failWith(ExternalSystemException e) {
    this.failure = e;
    return this;
  }

  @Override
  public synchronized List<SalesforceUser> activeUsers() {
    apiCalls.increment(ApiCalls.SALESFORCE);
    if (failure != null) {
      throw failure;
    }
    return List.copyOf(users);
  }
}

package io.rcsync.core.port.out;

import io.rcsync.core.domain.SalesforceId;
import java.util.List;

/**
 * The org's people who can own Notes: its active, standard (internal, licensed) Salesforce users. {@code rcsync init}
 * matches RingCentral user extensions to them to fill in each roster row's {@code sfUserId}.
 */
public interface StaffDirectory {

  /**
   * One active Salesforce user.
   *
   * @param id the User id (key prefix 005)
   * @param name the full name Salesforce shows ({@code Name}: first and last name combined)
   * @param firstName {@code FirstName}, or null (optional in Salesforce)
   * @param lastName {@code LastName}
   * @param email {@code Email}, or null
   * @param username {@code Username} (login, e-mail shaped, unique across Salesforce)
   */
  record SalesforceUser(SalesforceId id, String name, String firstName, String lastName, String email,
      String username) {
    public SalesforceUser {
      java.util.Objects.requireNonNull(id, "id");
    }
  }

  /**
   * Every active standard user, in no promised order.
   *
   * @throws ExternalSystemException when Salesforce cannot be reached or refuses the session or the query
   */
  List<SalesforceUser> activeUsers();
}

package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.port.out.StaffDirectory;
import io.rcsync.core.port.out.StaffDirectory.SalesforceUser;
import io.rcsync.testkit.contract.StaffDirectoryContract;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real staff directory passes the contract against the embedded Salesforce simulator (its User object, SOQL and
 * 2,000-record query pages), and leaves out users that are not internal standard users.
 */
class SalesforceStaffDirectorySimulatorContractTest extends StaffDirectoryContract {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private final SimulatorOrgs orgs = new SimulatorOrgs();
  private SalesforceSimulator sim;

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  @Override
  protected StaffDirectory directoryWith(List<SalesforceUser> active, List<SalesforceUser> inactive) {
    sim = orgs.org(SCHEMA, List.of(), Set.of());
    for (SalesforceUser u : active) {
      sim.addUser(u.id(), u.firstName(), u.lastName(), u.email());
    }
    for (SalesforceUser u : inactive) {
      sim.addUser(u.id(), u.firstName(), u.lastName(), u.email());
      sim.deactivateUser(u.id());
    }
    sim.resetCounters();
    return orgs.adapters(sim, SCHEMA).staffDirectory();
  }

  @Test
  void leavesOutPartnerPortalAndAutomatedUsers() {
    StaffDirectory directory = directoryWith(List.of(user(1, "Kyle", "Haney", "kyle@example.com")), List.of());
    String partner = sim.insert("User", Map.of("LastName", "Partner", "Name", "Pat Partner", "Username",
        "pat@partner.example", "IsActive", true, "UserType", "PowerPartner"));
    String automated = sim.insert("User", Map.of("LastName", "Automated Process", "Name", "Automated Process",
        "Username", "autoproc@00d.example", "IsActive", true, "UserType", "AutomatedProcess"));

    List<SalesforceUser> got = directory.activeUsers();

    assertThat(got).extracting(u -> u.id().shortForm())
        .contains(user(1, "K", "H", null).id().shortForm())
        .doesNotContain(partner.substring(0, 15), automated.substring(0, 15));
  }

  @Test
  void readsALargeOrgPageByPageInOneQueryCallPerPage() {
    List<SalesforceUser> active = new java.util.ArrayList<>();
    for (int i = 0; i < 4_100; i++) {
      active.add(user(20_000 + i, "Staff", "Member " + i, "s" + i + "@example.com"));
    }
    StaffDirectory directory = directoryWith(active, List.of());
    long before = orgs.apiCalls.count(ApiCalls.SALESFORCE);

    List<SalesforceUser> got = directory.activeUsers();

    assertThat(got).hasSizeGreaterThanOrEqualTo(4_100);
    // 4,100 of ours plus the simulator's integration user: pages of 2,000 → 3 GETs
    assertThat(orgs.apiCalls.count(ApiCalls.SALESFORCE) - before).isEqualTo(3);
  }
}

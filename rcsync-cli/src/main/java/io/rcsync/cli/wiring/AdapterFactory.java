package io.rcsync.cli.wiring;

import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.domain.ApiCalls;
import java.util.List;
import java.util.Optional;

/**
 * Makes the RingCentral and Salesforce ports a verb needs. The live factory builds the HTTP adapters from the
 * config, credentials and environment; tests and the in-memory demo hand in fakes. Every port made here counts
 * its calls on the given {@link ApiCalls}.
 */
public interface AdapterFactory {

  /**
   * Loads the RingCentral credentials (design.md §2; the file the config's {@code ringcentral} section names) and
   * builds the message source and extension directory.
   */
  RingCentralPorts ringCentral(ConfigFile config, CliEnvironment env, ApiCalls apiCalls);

  /**
   * Builds the Salesforce ports on {@code SF_ACCESS_TOKEN} + {@code SF_INSTANCE_URL}, or the {@code sf} CLI session
   * of {@code targetOrg} (the command line's {@code --target-org}, else config {@code salesforce.targetOrg}).
   */
  SalesforcePorts salesforce(ConfigFile config, Optional<String> targetOrg, CliEnvironment env, ApiCalls apiCalls);

  /**
   * What {@code rcsync init} reads from Salesforce: the org's active standard users, a login check and description, and
   * an object's describe (init looks on the Note object for a message-time field), all on the same session.
   */
  record StaffPorts(io.rcsync.core.port.out.StaffDirectory directory, java.util.function.Supplier<String> checkLogin,
      java.util.function.Supplier<String> describe,
      java.util.function.Function<String, Optional<io.rcsync.salesforce.SalesforceDescribe.ObjectInfo>> describeObject) {
    public StaffPorts {
      java.util.Objects.requireNonNull(directory, "directory");
      java.util.Objects.requireNonNull(checkLogin, "checkLogin");
      java.util.Objects.requireNonNull(describe, "describe");
      java.util.Objects.requireNonNull(describeObject, "describeObject");
    }

    /** Without a describe (every object answers "not described"). */
    public StaffPorts(io.rcsync.core.port.out.StaffDirectory directory, java.util.function.Supplier<String> checkLogin,
        java.util.function.Supplier<String> describe) {
      this(directory, checkLogin, describe, object -> Optional.empty());
    }
  }

  /**
   * The Salesforce user directory on {@code SF_ACCESS_TOKEN} + {@code SF_INSTANCE_URL}, or the {@code sf} CLI session
   * of {@code targetOrg}, as {@link #salesforce} finds its session. Factories without one (the in-memory demo) throw
   * {@link UnsupportedOperationException}.
   */
  default StaffPorts salesforceStaff(ConfigFile config, Optional<String> targetOrg, CliEnvironment env,
      ApiCalls apiCalls) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read Salesforce users");
  }

  /** Secret values this factory knows of (e.g. a simulator's token), masked in every message. */
  default List<String> secrets() {
    return List.of();
  }
}

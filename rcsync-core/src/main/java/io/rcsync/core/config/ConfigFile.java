package io.rcsync.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything the config file says (design.md §1), as {@link ConfigLoader} bound and validated it: core's
 * {@link SyncConfig}, and the connection settings of the file's {@code salesforce} and {@code ringcentral} sections
 * that only the composition root (the CLI) hands to the adapters. The file has one binder, {@link ConfigLoader}, so
 * a key means the same and fails with the same message wherever the file is read; core's own settings no longer
 * carry adapter configuration.
 *
 * @param sync core's settings
 * @param salesforce {@code salesforce.targetOrg}, {@code salesforce.apiVersion}, {@code salesforce.compositeBatching}
 *     and {@code salesforce.apiReservePercent}
 * @param ringCentral {@code ringcentral.credentialsFile} and {@code ringcentral.server}
 */
public record ConfigFile(SyncConfig sync, SalesforceSection salesforce, RingCentralSection ringCentral) {
  public ConfigFile {
    Objects.requireNonNull(sync, "sync");
    Objects.requireNonNull(salesforce, "salesforce");
    Objects.requireNonNull(ringCentral, "ringCentral");
  }

  /**
   * How to reach the Salesforce org: the {@code sf} CLI alias to use when the command line names none, the REST
   * API version ({@code v67.0} form), and whether Note writes batch five 200-record collections into one composite
   * call.
   *
   * @param compositeBatching {@code salesforce.compositeBatching} (default true): true writes up to 1,000 Notes per
   *     Salesforce API call (five sObject Collections of 200 in one {@code POST /composite}); false one collection
   *     of 200 per call, for orgs whose triggers or flows on Notes are too slow for 1,000 records in one request
   * @param fileVisibility {@code attachments.visibility} (issue 12; default {@value #VISIBILITY_INTERNAL}): the
   *     Visibility of the links from an MMS file to its Matter/Intake, {@value #VISIBILITY_INTERNAL} (client portal
   *     users who can see the Matter do not see the file) or {@value #VISIBILITY_ALL}
   * @param apiReservePercent {@code salesforce.apiReservePercent} (issue 13; default
   *     {@value #DEFAULT_API_RESERVE_PERCENT}, 0..90): the percent of the org's daily API allowance a run leaves
   *     unspent; a run stops cleanly (exit 1, watermarks held) once {@code Sforce-Limit-Info} shows usage within it
   */
  public record SalesforceSection(Optional<String> targetOrg, String apiVersion, boolean compositeBatching,
      String fileVisibility, int apiReservePercent) {
    /** {@code salesforce.apiReservePercent} when the file names none. */
    public static final int DEFAULT_API_RESERVE_PERCENT = 10;

    /** The API version when the file names none (the Salesforce adapter's default too). */
    public static final String DEFAULT_API_VERSION = "v67.0";
    /** {@code attachments.visibility}: the org's internal users only (the default). */
    public static final String VISIBILITY_INTERNAL = "InternalUsers";
    /** {@code attachments.visibility}: Experience Cloud (portal) users with access to the record too. */
    public static final String VISIBILITY_ALL = "AllUsers";

    public SalesforceSection {
      Objects.requireNonNull(targetOrg, "targetOrg");
      Objects.requireNonNull(apiVersion, "apiVersion");
      if (!VISIBILITY_INTERNAL.equals(fileVisibility) && !VISIBILITY_ALL.equals(fileVisibility)) {
        throw new IllegalArgumentException("fileVisibility must be " + VISIBILITY_INTERNAL + " or " + VISIBILITY_ALL
            + ", got " + fileVisibility);
      }
      if (apiReservePercent < 0 || apiReservePercent > 90) {
        throw new IllegalArgumentException("apiReservePercent must be 0..90, got " + apiReservePercent);
      }
    }

    /** With the default API reserve ({@value #DEFAULT_API_RESERVE_PERCENT}%). */
    public SalesforceSection(Optional<String> targetOrg, String apiVersion, boolean compositeBatching,
        String fileVisibility) {
      this(targetOrg, apiVersion, compositeBatching, fileVisibility, DEFAULT_API_RESERVE_PERCENT);
    }

    /** Files visible to internal users only (the default). */
    public SalesforceSection(Optional<String> targetOrg, String apiVersion, boolean compositeBatching) {
      this(targetOrg, apiVersion, compositeBatching, VISIBILITY_INTERNAL);
    }

    /** With composite batching on (the default). */
    public SalesforceSection(Optional<String> targetOrg, String apiVersion) {
      this(targetOrg, apiVersion, true);
    }

    /**
     * The section of a file without a {@code salesforce} key: no target org, so the {@code sf} alias must come from
     * {@code --target-org} unless {@code SF_ACCESS_TOKEN} and {@code SF_INSTANCE_URL} are set (design.md §2), and
     * API version {@value #DEFAULT_API_VERSION}, composite batching on.
     */
    public static SalesforceSection defaults() {
      return new SalesforceSection(Optional.empty(), DEFAULT_API_VERSION);
    }
  }

  /**
   * Where the RingCentral credentials file is (relative to the working directory unless absolute), and the platform
   * URL when the file overrides the credentials' default server.
   */
  public record RingCentralSection(String credentialsFile, Optional<String> server) {
    /**
     * The credentials file when {@code ringcentral.credentialsFile} is absent (design.md §2), relative to the working
     * directory. {@code RC_CLIENT_ID}, {@code RC_CLIENT_SECRET}, {@code RC_JWT} and {@code RC_SERVER_URL} override
     * what it holds.
     */
    public static final String DEFAULT_CREDENTIALS_FILE = ".credentials/rc-credentials.json";

    public RingCentralSection {
      Objects.requireNonNull(credentialsFile, "credentialsFile");
      Objects.requireNonNull(server, "server");
    }

    /**
     * The section of a file without a {@code ringcentral} key: credentials from {@value #DEFAULT_CREDENTIALS_FILE},
     * and no server override, so the server is the credentials' own ({@code server} in the file or
     * {@code RC_SERVER_URL}, else {@code https://platform.ringcentral.com}).
     */
    public static RingCentralSection defaults() {
      return new RingCentralSection(DEFAULT_CREDENTIALS_FILE, Optional.empty());
    }
  }
}

package io.rcsync.salesforce;

import io.rcsync.core.domain.ApiCalls;
import java.util.Objects;

/**
 * Builds the Salesforce ports on one shared HTTP client, session and API-call counter:
 *
 * <pre>{@code
 * SalesforceAuth auth = SalesforceAuth.fromEnvironment(System.getenv(), Optional.of("LITIFY_ORG"));
 * SalesforceAdapters sf = SalesforceAdapters.create(SalesforceConfig.builder().schema(schema).build(), auth, apiCalls);
 * CaseDirectory cases = sf.newCaseDirectory();   // one per run: it caches lookups
 * NoteSink sink = sf.noteSink();
 * NoteStore store = sf.noteStore();
 * SalesforceDescribe describe = sf.describe();   // doctor: do the objects and fields exist and are they writable?
 * StaffDirectory staff = sf.staffDirectory();     // init: the org's active standard users
 * HistorySource history = sf.historySource(SmsMagicFieldMap.defaults()); // import-smsmagic: SMS-Magic's records
 * }</pre>
 */
public final class SalesforceAdapters {
  private final SalesforceHttp http;
  /** The latest Note sink's existence lookups and describe ride in the case directory's composite calls. */
  private final CompositeRiders riders = new CompositeRiders();

  private SalesforceAdapters(SalesforceHttp http) {
    this.http = http;
  }

  public static SalesforceAdapters create(SalesforceConfig config, SalesforceAuth auth, ApiCalls apiCalls) {
    return new SalesforceAdapters(new SalesforceHttp(Objects.requireNonNull(config), Objects.requireNonNull(auth),
        Objects.requireNonNull(apiCalls)));
  }

  /**
   * A fresh directory with an empty cache: use one per run. Its composite lookup calls also carry, in their free
   * subrequest slots, the existence lookups and Note describe that the latest {@link #noteSink()} was told to expect.
   */
  public SalesforceCaseDirectory newCaseDirectory() {
    return new SalesforceCaseDirectory(http, riders);
  }

  /**
   * A Note sink on this client. The latest one built is the one whose {@link SalesforceNoteSink#expect expected}
   * lookups ride in the case directories' composite calls (so a backfill's lookups and writes take one call each).
   */
  public SalesforceNoteSink noteSink() {
    return new SalesforceNoteSink(http, riders);
  }

  public SalesforceNoteStore noteStore() {
    return new SalesforceNoteStore(http);
  }

  /** Salesforce Files for MMS media (issue 12): ContentVersion uploads, links, lookups by key and deletes. */
  public SalesforceFileStore newFileStore() {
    return new SalesforceFileStore(http);
  }

  /** The org's active standard users ({@code rcsync init} matches staff to them). */
  public SalesforceStaffDirectory staffDirectory() {
    return new SalesforceStaffDirectory(http);
  }

  /** The Matter or Intake, user names and file addresses of a record's transcript (issue 14). */
  public SalesforceRecordDirectory recordDirectory() {
    return new SalesforceRecordDirectory(http);
  }

  /**
   * The retired SMS-Magic package's message history in the org (issue 15), read with SOQL page by page: describes each
   * configured object once before the first page (skipping an object the org lacks and optional fields it lacks, with
   * a warning each in {@link io.rcsync.core.port.out.HistorySource#warnings()}), then one query call per page of up
   * to {@code batchSize} records, counted like every other call of this set.
   *
   * @param fields the objects and fields to read ({@link io.rcsync.core.domain.SmsMagicFieldMap#defaults()} for
   *     SMS-Magic's own names)
   * @param batchSize records asked for per page ({@code Sforce-Query-Options: batchSize}), 200 to 2,000
   * @throws IllegalArgumentException when {@code batchSize} is outside 200..2,000 or {@code fields} names no object
   */
  public io.rcsync.core.port.out.HistorySource historySource(io.rcsync.core.domain.SmsMagicFieldMap fields,
      int batchSize) {
    return new SalesforceHistorySource(http, fields, batchSize);
  }

  /** {@link #historySource(io.rcsync.core.domain.SmsMagicFieldMap, int)} with 2,000-record pages (Salesforce's default and largest). */
  public io.rcsync.core.port.out.HistorySource historySource(io.rcsync.core.domain.SmsMagicFieldMap fields) {
    return historySource(fields, SalesforceHistorySource.DEFAULT_BATCH_SIZE);
  }

  /** Object and field metadata on the same session, client and call counter as the ports. */
  public SalesforceDescribe describe() {
    return new SalesforceDescribe(http);
  }

  /**
   * Proves the credentials before a run reads anything: acquires the session ({@code sf org display} or the
   * environment's token) and sends one {@code GET /services/data/vXX.X} (the version's resource list: it needs only a
   * valid session, where {@code /limits} also needs the "View Setup and Configuration" permission). That is one
   * Salesforce API call, counted like any other. A rejected token is renewed once (the {@code sf} CLI case), then
   * fails.
   *
   * @return "logged in to https://acme.my.salesforce.com (API v67.0)"
   * @throws io.rcsync.core.port.out.ExternalSystemException AUTHENTICATION when there is no session or Salesforce
   *     rejects it, CONNECTION when the instance cannot be reached
   * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_discoveryresource.htm">Resources by Version</a>
   */
  public String checkLogin() {
    http.get(http.config().dataPath(), "login check");
    return "logged in to " + http.instanceUrl() + " (API " + http.config().apiVersion() + ")";
  }

  /**
   * The org's daily API usage as of the latest Salesforce answer on this client (empty before the first one): for run
   * reports and doctor. Requests stop before they are sent once it is within {@link SalesforceConfig#apiReservePercent()}.
   */
  public io.rcsync.core.port.out.ApiQuota apiQuota() {
    return http.quota();
  }

  public SalesforceConfig config() {
    return http.config();
  }
}

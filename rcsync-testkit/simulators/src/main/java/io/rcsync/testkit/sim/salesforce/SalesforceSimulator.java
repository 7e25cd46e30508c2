package io.rcsync.testkit.sim.salesforce;

import com.sun.net.httpserver.HttpServer;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An embedded Salesforce REST API for tests and demos: a real HTTP server on a free localhost port that speaks the
 * documented contracts rcsync's Salesforce adapter uses, backed by an in-memory org.
 *
 * <ul>
 *   <li>{@code GET /services/data/} (versions), {@code GET /services/data/vXX.X/} (resources), {@code /limits}
 *   <li>{@code GET .../query?q=} and {@code .../queryAll?q=} with a real SOQL subset (see {@link SoqlParser}),
 *       paged through {@code nextRecordsUrl} ({@code GET .../query/{locator}})
 *   <li>{@code GET .../sobjects}, {@code .../sobjects/{object}/describe}, {@code .../sobjects/{object}/{id}}
 *   <li>sObject Collections: {@code POST .../composite/sobjects} (create), {@code PATCH
 *       .../composite/sobjects/{object}/{externalIdField}} (upsert), {@code DELETE .../composite/sobjects?ids=}
 *   <li>Composite: {@code POST .../composite} with up to 25 subrequests (at most 5 query operations) on the
 *       resources above, {@code allOrNone}, {@code @{ref.field}} references; one API call (see
 *       {@code CompositeResource})
 * </ul>
 *
 * Every request but the versions list needs {@code Authorization: Bearer <token>} with a token from
 * {@link #issueToken()} or {@link #registerToken(String)}. Faults ({@link #faults()}), token revocation, the daily
 * API request budget and per-endpoint call counters are controllable from tests.
 *
 * <pre>{@code
 * try (SalesforceSimulator sf = SalesforceSimulator.litify(LitifySchema.defaults()).build().start()) {
 *   String token = sf.issueToken();
 *   SalesforceId owner = sf.addUser("Alyssia");
 *   String matter = sf.insert("litify_pm__Matter__c", Map.of("Matter_Phone__c", "(502) 813-8900"));
 *   // point the adapter at sf.instanceUrl() with the token ...
 * }
 * }</pre>
 */
public final class SalesforceSimulator implements AutoCloseable {
  /** The most records one sObject Collections request accepts. */
  public static final int MAX_COLLECTION_SIZE = 200;
  /** Default and largest query batch (records per page). */
  public static final int MAX_QUERY_BATCH = 2000;

  /**
   * Records from which Salesforce calls an object "large" and refuses non-selective queries in triggers
   * (https://help.salesforce.com/apex/HTViewSolution?id=000002493): the simulator's default scale for a table scan's
   * relativeCost in {@code /query?explain=}.
   */
  public static final long DEFAULT_LARGE_OBJECT_ROWS = 200_000;

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, each response then waits
    // ~40 ms for the client's delayed ACK. TCP_NODELAY brings a local round trip down to about a millisecond.
    // Read once when the JDK's ServerConfig loads, so set it before the first HttpServer is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Endpoints counted separately by {@link #calls(Endpoint)}. */
  public enum Endpoint {
    VERSIONS,
    RESOURCES,
    LIMITS,
    QUERY,
    QUERY_ALL,
    QUERY_MORE,
    DESCRIBE_GLOBAL,
    DESCRIBE,
    RETRIEVE,
    /** {@code POST .../sobjects/{object}}: one record; ContentVersion also as multipart with the file's bytes. */
    SOBJECT_CREATE,
    /** {@code DELETE .../sobjects/{object}/{id}}: one record (a ContentDocument takes its versions and links). */
    SOBJECT_DELETE,
    COLLECTIONS_CREATE,
    COLLECTIONS_UPSERT,
    /** {@code PATCH .../composite/sobjects}: update records by id. */
    COLLECTIONS_UPDATE,
    COLLECTIONS_DELETE,
    /** {@code /composite}: one call however many subrequests it carries (see {@link #subrequests(Endpoint)}). */
    COMPOSITE,
    UNKNOWN
  }

  private final OrgSchema schema;
  private final Clock clock;
  private final ZoneId zone;
  private final String apiVersion;
  private final int queryBatchSize;
  private final String host;
  private final int requestedPort;
  final OrgStore store;
  private final SalesforceFaults faults = new SalesforceFaults();
  private final AccessTokens tokens = new AccessTokens();
  private final ApiUsage usage;
  private final OrgAdmin admin;
  private final String integrationUserId;
  private final long maxMultipartFileBytes;
  private final long maxBase64Chars;
  private final long maxCollectionFileBytes;
  private final long maxJsonBodyBytes;
  private SalesforceFiles files;
  private final java.util.Set<String> indexedFields = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final long largeObjectRows;
  private final Duration latencyPerCall;
  private final Duration latencyPerRecordWritten;
  /** Records the current request writes (sObject Collections, also inside a Composite), for the latency. */
  private final ThreadLocal<int[]> recordsWritten = ThreadLocal.withInitial(() -> new int[1]);
  private HttpServer server;
  private ExecutorService executor;

  private SalesforceSimulator(Builder b) {
    this.schema = b.schema;
    this.clock = b.clock;
    this.zone = b.zone;
    this.apiVersion = b.apiVersion;
    this.queryBatchSize = b.queryBatchSize;
    this.host = b.host;
    this.requestedPort = b.port;
    this.maxMultipartFileBytes = b.maxMultipartFileBytes;
    this.maxBase64Chars = b.maxBase64Chars;
    this.maxCollectionFileBytes = b.maxCollectionFileBytes;
    this.maxJsonBodyBytes = b.maxJsonBodyBytes;
    this.largeObjectRows = b.largeObjectRows;
    this.latencyPerCall = b.latencyPerCall;
    this.latencyPerRecordWritten = b.latencyPerRecordWritten;
    b.indexedFields.forEach(k -> indexedFields.add(k.toLowerCase(java.util.Locale.ROOT)));
    this.store = new OrgStore(schema, clock);
    this.store.faults(faults.recordFaults());
    this.usage = new ApiUsage(b.dailyApiRequests);
    usage.setDailyRemaining(Math.max(0, b.dailyApiRequests - b.apiRequestsUsed));
    this.admin = new OrgAdmin(schema, store, clock, zone, apiVersion, tokens);
    this.integrationUserId = addUser("Integration User").value();
    admin.runningUser(integrationUserId);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder whose org is {@link OrgSchema#litifyDefaults(LitifySchema)}. */
  public static Builder litify(LitifySchema names) {
    return new Builder().schema(OrgSchema.litifyDefaults(names));
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  /** Starts the HTTP server (on a free port unless one was configured) and returns this. */
  public synchronized SalesforceSimulator start() {
    if (server != null) {
      return this;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), requestedPort), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Salesforce simulator on " + host + ":" + requestedPort, e);
    }
    // an org answers many requests at once; Salesforce limits only those running 20 s or longer (25 per production
    // org, https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html ),
    // which the simulator does not model. 16 threads, so rcsync's write lanes (up to 8) are not queued here
    executor = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "salesforce-sim");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", new SalesforceHttpHandler(this));
    server.start();
    return this;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  /** The instance URL, e.g. {@code http://127.0.0.1:53121} (what {@code sf org display} calls instanceUrl). */
  public String instanceUrl() {
    if (server == null) {
      throw new IllegalStateException("the Salesforce simulator is not started: call start() first");
    }
    return "http://" + host + ":" + server.getAddress().getPort();
  }

  /** Same as {@link #instanceUrl()}. */
  public String baseUrl() {
    return instanceUrl();
  }

  public int port() {
    return server == null ? -1 : server.getAddress().getPort();
  }

  /** The newest API version served, e.g. {@code "62.0"}. */
  public String apiVersion() {
    return apiVersion;
  }

  /** {@code <instanceUrl>/services/data/v<apiVersion>}. */
  public String dataUrl() {
    return instanceUrl() + "/services/data/v" + apiVersion;
  }

  public OrgSchema schema() {
    return schema;
  }

  public Clock clock() {
    return clock;
  }

  ZoneId zone() {
    return zone;
  }

  int queryBatchSize() {
    return queryBatchSize;
  }

  // ---- query plans -----------------------------------------------------------------------------------------

  /**
   * Gives {@code object.field} a custom index, as Salesforce Support adds one on request (a field marked External ID
   * or Unique has one already): {@code /query?explain=} then plans {@code =}/{@code IN} filters on it as Index.
   */
  public void indexField(String object, String field) {
    SObjectType type = schema.requireObject(object);
    if (!type.hasField(field)) {
      throw new IllegalArgumentException(object + " has no field " + field);
    }
    indexedFields.add(key(type.name(), field));
  }

  boolean isIndexed(String object, String field) {
    return indexedFields.contains(key(object, field));
  }

  long largeObjectRows() {
    return largeObjectRows;
  }

  private static String key(String object, String field) {
    return (object + "." + field).toLowerCase(java.util.Locale.ROOT);
  }

  // ---- tokens ----------------------------------------------------------------------------------------------

  /** A new access token for the integration user. Never printed by the simulator. */
  public String issueToken() {
    return issueToken(SalesforceId.of(integrationUserId));
  }

  /** A new access token whose requests run as the given user (the default owner of records they create). */
  public String issueToken(SalesforceId user) {
    return tokens.issue(user.value());
  }

  /** Accepts a token chosen by the caller (e.g. the value a test puts in {@code SF_ACCESS_TOKEN}). */
  public void registerToken(String token) {
    tokens.register(Objects.requireNonNull(token, "token"), integrationUserId);
  }

  public void revokeToken(String token) {
    tokens.revoke(token);
  }

  /** Every token stops working: the next request answers 401 INVALID_SESSION_ID. */
  public void revokeAllTokens() {
    tokens.revokeAll();
  }

  Optional<String> userForToken(String token) {
    return tokens.userFor(token);
  }

  public SalesforceId integrationUserId() {
    return SalesforceId.of(integrationUserId);
  }

  // ---- faults, budget and counters -------------------------------------------------------------------------

  public SalesforceFaults faults() {
    return faults;
  }

  /** Sets the DailyApiRequests maximum and refills the remaining budget to it. */
  public void setDailyApiRequestLimit(long max) {
    usage.setDailyLimit(max);
  }

  /** Sets how many API requests remain today; at 0 every request answers 403 REQUEST_LIMIT_EXCEEDED. */
  public void setDailyApiRequestsRemaining(long remaining) {
    usage.setDailyRemaining(remaining);
  }

  public long dailyApiRequestsRemaining() {
    return usage.dailyRemaining();
  }

  long dailyApiRequestLimit() {
    return usage.dailyLimit();
  }

  /** Takes one request from the daily budget; false when it is spent. */
  boolean consumeApiRequest() {
    return usage.consume();
  }

  void count(Endpoint endpoint) {
    usage.count(endpoint);
  }

  /** An sObject Collections request of the current HTTP request writes {@code records} records (for the latency). */
  void countRecordsWritten(int records) {
    recordsWritten.get()[0] += records;
  }

  void forgetRecordsWritten() {
    recordsWritten.get()[0] = 0;
  }

  /**
   * Holds the current HTTP request's answer back by the configured latency (per call plus per record written), then
   * forgets its record count; nothing when no latency is configured.
   */
  void delayAnswer() {
    int[] written = recordsWritten.get();
    long nanos = latencyPerCall.toNanos() + latencyPerRecordWritten.toNanos() * written[0];
    written[0] = 0;
    if (nanos > 0) {
      try {
        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void countSubrequest(Endpoint endpoint) {
    usage.countSubrequest(endpoint);
  }

  /**
   * Subrequests of composite calls that reached this endpoint (a subrequest refused before it ran, e.g. for a
   * failed reference, is not counted). They are not HTTP requests: {@link #calls(Endpoint)} and the daily API
   * budget count the composite call once.
   */
  public long subrequests(Endpoint endpoint) {
    return usage.subrequests(endpoint);
  }

  /** Requests received on one endpoint (every request counts, including rejected ones). */
  public long calls(Endpoint endpoint) {
    return usage.calls(endpoint);
  }

  /** Requests received on all endpoints. */
  public long totalCalls() {
    return usage.totalCalls();
  }

  /** Non-zero counters by endpoint. */
  public Map<Endpoint, Long> callCounts() {
    return usage.callCounts();
  }

  public void resetCounters() {
    usage.reset();
  }

  // ---- seeding and inspection (in-process, as an administrator: see OrgAdmin) -----------------------------

  /**
   * Inserts a record as an administrator would: system fields ({@code CreatedDate}, {@code Name} of an
   * auto-number, even {@code Id}) may be set; types, lengths, lookups and unique values are still checked.
   *
   * @return the new record's 18-character id
   * @throws IllegalArgumentException naming the object, field and Salesforce status code when the record is invalid
   */
  public String insert(String object, Map<String, ?> values) {
    return admin.insert(object, values);
  }

  /** Updates fields of a record as an administrator would. */
  public void update(String object, String id, Map<String, ?> values) {
    admin.update(object, id, values);
  }

  /** Soft-deletes a record (it stays visible to queryAll). */
  public void delete(String id) {
    admin.delete(id);
  }

  /** Every undeleted record of an object, each as field name to Java value (Instant, LocalDate, String ...). */
  public List<Map<String, Object>> records(String object) {
    return records(object, false);
  }

  public List<Map<String, Object>> records(String object, boolean includeDeleted) {
    return admin.records(object, includeDeleted);
  }

  public int count(String object) {
    return admin.count(object);
  }

  /** The undeleted record with this id (15 or 18 characters), if it is of this object. */
  public Optional<Map<String, Object>> find(String object, String id) {
    return admin.find(object, id);
  }

  /** Undeleted records whose field equals the value (text compared ignoring case). */
  public List<Map<String, Object>> findBy(String object, String field, Object value) {
    return admin.findBy(object, field, value);
  }

  /** Runs SOQL in-process (no HTTP call, not counted): all matching records, no paging. */
  public QueryResult query(String soql) {
    return admin.query(soql, false);
  }

  /** Like {@link #query(String)} but deleted records match too, as with {@code queryAll}. */
  public QueryResult queryAll(String soql) {
    return admin.query(soql, true);
  }

  /** Adds an active user with a generated id. */
  public SalesforceId addUser(String name) {
    return admin.addUser(name);
  }

  /** Adds an active user with this id (e.g. a roster's {@code sfUserId}); does nothing if it exists. */
  public SalesforceId addUser(SalesforceId id) {
    return addUser(id, "User " + id.shortForm());
  }

  public SalesforceId addUser(SalesforceId id, String name) {
    return admin.addUser(id, name);
  }

  /**
   * Adds an active standard user ({@code UserType} "Standard") with this id, first and last name and e-mail (does
   * nothing if it exists): {@code Name} is the two names joined, {@code Username} the e-mail plus the user's id (usernames
   * are e-mail shaped and unique across Salesforce, so they often differ from the e-mail, and two users may share an
   * e-mail).
   */
  public SalesforceId addUser(SalesforceId id, String firstName, String lastName, String email) {
    return admin.addUser(id, null, firstName, lastName, email);
  }

  /** Marks a user inactive: records can no longer be assigned to them (INACTIVE_OWNER_OR_USER). */
  public void deactivateUser(SalesforceId id) {
    update(OrgSchema.USER, id.value(), Map.of("IsActive", false));
  }

  /**
   * Inserts Matters and Intakes from core case records: their ids, status, creation time and phone field values,
   * in the objects and fields {@code names} gives.
   */
  public void seedCases(List<CaseRecord> cases, LitifySchema names) {
    admin.seedCases(cases, names);
  }

  // ---- Salesforce Files -----------------------------------------------------------------------------------

  /** The one Files resource (bytes live here), made on first use with the handler's JSON mapper. */
  synchronized SalesforceFiles files(com.fasterxml.jackson.databind.ObjectMapper json) {
    if (files == null) {
      files = new SalesforceFiles(this, json);
      files.maxMultipartFileBytes = maxMultipartFileBytes;
      files.maxBase64Chars = maxBase64Chars;
      files.maxCollectionFileBytes = maxCollectionFileBytes;
      files.maxJsonBodyBytes = maxJsonBodyBytes;
    }
    return files;
  }

  /**
   * The bytes a ContentVersion (15 or 18 character id) was uploaded with, if the simulator received it (whether or
   * not its ContentDocument was deleted since).
   */
  public Optional<byte[]> fileBytes(String contentVersionId) {
    return files(new com.fasterxml.jackson.databind.ObjectMapper()).bytes(contentVersionId);
  }

  /**
   * Uploads a file as a user would in Lightning (not through the API counters): a ContentVersion with these fields
   * ({@code PathOnClient} required; {@code FirstPublishLocationId} links it to that record), its ContentDocument and
   * links, exactly as an API insert makes them.
   *
   * @return the new ContentDocument's 18-character id
   * @throws IllegalArgumentException naming the Salesforce error when the file is refused
   */
  public String uploadFile(Map<String, ?> fields, byte[] bytes) {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Map<String, Object> all = new java.util.LinkedHashMap<>(fields);
    all.put("VersionData", java.util.Base64.getEncoder().encodeToString(bytes));
    SalesforceHttpHandler.Reply r;
    try {
      r = files(json).insertJson(json.valueToTree(all), integrationUserId);
    } catch (SalesforceApiException e) {
      throw new IllegalArgumentException("file refused: " + e.getMessage(), e);
    }
    if (r.status() != 201) {
      throw new IllegalArgumentException("file refused: " + json.valueToTree(r.body()));
    }
    String versionId = json.valueToTree(r.body()).get("id").asText();
    return String.valueOf(find("ContentVersion", versionId).orElseThrow().get("ContentDocumentId"));
  }

  /** SHA-256 (lower-case hex) of a ContentVersion's bytes, if the simulator received it. */
  public Optional<String> fileSha256(String contentVersionId) {
    return fileBytes(contentVersionId).map(b -> {
      try {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  String randomAlphanumeric(int n) {
    return tokens.randomAlphanumeric(n);
  }

  @Override
  public String toString() {
    return "SalesforceSimulator[" + (server == null ? "stopped" : instanceUrl()) + ", objects=" + schema.names() + "]";
  }

  /** Configures a {@link SalesforceSimulator}. */
  public static final class Builder {
    private OrgSchema schema = OrgSchema.litifyDefaults(LitifySchema.defaults());
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneOffset.UTC;
    private String apiVersion = "67.0";
    private int queryBatchSize = MAX_QUERY_BATCH;
    private long dailyApiRequests = 100_000;
    private long apiRequestsUsed;
    private String host = "127.0.0.1";
    private int port;
    private long maxMultipartFileBytes = SalesforceFiles.DEFAULT_MAX_MULTIPART_FILE_BYTES;
    private long maxBase64Chars = SalesforceFiles.DEFAULT_MAX_BASE64_CHARS;
    private long maxCollectionFileBytes = SalesforceFiles.DEFAULT_MAX_COLLECTION_FILE_BYTES;
    private long maxJsonBodyBytes = SalesforceFiles.DEFAULT_MAX_JSON_BODY_BYTES;
    private long largeObjectRows = DEFAULT_LARGE_OBJECT_ROWS;
    private final java.util.Set<String> indexedFields = new java.util.LinkedHashSet<>();
    private Duration latencyPerCall = Duration.ZERO;
    private Duration latencyPerRecordWritten = Duration.ZERO;

    private Builder() {}

    /**
     * Makes every API call take longer, as a real org's do (default: no delay; the simulator answers as fast as it
     * can): each HTTP request's answer is held back {@code perCall}, plus {@code perRecordWritten} for every record
     * its sObject Collections writes hold (also those inside a {@code /composite} call). Salesforce's own timings vary
     * with the org, its data and its automation: a query or a small request typically takes tens to a few hundred ms,
     * and a record's save runs its triggers, flows and validation rules inside the request, so a 1,000-Note Composite
     * write of an org with automation on Notes takes seconds; see "Salesforce Order of Execution"
     * (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_order_of_execution.htm).
     * For benchmarks: requests are served by four threads, so the delay also holds back concurrent callers.
     *
     * @throws IllegalArgumentException when either is negative
     */
    public Builder latency(Duration perCall, Duration perRecordWritten) {
      if (perCall.isNegative() || perRecordWritten.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative");
      }
      this.latencyPerCall = perCall;
      this.latencyPerRecordWritten = perRecordWritten;
      return this;
    }

    /**
     * From how many records an object counts as large for {@code /query?explain=} (default
     * {@value SalesforceSimulator#DEFAULT_LARGE_OBJECT_ROWS}): a table scan's relativeCost is the object's record count
     * over this number, so scans of larger objects are not selective. Lower it to make a test's few records "large".
     */
    public Builder largeObjectRows(long value) {
      if (value < 1) {
        throw new IllegalArgumentException("largeObjectRows must be positive, not " + value);
      }
      this.largeObjectRows = value;
      return this;
    }

    /** Gives {@code object.field} a custom index from the start (see {@link SalesforceSimulator#indexField}). */
    public Builder indexedField(String object, String field) {
      this.indexedFields.add(object + "." + field);
      return this;
    }

    /**
     * Lowers Salesforce's upload limits so tests can exceed them with small files (defaults: the documented 2 GB per
     * multipart ContentVersion, 37.5 MB of base64 and 50 MB of JSON body for a non-multipart insert).
     *
     * @param multipartFileBytes the most bytes one multipart ContentVersion file may have
     * @param base64Chars the most base64 characters {@code VersionData} may have in a JSON insert
     * @param jsonBodyBytes the most bytes a JSON insert's body may have
     */
    public Builder fileLimits(long multipartFileBytes, long base64Chars, long jsonBodyBytes) {
      if (multipartFileBytes < 1 || base64Chars < 1 || jsonBodyBytes < 1) {
        throw new IllegalArgumentException("file limits must be positive");
      }
      this.maxMultipartFileBytes = multipartFileBytes;
      this.maxBase64Chars = base64Chars;
      this.maxJsonBodyBytes = jsonBodyBytes;
      return this;
    }

    /**
     * Lowers the 500 MB that all files of one multipart sObject Collections insert may hold together, so tests can
     * exceed it with small files (answered 413 {@code REQUEST_ENTITY_TOO_LARGE}).
     */
    public Builder collectionFileLimit(long totalBytes) {
      if (totalBytes < 1) {
        throw new IllegalArgumentException("the collection file limit must be positive");
      }
      this.maxCollectionFileBytes = totalBytes;
      return this;
    }

    /** The org's objects and fields (default: {@code OrgSchema.litifyDefaults(LitifySchema.defaults())}). */
    public Builder schema(OrgSchema value) {
      this.schema = Objects.requireNonNull(value);
      return this;
    }

    /** Source of CreatedDate/LastModifiedDate and of "today" for SOQL date literals. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /** The org/user time zone SOQL date literals (TODAY, LAST_N_DAYS:n ...) are evaluated in (default UTC). */
    public Builder timeZone(ZoneId value) {
      this.zone = Objects.requireNonNull(value);
      return this;
    }

    /** Newest API version served, "NN.0" (default 67.0, Summer '26); versions 31.0 up to it are accepted in paths. */
    public Builder apiVersion(String value) {
      if (!value.matches("\\d{2}\\.0")) {
        throw new IllegalArgumentException("API version must look like 62.0, not '" + value + "'");
      }
      this.apiVersion = value;
      return this;
    }

    /** Records per query page before {@code nextRecordsUrl} is used (default and maximum 2000). */
    public Builder queryBatchSize(int value) {
      if (value < 1 || value > MAX_QUERY_BATCH) {
        throw new IllegalArgumentException("query batch size must be 1.." + MAX_QUERY_BATCH + ", not " + value);
      }
      this.queryBatchSize = value;
      return this;
    }

    /** The DailyApiRequests budget (default 100,000). */
    public Builder dailyApiRequests(long value) {
      this.dailyApiRequests = value;
      return this;
    }

    /**
     * The org's API usage when the simulator starts: {@code used} of {@code max} calls spent in the last 24 hours, as
     * every answer's {@code Sforce-Limit-Info: api-usage=used/max} then reports (default 0 of 100,000). Past
     * {@code max} requests answer 403 REQUEST_LIMIT_EXCEEDED.
     *
     * @throws IllegalArgumentException unless 0 &le; used and 0 &lt; max
     */
    public Builder apiUsage(long used, long max) {
      if (used < 0 || max <= 0) {
        throw new IllegalArgumentException("API usage must be used >= 0 and max > 0, was " + used + "/" + max);
      }
      this.dailyApiRequests = max;
      this.apiRequestsUsed = used;
      return this;
    }

    /** Fixed port (default 0 = any free port). */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public SalesforceSimulator build() {
      return new SalesforceSimulator(this);
    }
  }
}

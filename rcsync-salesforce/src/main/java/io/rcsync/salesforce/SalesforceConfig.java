package io.rcsync.salesforce;

import io.rcsync.core.domain.LitifySchema;
import io.rcsync.http.RetryPolicy;
import io.rcsync.http.Sleeper;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the Salesforce adapter. Start from {@link #ofDefaults()} or {@link #builder()}.
 *
 * <p>Limits the query chunking respects (see {@code SalesforceCaseDirectory}):
 *
 * <ul>
 *   <li>SOQL statement: at most 100,000 characters by default —
 *       https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm
 *   <li>REST request: URI plus headers at most 16,384 bytes (414 URI Too Long / 431 beyond that) —
 *       https://help.salesforce.com/s/articleView?id=000386264&type=1 . The default URL budget of 15,000
 *       characters leaves room for the Authorization header (a session id is about 112 characters) and the rest.
 * </ul>
 */
public final class SalesforceConfig {
  /**
   * Summer '26 (API version 67.0) is the newest generally available release listed by the REST API guide
   * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm); every
   * resource this adapter uses exists since v46.0 (sObject Collections upsert), so an older org can override it.
   * The same value as the config file's default ({@code salesforce.apiVersion}), defined once there.
   */
  public static final String DEFAULT_API_VERSION = io.rcsync.core.config.ConfigFile.SalesforceSection.DEFAULT_API_VERSION;

  public static final int DEFAULT_MAX_URL_LENGTH = 15_000;
  public static final int DEFAULT_MAX_SOQL_LENGTH = 100_000;
  /** sObject Collections accept at most 200 records a request. */
  public static final int MAX_COLLECTION_SIZE = 200;
  /**
   * A composite request holds up to 25 subrequests, of which at most 5 may be sObject Collections or query operations
   * combined (Collections count since v43.0; "Send Multiple Requests Using Composite",
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm).
   */
  public static final int MAX_COMPOSITE_QUERIES = 5;
  /** Subrequests of any kind one composite request holds (same page as {@link #MAX_COMPOSITE_QUERIES}). */
  public static final int MAX_COMPOSITE_SUBREQUESTS = 25;
  /** Records one composite call writes: {@link #MAX_COMPOSITE_QUERIES} collections of {@link #MAX_COLLECTION_SIZE}. */
  public static final int MAX_COMPOSITE_RECORDS = MAX_COMPOSITE_QUERIES * MAX_COLLECTION_SIZE;
  /**
   * 2 GB: the largest ContentVersion a multipart sObject insert accepts ("Insert or Update Blob Data",
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_insert_update_blob.htm);
   * the file store uploads by multipart only, so the 37.5 MB base64 limit of a JSON insert does not apply.
   */
  public static final long MAX_CONTENT_VERSION_BYTES = 2L * 1024 * 1024 * 1024;

  private final LitifySchema schema;
  private final String apiVersion;
  private final int maxAttempts;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final int lockRowRetries;
  private final Sleeper sleeper;
  private final int maxUrlLength;
  private final int maxSoqlLength;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final boolean compositeQueries;
  private final boolean compositeBatching;
  private final long maxFileBytes;
  private final String fileVisibility;
  private final int apiReservePercent;

  private SalesforceConfig(Builder b) {
    this.schema = b.schema;
    this.apiVersion = b.apiVersion;
    this.maxAttempts = b.maxAttempts;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.lockRowRetries = b.lockRowRetries;
    this.sleeper = b.sleeper;
    this.maxUrlLength = b.maxUrlLength;
    this.maxSoqlLength = b.maxSoqlLength;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.compositeQueries = b.compositeQueries;
    this.compositeBatching = b.compositeBatching;
    this.maxFileBytes = b.maxFileBytes;
    this.fileVisibility = b.fileVisibility;
    this.apiReservePercent = b.apiReservePercent;
  }

  public static SalesforceConfig ofDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.schema = schema;
    b.apiVersion = apiVersion;
    b.maxAttempts = maxAttempts;
    b.retryBaseDelay = retryBaseDelay;
    b.retryMaxDelay = retryMaxDelay;
    b.lockRowRetries = lockRowRetries;
    b.sleeper = sleeper;
    b.maxUrlLength = maxUrlLength;
    b.maxSoqlLength = maxSoqlLength;
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.compositeQueries = compositeQueries;
    b.compositeBatching = compositeBatching;
    b.maxFileBytes = maxFileBytes;
    b.fileVisibility = fileVisibility;
    b.apiReservePercent = apiReservePercent;
    return b;
  }

  /** Object and field API names (Litify defaults unless overridden). */
  public LitifySchema schema() {
    return schema;
  }

  /** e.g. {@code v67.0}. */
  public String apiVersion() {
    return apiVersion;
  }

  /** {@code /services/data/v67.0}. */
  public String dataPath() {
    return "/services/data/" + apiVersion;
  }

  /** Attempts per HTTP request, first included, for 502/503/504 answers and connection failures. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  /** How often records that failed with {@code UNABLE_TO_LOCK_ROW} are sent again. */
  public int lockRowRetries() {
    return lockRowRetries;
  }

  /** Waits between retries ({@link Sleeper#system()} unless a test injects one that records instead of sleeping). */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * Longest GET URL (instance URL, path and encoded query) the adapter sends. It bounds only statements sent as
   * {@code GET /query} ({@link #compositeQueries()} off, query plans, {@code nextRecordsUrl} pages): a composite
   * subrequest's url is in the request body, where only {@link #maxSoqlLength()} bounds it.
   */
  public int maxUrlLength() {
    return maxUrlLength;
  }

  /** Longest SOQL statement the adapter sends. */
  public int maxSoqlLength() {
    return maxSoqlLength;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * When true (default) the phone lookup sends up to {@link #MAX_COMPOSITE_QUERIES} query statements in one
   * {@code POST /composite} call, which counts as a single API call
   * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm),
   * each statement as long as {@link #maxSoqlLength()} allows, and the Note sink's existence lookups and describe ride
   * in the lookup call's free slots; when false every statement is its own {@code GET /query}, also under
   * {@link #maxUrlLength()}, and the sink makes its own calls.
   */
  public boolean compositeQueries() {
    return compositeQueries;
  }

  /**
   * When true (default; config file {@code salesforce.compositeBatching}) Note writes send up to
   * {@link #MAX_COMPOSITE_QUERIES} sObject Collections of 200 records in one {@code POST /composite} call: 1,000
   * records for one API call
   * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm),
   * each collection with its own per-record results. When false every collection of 200 is its own call, for orgs
   * whose triggers or flows on the Note object are too slow for 1,000 records in one request.
   */
  public boolean compositeBatching() {
    return compositeBatching;
  }

  /**
   * The largest file (bytes) the file store uploads; a larger one is refused before any byte is sent (or, when its
   * length is unknown, as soon as the stream passes it). Default and maximum {@link #MAX_CONTENT_VERSION_BYTES}.
   */
  public long maxFileBytes() {
    return maxFileBytes;
  }

  /**
   * The {@code Visibility} of the links the file store makes from a file to its Matter/Intake:
   * {@value #VISIBILITY_INTERNAL} (default: Experience Cloud / client portal users who can see the Matter do not see
   * the file) or {@value #VISIBILITY_ALL} (config {@code attachments.visibility}).
   */
  public String fileVisibility() {
    return fileVisibility;
  }

  /** {@link #fileVisibility()}: only the org's internal users see the file (the default). */
  /**
   * Percent of the org's daily API allowance kept in reserve (0..90; 0, the adapter's default, keeps none): once
   * {@code Sforce-Limit-Info} shows {@code used >= max - max * percent / 100}, every further request fails with
   * QUOTA_EXCEEDED before it is sent. The CLI passes {@code salesforce.apiReservePercent} (default 10).
   */
  public int apiReservePercent() {
    return apiReservePercent;
  }

  public static final String VISIBILITY_INTERNAL = "InternalUsers";
  /** {@link #fileVisibility()}: Experience Cloud (portal) users with access to the record see the file too. */
  public static final String VISIBILITY_ALL = "AllUsers";

  /** {@link #maxAttempts()} with the back-off from {@link #retryBaseDelay()} to {@link #retryMaxDelay()}. */
  public RetryPolicy retryPolicy() {
    return new RetryPolicy(maxAttempts, retryBaseDelay, retryMaxDelay);
  }

  /** Backoff before retry number {@code retry} (1-based): base * 2^(retry-1), capped (see {@link RetryPolicy}). */
  public Duration backoff(int retry) {
    return retryPolicy().backoff(retry);
  }

  @Override
  public String toString() {
    return "SalesforceConfig[apiVersion=" + apiVersion + ", noteObject=" + schema.noteObject() + ", maxAttempts="
        + maxAttempts + ", lockRowRetries=" + lockRowRetries + ", maxUrlLength=" + maxUrlLength + ", maxSoqlLength="
        + maxSoqlLength + ", compositeQueries=" + compositeQueries + ", compositeBatching=" + compositeBatching + "]";
  }

  public static final class Builder {
    private LitifySchema schema = LitifySchema.defaults();
    private String apiVersion = DEFAULT_API_VERSION;
    private int maxAttempts = 4;
    private Duration retryBaseDelay = Duration.ofMillis(500);
    private Duration retryMaxDelay = Duration.ofSeconds(8);
    private int lockRowRetries = 3;
    private Sleeper sleeper = Sleeper.system();
    private int maxUrlLength = DEFAULT_MAX_URL_LENGTH;
    private int maxSoqlLength = DEFAULT_MAX_SOQL_LENGTH;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration requestTimeout = Duration.ofSeconds(120);
    private boolean compositeQueries = true;
    private boolean compositeBatching = true;
    private long maxFileBytes = MAX_CONTENT_VERSION_BYTES;
    private String fileVisibility = VISIBILITY_INTERNAL;
    private int apiReservePercent;

    private Builder() {}

    public Builder schema(LitifySchema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /** Accepts {@code v62.0}, {@code 62.0} or {@code 62}. */
    public Builder apiVersion(String version) {
      Objects.requireNonNull(version, "apiVersion");
      String v = version.strip();
      if (v.startsWith("v") || v.startsWith("V")) {
        v = v.substring(1);
      }
      if (v.matches("\\d{2,3}")) {
        v = v + ".0";
      }
      if (!v.matches("\\d{2,3}\\.0")) {
        throw new IllegalArgumentException("invalid Salesforce API version '" + version + "' (expected e.g. v62.0)");
      }
      if (Integer.parseInt(v.substring(0, v.indexOf('.'))) < 46) {
        throw new IllegalArgumentException(
            "Salesforce API version " + version + " is too old: sObject Collections upsert needs v46.0 or later");
      }
      this.apiVersion = "v" + v;
      return this;
    }

    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 10) {
        throw new IllegalArgumentException("maxAttempts must be 1..10, was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    public Builder retryDelays(Duration base, Duration max) {
      if (base.isNegative() || max.compareTo(base) < 0) {
        throw new IllegalArgumentException("retry delays must satisfy 0 <= base <= max");
      }
      this.retryBaseDelay = base;
      this.retryMaxDelay = max;
      return this;
    }

    public Builder lockRowRetries(int retries) {
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("lockRowRetries must be 0..10, was " + retries);
      }
      this.lockRowRetries = retries;
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    public Builder maxUrlLength(int chars) {
      if (chars < 2_000 || chars > 16_384) {
        throw new IllegalArgumentException("maxUrlLength must be 2000..16384, was " + chars);
      }
      this.maxUrlLength = chars;
      return this;
    }

    public Builder maxSoqlLength(int chars) {
      if (chars < 1_000 || chars > 100_000) {
        throw new IllegalArgumentException("maxSoqlLength must be 1000..100000, was " + chars);
      }
      this.maxSoqlLength = chars;
      return this;
    }

    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = Objects.requireNonNull(connect, "connect timeout");
      this.requestTimeout = Objects.requireNonNull(request, "request timeout");
      return this;
    }

    /** Batch lookup queries into composite calls (default true); false sends one GET per statement. */
    public Builder compositeQueries(boolean enabled) {
      this.compositeQueries = enabled;
      return this;
    }

    /**
     * Write Notes five collections (1,000 records) to a {@code POST /composite} call (default true); false sends one
     * collection of 200 per call.
     */
    public Builder compositeBatching(boolean enabled) {
      this.compositeBatching = enabled;
      return this;
    }

    /** The largest file the file store uploads, 1 byte .. {@link #MAX_CONTENT_VERSION_BYTES} (2 GB). */
    public Builder maxFileBytes(long bytes) {
      if (bytes < 1 || bytes > MAX_CONTENT_VERSION_BYTES) {
        throw new IllegalArgumentException("maxFileBytes must be 1.." + MAX_CONTENT_VERSION_BYTES
            + " (Salesforce's 2 GB ContentVersion limit), was " + bytes);
      }
      this.maxFileBytes = bytes;
      return this;
    }

    /**
     * The Visibility of file links to Matters/Intakes: {@value #VISIBILITY_INTERNAL} or {@value #VISIBILITY_ALL}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public Builder fileVisibility(String visibility) {
      if (!VISIBILITY_INTERNAL.equals(visibility) && !VISIBILITY_ALL.equals(visibility)) {
        throw new IllegalArgumentException("fileVisibility must be " + VISIBILITY_INTERNAL + " or " + VISIBILITY_ALL
            + ", was " + visibility);
      }
      this.fileVisibility = visibility;
      return this;
    }

    /**
     * See {@link SalesforceConfig#apiReservePercent()}.
     *
     * @throws IllegalArgumentException outside 0..90
     */
    public Builder apiReservePercent(int percent) {
      if (percent < 0 || percent > 90) {
        throw new IllegalArgumentException("apiReservePercent must be 0..90, was " + percent);
      }
      this.apiReservePercent = percent;
      return this;
    }

    public SalesforceConfig build() {
      return new SalesforceConfig(this);
    }
  }
}

package io.rcsync.ringcentral;

import io.rcsync.http.ServerUrls;
import io.rcsync.http.RetryPolicy;
import io.rcsync.http.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the RingCentral adapter. Start from {@link #ofDefaults(RingCentralCredentials)} or
 * {@link #builder(RingCentralCredentials)}; every default suits RingCentral's production platform.
 *
 * <ul>
 *   <li>{@code perPage} 1000: the largest page size the message store accepts ("Maximum value is 1000. If perPage
 *       value in the request is greater than 1000, the maximum value (1000) is applied", paging info of the message
 *       list, https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/definitions/MessagingPagingInfo.html).
 *   <li>{@code maxAttempts} / {@code maxRetryWait}: how often and how long one request is retried on 429, 5xx and
 *       connection errors before the adapter gives up with a clear error.
 *   <li>{@code tokenRefreshMargin}: an access token is renewed this long before its {@code expires_in} runs out.
 * </ul>
 */
public final class RingCentralConfig {
  /** Largest page size of the message-store and extension lists (see class comment). */
  public static final int MAX_PER_PAGE = 1000;

  private final URI serverUrl;
  private final RingCentralCredentials credentials;
  private final int perPage;
  private final int maxAttempts;
  private final Duration maxRetryWait;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration defaultRateLimitWait;
  private final Duration tokenRefreshMargin;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final boolean pauseWhenRateLimitSpent;
  private final Sleeper sleeper;
  private final Clock clock;

  private RingCentralConfig(Builder b) {
    this.credentials = Objects.requireNonNull(b.credentials, "credentials");
    this.serverUrl = b.serverUrl == null ? credentials.server() : ServerUrls.withoutTrailingSlashes(b.serverUrl);
    this.perPage = b.perPage;
    this.maxAttempts = b.maxAttempts;
    this.maxRetryWait = b.maxRetryWait;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.defaultRateLimitWait = b.defaultRateLimitWait;
    this.tokenRefreshMargin = b.tokenRefreshMargin;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.pauseWhenRateLimitSpent = b.pauseWhenRateLimitSpent;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    if (!ServerUrls.isSecure(serverUrl)) {
      throw new IllegalArgumentException("RingCentral server URL " + serverUrl + " must use https (plain http is"
          + " accepted only for localhost simulators): the login and every call carry secrets");
    }
    if (perPage < 1 || perPage > MAX_PER_PAGE) {
      throw new IllegalArgumentException("perPage must be 1.." + MAX_PER_PAGE + ", was " + perPage);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    requirePositive(defaultRateLimitWait, "defaultRateLimitWait");
    requireNotNegative(maxRetryWait, "maxRetryWait");
    requireNotNegative(tokenRefreshMargin, "tokenRefreshMargin");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
  }

  public static RingCentralConfig ofDefaults(RingCentralCredentials credentials) {
    return builder(credentials).build();
  }

  public static Builder builder(RingCentralCredentials credentials) {
    return new Builder(credentials);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Base URL, e.g. {@code https://platform.ringcentral.com}; defaults to the credentials' server. */
  public URI serverUrl() {
    return serverUrl;
  }

  public RingCentralCredentials credentials() {
    return credentials;
  }

  public int perPage() {
    return perPage;
  }

  /** Attempts per request, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Longest total time one request may spend waiting between its attempts. */
  public Duration maxRetryWait() {
    return maxRetryWait;
  }

  /** {@link #maxAttempts()} with the exponential back-off from {@link #initialBackoff()} to {@link #maxBackoff()}. */
  public RetryPolicy retryPolicy() {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Wait after a 429 that carries neither Retry-After nor X-Rate-Limit-Window (RingCentral's penalty interval). */
  public Duration defaultRateLimitWait() {
    return defaultRateLimitWait;
  }

  public Duration tokenRefreshMargin() {
    return tokenRefreshMargin;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * When a response says {@code X-Rate-Limit-Remaining: 0}, wait {@code X-Rate-Limit-Window} before the next call of
   * the same rate-limit group ({@code X-Rate-Limit-Group}) instead of running into a 429 and its penalty.
   */
  public boolean pauseWhenRateLimitSpent() {
    return pauseWhenRateLimitSpent;
  }

  /** Waits between attempts ({@link Sleeper#system()} unless a test injects one that moves a fake clock). */
  public Sleeper sleeper() {
    return sleeper;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "RingCentralConfig[serverUrl=" + serverUrl + ", credentials=" + credentials + ", perPage=" + perPage
        + ", maxAttempts=" + maxAttempts + ", maxRetryWait=" + maxRetryWait + ", tokenRefreshMargin="
        + tokenRefreshMargin + "]";
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  private static void requireNotNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
  }

  /** Builder of {@link RingCentralConfig}; every setter has a production default. */
  public static final class Builder {
    private RingCentralCredentials credentials;
    private URI serverUrl;
    private int perPage = MAX_PER_PAGE;
    private int maxAttempts = 6;
    private Duration maxRetryWait = Duration.ofMinutes(5);
    private Duration initialBackoff = Duration.ofSeconds(2);
    private Duration maxBackoff = Duration.ofSeconds(60);
    // https://developers.ringcentral.com/guide/basics/rate-limits : default penalty interval 60 seconds
    private Duration defaultRateLimitWait = Duration.ofSeconds(60);
    private Duration tokenRefreshMargin = Duration.ofMinutes(2);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private boolean pauseWhenRateLimitSpent = true;
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();

    private Builder(RingCentralCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    private Builder(RingCentralConfig c) {
      credentials = c.credentials;
      serverUrl = c.serverUrl;
      perPage = c.perPage;
      maxAttempts = c.maxAttempts;
      maxRetryWait = c.maxRetryWait;
      initialBackoff = c.initialBackoff;
      maxBackoff = c.maxBackoff;
      defaultRateLimitWait = c.defaultRateLimitWait;
      tokenRefreshMargin = c.tokenRefreshMargin;
      connectTimeout = c.connectTimeout;
      requestTimeout = c.requestTimeout;
      pauseWhenRateLimitSpent = c.pauseWhenRateLimitSpent;
      sleeper = c.sleeper;
      clock = c.clock;
    }

    public Builder credentials(RingCentralCredentials value) {
      credentials = Objects.requireNonNull(value);
      return this;
    }

    public Builder serverUrl(URI value) {
      serverUrl = Objects.requireNonNull(value);
      return this;
    }

    public Builder serverUrl(String value) {
      return serverUrl(URI.create(value));
    }

    public Builder perPage(int value) {
      perPage = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      maxAttempts = value;
      return this;
    }

    public Builder maxRetryWait(Duration value) {
      maxRetryWait = value;
      return this;
    }

    public Builder initialBackoff(Duration value) {
      initialBackoff = value;
      return this;
    }

    public Builder maxBackoff(Duration value) {
      maxBackoff = value;
      return this;
    }

    public Builder defaultRateLimitWait(Duration value) {
      defaultRateLimitWait = value;
      return this;
    }

    public Builder tokenRefreshMargin(Duration value) {
      tokenRefreshMargin = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    public Builder pauseWhenRateLimitSpent(boolean value) {
      pauseWhenRateLimitSpent = value;
      return this;
    }

    public Builder sleeper(Sleeper value) {
      sleeper = Objects.requireNonNull(value);
      return this;
    }

    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value);
      return this;
    }

    public RingCentralConfig build() {
      return new RingCentralConfig(this);
    }
  }
}

package io.rcsync.ringcentral;

import io.rcsync.core.support.Durations;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.http.HttpRetry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to RingCentral, counting every one in {@link ApiCalls} and retrying the transient failures
 * ({@link HttpRetry}, the retry set-up shared with the Salesforce adapter):
 *
 * <ul>
 *   <li>429: wait {@code Retry-After}, else {@code X-Rate-Limit-Window}, else the configured penalty interval
 *       (https://developers.ringcentral.com/guide/basics/rate-limits);
 *   <li>500/502/503/504 and connection errors: exponential back-off, or {@code Retry-After} when a 503 carries one
 *       (https://developers.ringcentral.com/guide/basics/errors, "General 5xx server errors");
 *   <li>any other status is returned to the caller unretried.
 * </ul>
 *
 * <p>A request gives up after {@code maxAttempts} or as soon as the next wait would take its total waiting past
 * {@code maxRetryWait}, throwing {@link ExternalSystemException} ({@code RATE_LIMITED} when the last answer was a
 * 429, else {@code CONNECTION}) whose message says what failed and for how long.
 *
 * <p>Rate limits are kept per usage-plan group (Light, Medium, Heavy, Auth), the unit RingCentral counts in and
 * reports in {@code X-Rate-Limit-Group} (https://developers.ringcentral.com/guide/basics/rate-limits, "Rate Limits
 * Response Headers"): a 429 or a spent budget ({@code X-Rate-Limit-Remaining: 0}) on one request pauses every request
 * of the same group until the wait ends, and no request of another group. A request's group is the one the server
 * last reported for that request name; before any answer it is the documented default of {@link #DEFAULT_GROUPS}
 * (a name missing there is a group of its own).
 *
 * <p>Waiting goes through the configured {@link io.rcsync.http.Sleeper}, so tests never sleep.
 */
final class HttpTransport {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final String SYSTEM = ApiCalls.RINGCENTRAL;

  /**
   * The usage-plan group of each request name until a response reports it, from the API reference's "API Group" of
   * each operation (https://developers.ringcentral.com/api-reference): the token endpoint is Auth, List Messages
   * (message-store) and Message Sync are Light, List Extensions is Medium. The subscription API (issue 11): create and
   * delete are Medium, list and renew Light, as the SDK generated from the API reference states per operation
   * ("Rate Limit Group: Light" for list and renew,
   * https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/paths/restapi/subscription/Index.html).
   * Get Message Content (issue 12, MMS media) is Medium: "Rate Limit Group: Medium, App Permission: ReadMessages,
   * User Permission: ReadMessageContent"
   * (https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/paths/restapi/account/extension/messagestore/content/Index.html);
   * media resources "may have different rate limit plans ... analyze the X-Rate-Limit-Group header"
   * (https://developers.ringcentral.com/guide/basics/media), which the reported group then overrides.
   */
  static final Map<String, String> DEFAULT_GROUPS = Map.of(
      "token", "Auth",
      "message-store", "Light",
      "message-sync", "Light",
      "extension-list", "Medium",
      "subscription-create", "Medium",
      "subscription-delete", "Medium",
      "subscription-list", "Light",
      "subscription-renew", "Light",
      "message-content", "Medium");

  private final RingCentralConfig config;
  private final ApiCalls apiCalls;
  private final HttpClient client;
  private final Clock clock;
  /**
   * Per rate-limit group (lower-cased name): do not send before this instant (a 429 told to wait, or
   * X-Rate-Limit-Remaining reached 0).
   */
  private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
  /** Per request name: the group the server last reported for it in {@code X-Rate-Limit-Group}. */
  private final Map<String, String> reportedGroup = new ConcurrentHashMap<>();

  HttpTransport(RingCentralConfig config, ApiCalls apiCalls) {
    // No redirects: a redirected login would carry the client secret and JWT, and a redirected API call its bearer
    // token, to wherever the Location header points. RingCentral's REST API does not redirect; a 3xx is reported.
    this(config, apiCalls, HttpClient.newBuilder()
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build());
  }

  HttpTransport(RingCentralConfig config, ApiCalls apiCalls, HttpClient client) {
    this.config = config;
    this.apiCalls = apiCalls;
    this.client = client;
    this.clock = config.clock();
  }

  RingCentralConfig config() {
    return config;
  }

  /**
   * Sends the request (rebuilt for every attempt, so each can carry a current token) until it gets an answer that
   * is not worth retrying, and returns that answer.
   *
   * @param what names the request in messages and, through its rate-limit group, selects the pause that applies,
   *     e.g. {@code "message-store"}
   */
  HttpResponse<String> send(String what, Supplier<HttpRequest> request) {
    return send(what, request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * As {@link #send(String, Supplier)}, reading the body with {@code bodyHandler}: e.g. a streaming handler for
   * attachment content. A retryable answer's body must not hold the connection (the handler should buffer non-2xx
   * bodies, as {@link RingCentralAttachmentSource} does), because it is dropped unread when the request is retried.
   */
  <T> HttpResponse<T> send(String what, Supplier<HttpRequest> request, HttpResponse.BodyHandler<T> bodyHandler) {
    Attempts attempts = new Attempts(what, clock.instant());
    HttpRetry<HttpResponse<T>> retry = HttpRetry.of("ringcentral-" + what, config.retryPolicy(),
        r -> isRetryable(r.statusCode()), (attempt, answer, failure) -> waitBeforeRetry(attempts, attempt, answer,
            failure), config.sleeper());
    HttpResponse<T> response;
    try {
      response = retry.call(() -> sendOnce(attempts, request.get(), bodyHandler));
    } catch (GiveUp g) {
      throw g.toException();
    } catch (HttpRetry.InterruptedWhileWaiting e) {
      throw new GiveUp(ExternalSystemException.Kind.CONNECTION, what + ": interrupted while waiting to retry")
          .toException();
    } catch (IOException e) {
      throw attempts.giveUp(describe(e), null, null).toException();
    } catch (InterruptedException e) {
      // sendOnce handles its own interrupt; only a supplier that does not would land here
      Thread.currentThread().interrupt();
      throw new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.CONNECTION, what + ": interrupted", e);
    }
    if (isRetryable(response.statusCode())) {
      RateLimitHeaders limits = RateLimitHeaders.of(response.headers(), clock);
      throw attempts.giveUp(describeStatus(response.statusCode(), limits), null, response).toException();
    }
    return response;
  }

  private <T> HttpResponse<T> sendOnce(Attempts attempts, HttpRequest request, HttpResponse.BodyHandler<T> bodyHandler)
      throws IOException {
    pauseIfRateLimitSpent(attempts);
    attempts.count++;
    apiCalls.increment(SYSTEM);
    try {
      HttpResponse<T> response = client.send(request, bodyHandler);
      RateLimitHeaders limits = RateLimitHeaders.of(response.headers(), clock);
      limits.group().ifPresent(g -> reportedGroup.put(attempts.what, g));
      if (response.statusCode() == 429) {
        // the whole group is penalised, not just this request: hold back its other requests for the same wait
        Instant until = clock.instant().plus(rateLimitWait(limits));
        pausedUntil.merge(key(groupOf(attempts.what)), until, (a, b) -> a.isAfter(b) ? a : b);
        attempts.pausedUntil = until;
      } else if (response.statusCode() < 400) {
        rememberRateLimit(attempts.what, limits);
      }
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.CONNECTION,
          attempts.what + ": interrupted", e);
    } catch (IOException e) {
      attempts.lastError = e;
      throw e;
    }
  }

  static boolean isRetryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  /** The wait before retry {@code attempt}, or a {@link GiveUp} when it would pass the retry budget. */
  private Duration waitBeforeRetry(Attempts attempts, int attempt, HttpResponse<?> response, Throwable failure) {
    Duration wait;
    String why;
    if (response != null) {
      RateLimitHeaders limits = RateLimitHeaders.of(response.headers(), clock);
      int status = response.statusCode();
      if (status == 429) {
        wait = rateLimitWait(limits);
        why = limits.retryAfter().isPresent() ? "Retry-After"
            : limits.window().isPresent() ? "X-Rate-Limit-Window" : "default penalty interval";
      } else if (limits.retryAfter().isPresent()) {
        wait = limits.retryAfter().get();
        why = "Retry-After";
      } else {
        wait = config.retryPolicy().backoff(attempt);
        why = "back-off";
      }
      attempts.lastDescription = describeStatus(status, limits);
    } else {
      wait = config.retryPolicy().backoff(attempt);
      why = "back-off";
      attempts.lastDescription = describe(failure);
    }
    Duration remaining = config.maxRetryWait().minus(attempts.waited);
    if (wait.compareTo(remaining) > 0) {
      throw attempts.giveUp(attempts.lastDescription, "the next wait (" + Durations.human(wait) + ", " + why
          + ") would exceed the " + Durations.human(config.maxRetryWait()) + " retry budget", response);
    }
    LOG.info("RingCentral {}: {}, waiting {} ({}) before attempt {}/{}", attempts.what, attempts.lastDescription,
        Durations.human(wait), why, attempt + 1, config.maxAttempts());
    attempts.waited = attempts.waited.plus(wait);
    return wait;
  }

  /** A 429's wait: {@code Retry-After}, else {@code X-Rate-Limit-Window}, else the configured penalty interval. */
  private Duration rateLimitWait(RateLimitHeaders limits) {
    return limits.retryAfter().or(limits::window).orElse(config.defaultRateLimitWait());
  }

  /** The rate-limit group of request {@code what}: as last reported by the server, else the documented default. */
  String groupOf(String what) {
    String reported = reportedGroup.get(what);
    return reported != null ? reported : DEFAULT_GROUPS.getOrDefault(what, what);
  }

  private static String key(String group) {
    return group.toLowerCase(Locale.ROOT);
  }

  /**
   * Waits out a pause of the request's group set by an earlier answer (a 429 on any request of the group, or a spent
   * budget), unless this request already waited for that very pause as its own retry wait.
   */
  private void pauseIfRateLimitSpent(Attempts attempts) {
    String group = groupOf(attempts.what);
    Instant until = pausedUntil.get(key(group));
    if (until == null || (attempts.pausedUntil != null && !until.isAfter(attempts.pausedUntil))) {
      return;
    }
    Duration wait = Duration.between(clock.instant(), until);
    if (wait.isNegative() || wait.isZero()) {
      pausedUntil.remove(key(group), until);
      return;
    }
    LOG.info("RingCentral {}: rate-limit group {} is paused (an earlier 429 or X-Rate-Limit-Remaining: 0), waiting {}",
        attempts.what, group, Durations.human(wait));
    sleep(attempts.what, wait);
    pausedUntil.remove(key(group), until);
  }

  /**
   * A successful answer that spent its group's budget pauses the group for the window (unless
   * {@link RingCentralConfig#pauseWhenRateLimitSpent()} is off; a 429's pause always applies).
   */
  private void rememberRateLimit(String what, RateLimitHeaders limits) {
    if (config.pauseWhenRateLimitSpent() && limits.remaining().isPresent() && limits.remaining().getAsInt() <= 0 && limits.window().isPresent()) {
      Instant until = clock.instant().plus(limits.window().get());
      pausedUntil.merge(key(groupOf(what)), until, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  private void sleep(String what, Duration wait) {
    try {
      config.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GiveUp(ExternalSystemException.Kind.CONNECTION, what + ": interrupted while waiting to retry");
    }
  }

  private static String describeStatus(int status, RateLimitHeaders limits) {
    if (status == 429) {
      String d = limits.describe();
      return "HTTP 429 Too Many Requests" + (d.isEmpty() ? "" : " (" + d + ")");
    }
    return "HTTP " + status;
  }

  private String describe(Throwable e) {
    String host = config.serverUrl().getHost();
    String msg = e.getMessage();
    return "connection to " + host + " failed (" + e.getClass().getSimpleName()
        + (msg == null || msg.isBlank() ? "" : ": " + msg) + ")";
  }

  /** Bookkeeping of one logical request across its attempts. */
  private final class Attempts {
    final String what;
    final Instant started;
    int count;
    IOException lastError;
    String lastDescription = "";
    Duration waited = Duration.ZERO;
    /** The end of the group pause this request's own 429 set, which its retry wait already covers. */
    Instant pausedUntil;

    Attempts(String what, Instant started) {
      this.what = what;
      this.started = started;
    }

    GiveUp giveUp(String problem, String why, HttpResponse<?> last) {
      ExternalSystemException.Kind kind = last != null && last.statusCode() == 429
          ? ExternalSystemException.Kind.RATE_LIMITED
          : ExternalSystemException.Kind.CONNECTION;
      Duration elapsed = Duration.between(started, clock.instant());
      String text = what + ": " + problem + " for " + Durations.human(elapsed) + " (" + count
          + (count == 1 ? " attempt" : " attempts") + ")" + (why == null ? "" : "; " + why);
      return new GiveUp(kind, text, lastError);
    }
  }

  /** Thrown out of the retry loop to stop it; converted to {@link ExternalSystemException} by {@link #send}. */
  private static final class GiveUp extends RuntimeException {
    final ExternalSystemException.Kind kind;

    GiveUp(ExternalSystemException.Kind kind, String message) {
      this(kind, message, null);
    }

    GiveUp(ExternalSystemException.Kind kind, String message, Throwable cause) {
      super(message, cause, false, false);
      this.kind = kind;
    }

    ExternalSystemException toException() {
      return new ExternalSystemException(SYSTEM, kind, getMessage(), getCause());
    }
  }
}

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
 * <p>Waiting goes through the configured {@link io.rcsync.http.Sleeper}, so tests never sleep.
 */
final class HttpTransport {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final String SYSTEM = ApiCalls.RINGCENTRAL;

  private final RingCentralConfig config;
  private final ApiCalls apiCalls;
  private final HttpClient client;
  private final Clock clock;
  /** Per request kind: do not send before this instant (X-Rate-Limit-Remaining reached 0). */
  private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

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
   * @param what names the request in messages and keys the rate-limit pause, e.g. {@code "message-store"}
   */
  HttpResponse<String> send(String what, Supplier<HttpRequest> request) {
    Attempts attempts = new Attempts(what, clock.instant());
    HttpRetry<HttpResponse<String>> retry = HttpRetry.of("ringcentral-" + what, config.retryPolicy(),
        r -> isRetryable(r.statusCode()), (attempt, answer, failure) -> waitBeforeRetry(attempts, attempt, answer,
            failure), config.sleeper());
    HttpResponse<String> response;
    try {
      response = retry.call(() -> sendOnce(attempts, request.get()));
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

  private HttpResponse<String> sendOnce(Attempts attempts, HttpRequest request) throws IOException {
    pauseIfRateLimitSpent(attempts.what);
    attempts.count++;
    apiCalls.increment(SYSTEM);
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      RateLimitHeaders limits = RateLimitHeaders.of(response.headers(), clock);
      if (response.statusCode() < 400) {
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
  private Duration waitBeforeRetry(Attempts attempts, int attempt, HttpResponse<String> response, Throwable failure) {
    Duration wait;
    String why;
    if (response != null) {
      RateLimitHeaders limits = RateLimitHeaders.of(response.headers(), clock);
      int status = response.statusCode();
      if (status == 429) {
        if (limits.retryAfter().isPresent()) {
          wait = limits.retryAfter().get();
          why = "Retry-After";
        } else if (limits.window().isPresent()) {
          wait = limits.window().get();
          why = "X-Rate-Limit-Window";
        } else {
          wait = config.defaultRateLimitWait();
          why = "default penalty interval";
        }
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

  private void pauseIfRateLimitSpent(String what) {
    if (!config.pauseWhenRateLimitSpent()) {
      return;
    }
    Instant until = pausedUntil.get(what);
    if (until == null) {
      return;
    }
    Duration wait = Duration.between(clock.instant(), until);
    pausedUntil.remove(what, until);
    if (!wait.isNegative() && !wait.isZero()) {
      LOG.info("RingCentral {}: rate-limit budget spent (X-Rate-Limit-Remaining: 0), pausing {}", what,
          Durations.human(wait));
      sleep(what, wait);
    }
  }

  /** A 429 brings its own Retry-After, so only a successful answer that spent the budget sets a pause. */
  private void rememberRateLimit(String what, RateLimitHeaders limits) {
    if (limits.remaining().isPresent() && limits.remaining().getAsInt() <= 0 && limits.window().isPresent()) {
      pausedUntil.put(what, clock.instant().plus(limits.window().get()));
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

    Attempts(String what, Instant started) {
      this.what = what;
      this.started = started;
    }

    GiveUp giveUp(String problem, String why, HttpResponse<String> last) {
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

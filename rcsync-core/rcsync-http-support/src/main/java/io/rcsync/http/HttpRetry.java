package io.rcsync.http;

import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The one resilience4j-retry set-up of both adapters: try a request up to {@link RetryPolicy#maxAttempts()} times
 * while its answer is one the adapter calls retryable or it failed with an {@link IOException}, waiting between
 * attempts as the adapter's {@link Wait} says.
 *
 * <p>Waiting goes through the injected {@link Sleeper}, never through resilience4j's own sleep: that one is a
 * JVM-wide static, which tests could not replace per instance. The retry's interval function therefore does the
 * waiting itself and tells resilience4j to wait 0 ms.
 *
 * <p><b>Unreachable hosts</b> (fresh14 #7): a connection refused, an unknown host or no route to it is a wrong URL, a
 * server that is down, or a proxy or firewall in the way, which seconds of waiting rarely cure, and doctor is
 * interactive. Such a failure is tried at most {@link #UNREACHABLE_ATTEMPTS} times, waiting at most
 * {@link #UNREACHABLE_MAX_WAIT} between tries, whatever the policy says; a TLS handshake or certificate failure is not
 * retried at all (the same certificate comes back). A sync meets the same rule: the next scheduled run reads the
 * same window again, so nothing is lost by giving up in ~2 s instead of a minute. Timeouts, resets and retryable
 * answers keep the full policy.
 *
 * <p>When the attempts run out, {@link #call} returns the last answer (still retryable: the adapter says what failed
 * and for how long) or throws the last {@link IOException}; resilience4j's own "max retries exceeded" exception is
 * switched off.
 *
 * @param <T> the answer of one attempt
 */
public final class HttpRetry<T> {
  /** One attempt: sends the request once. */
  @FunctionalInterface
  public interface Attempt<T> {
    T send() throws IOException, InterruptedException;
  }

  /**
   * How long to wait before retry number {@code retry} (1 = before the second attempt), given the last attempt's
   * retryable answer or its failure (exactly one of them is non-null). May throw an unchecked exception to give up at
   * once; {@link #call} passes it on unchanged.
   */
  @FunctionalInterface
  public interface Wait<T> {
    Duration before(int retry, T answer, Throwable failure);
  }

  /** Thrown by {@link #call} when the thread was interrupted while waiting to retry; the interrupt flag is set again. */
  public static final class InterruptedWhileWaiting extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InterruptedWhileWaiting(InterruptedException cause) {
      super("interrupted while waiting to retry", cause, false, false);
    }
  }

  /** At most this many attempts (the first included) for an unreachable host; see the class comment. */
  public static final int UNREACHABLE_ATTEMPTS = 3;

  /** The longest wait between attempts at an unreachable host. */
  public static final Duration UNREACHABLE_MAX_WAIT = Duration.ofSeconds(1);

  /** Carries an attempt's failure out of resilience4j when retrying it is pointless; {@link #call} rethrows it. */
  private static final class StopRetrying extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient IOException failure;

    StopRetrying(IOException failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }

  /** A host that could not be reached at all: refused, unknown or without a route (not a timeout or a reset). */
  public static boolean unreachable(Throwable failure) {
    return failure instanceof ConnectException || failure instanceof UnknownHostException
        || failure instanceof NoRouteToHostException || (failure instanceof IOException
            && failure.getCause() != null && failure.getCause() != failure && unreachable(failure.getCause()));
  }

  /** A TLS handshake or certificate failure: retrying meets the same certificate. */
  public static boolean tlsFailure(Throwable failure) {
    return failure instanceof SSLHandshakeException || failure instanceof SSLPeerUnverifiedException
        || (failure instanceof IOException && failure.getCause() != null && failure.getCause() != failure
            && tlsFailure(failure.getCause()));
  }

  private final Retry retry;

  private HttpRetry(String name, RetryPolicy policy, Predicate<? super T> retryable, Wait<T> wait, Sleeper sleeper) {
    Objects.requireNonNull(wait, "wait");
    Objects.requireNonNull(sleeper, "sleeper");
    RetryConfig config = RetryConfig.<T>custom()
        .maxAttempts(policy.maxAttempts())
        .retryOnResult(retryable::test)
        .retryOnException(e -> e instanceof IOException)
        .intervalBiFunction((Integer attempt, Either<Throwable, T> outcome) -> {
          Throwable failure = outcome.isLeft() ? outcome.getLeft() : null;
          if (failure instanceof IOException io
              && (tlsFailure(io) || (unreachable(io) && attempt >= UNREACHABLE_ATTEMPTS))) {
            throw new StopRetrying(io);
          }
          Duration d = failure == null ? wait.before(attempt, outcome.get(), null)
              : wait.before(attempt, null, failure);
          if (failure != null && unreachable(failure) && d.compareTo(UNREACHABLE_MAX_WAIT) > 0) {
            d = UNREACHABLE_MAX_WAIT;
          }
          try {
            sleeper.sleep(d);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedWhileWaiting(e);
          }
          return 0L;
        })
        .failAfterMaxAttempts(false)
        .build();
    this.retry = Retry.of(name, config);
  }

  /** Waits the policy's exponential back-off between attempts. */
  public static <T> HttpRetry<T> of(String name, RetryPolicy policy, Predicate<? super T> retryable, Sleeper sleeper) {
    return new HttpRetry<>(name, policy, retryable, (retry, answer, failure) -> policy.backoff(retry), sleeper);
  }

  /** Waits what {@code wait} says between attempts (e.g. a server's {@code Retry-After}, else a back-off). */
  public static <T> HttpRetry<T> of(String name, RetryPolicy policy, Predicate<? super T> retryable, Wait<T> wait,
      Sleeper sleeper) {
    return new HttpRetry<>(name, policy, retryable, wait, sleeper);
  }

  /**
   * Sends until an answer is not retryable or the attempts run out, and returns the last answer.
   *
   * @throws IOException the last attempt's failure, when every attempt failed
   * @throws InterruptedException when an attempt was interrupted
   * @throws InterruptedWhileWaiting when a wait between attempts was interrupted
   */
  public T call(Attempt<T> attempt) throws IOException, InterruptedException {
    CheckedSupplier<T> once = attempt::send;
    try {
      return Retry.decorateCheckedSupplier(retry, once).get();
    } catch (StopRetrying stop) {
      throw stop.failure;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("unexpected failure of a retried call", t);
    }
  }
}

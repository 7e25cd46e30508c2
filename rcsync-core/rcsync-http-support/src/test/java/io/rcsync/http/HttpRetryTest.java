package io.rcsync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpRetryTest {
  private static final RetryPolicy FOUR_TRIES = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8));
  private final List<Duration> waits = new ArrayList<>();
  private final Sleeper recording = waits::add;
  private int sent;

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /** Answers the given statuses in order; a null entry is a refused connection, -1 a connection reset. */
  private HttpRetry.Attempt<Integer> answers(Integer... statuses) {
    List<Integer> list = java.util.Arrays.asList(statuses);
    return () -> {
      int i = sent++;
      Integer s = list.get(Math.min(i, list.size() - 1));
      if (s == null) {
        throw new ConnectException("refused");
      }
      if (s == -1) {
        throw new java.io.IOException("Connection reset");
      }
      return s;
    };
  }

  private static boolean serverError(Integer status) {
    return status >= 500;
  }

  @Test
  void retriesRetryableAnswersWithBackoffThroughTheSleeper() throws Exception {
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError, recording);

    assertThat(retry.call(answers(503, 502, 200))).isEqualTo(200);
    assertThat(sent).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void returnsTheLastRetryableAnswerWhenTheAttemptsRunOut() throws Exception {
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError, recording);

    assertThat(retry.call(answers(503))).isEqualTo(503);
    assertThat(sent).isEqualTo(4);
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void leavesOtherAnswersAlone() throws Exception {
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError, recording);

    assertThat(retry.call(answers(404))).isEqualTo(404);
    assertThat(sent).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void retriesConnectionFailuresAndThrowsTheLastOne() {
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError, recording);

    assertThatThrownBy(() -> retry.call(answers(-1))).isInstanceOf(java.io.IOException.class)
        .hasMessage("Connection reset");
    assertThat(sent).isEqualTo(4);
  }

  @Test
  void aRefusedConnectionGetsTwoQuickRetriesNotTheWholePolicy() {
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError,
        (n, answer, failure) -> Duration.ofSeconds(30), recording);

    assertThatThrownBy(() -> retry.call(answers((Integer) null))).isInstanceOf(ConnectException.class);
    assertThat(sent).isEqualTo(HttpRetry.UNREACHABLE_ATTEMPTS).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void anUnknownHostIsTriedAsBrieflyAsARefusedConnection() {
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError, recording);

    assertThatThrownBy(() -> retry.call(() -> {
      sent++;
      throw new java.net.UnknownHostException("platform.ringcentral.invalid");
    })).isInstanceOf(java.net.UnknownHostException.class);
    assertThat(sent).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aTlsHandshakeFailureIsNotRetried() {
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError, recording);

    assertThatThrownBy(() -> retry.call(() -> {
      sent++;
      throw new javax.net.ssl.SSLHandshakeException("PKIX path building failed");
    })).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    assertThat(sent).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void aServerThatAnswersAgainAfterARefusalIsStillReached() throws Exception {
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError, recording);

    assertThat(retry.call(answers(null, null, 200))).isEqualTo(200);
    assertThat(sent).isEqualTo(3);
  }

  @Test
  void waitsWhatTheAdapterSaysAndSeesWhyItRetries() throws Exception {
    List<String> seen = new ArrayList<>();
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError, (n, answer, failure) -> {
      seen.add(n + ":" + (answer != null ? answer : failure.getClass().getSimpleName()));
      return Duration.ofSeconds(30);
    }, recording);

    assertThat(retry.call(answers(-1, 503, 200))).isEqualTo(200);
    assertThat(seen).containsExactly("1:IOException", "2:503");
    assertThat(waits).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  @Test
  void anExceptionFromTheWaitGivesUpAtOnce() {
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError, (n, answer, failure) -> {
      throw new IllegalStateException("over budget");
    }, recording);

    assertThatThrownBy(() -> retry.call(answers(503))).isInstanceOf(IllegalStateException.class)
        .hasMessage("over budget");
    assertThat(sent).isEqualTo(1);
  }

  @Test
  void anInterruptedWaitStopsAndKeepsTheInterrupt() {
    HttpRetry<Integer> retry = HttpRetry.of("t", FOUR_TRIES, HttpRetryTest::serverError, d -> {
      throw new InterruptedException();
    });

    assertThatThrownBy(() -> retry.call(answers(503))).isInstanceOf(HttpRetry.InterruptedWhileWaiting.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void theSystemSleeperReturnsAtOnceForNothingToWait() throws Exception {
    Sleeper.system().sleep(Duration.ZERO);
    Sleeper.system().sleep(Duration.ofSeconds(-1));
  }
}

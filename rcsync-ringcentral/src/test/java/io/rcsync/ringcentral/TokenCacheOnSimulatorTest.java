package io.rcsync.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared token cache: one JWT login across adapter sets (processes), refresh first, no stampede, logout. */
class TokenCacheOnSimulatorTest {
  static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");

  private final FakeTime time = new FakeTime(NOW);
  private RingCentralSimulator sim;
  private Path file;

  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    sim = RingCentralSimulator.builder().noRateLimits().tokenLifetime(Duration.ofHours(1)).clock(time).build().start();
    sim.addExtension(new Extension(ExtensionId.of("376557052"), "104", "Alyssia", "Enabled"));
    file = dir.resolve(".rcsync/rc-token.json");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  /** A new adapter set on the shared file, as a new CLI process would make. */
  private RingCentralAdapters process() {
    RingCentralConfig config = RingCentralConfig.builder(RingCentralCredentials.of(sim.clientId(), sim.clientSecret(),
        sim.jwt()).withServer(URI.create(sim.baseUrl()))).clock(time).sleeper(time).build();
    return RingCentralAdapters.create(config, new ApiCalls(), new FileTokenCache(file, ".rcsync/rc-token.json"));
  }

  @Test
  void twoProcessesInARowMakeOneJwtLoginAndTheSecondUsesTheCache() {
    process().extensionDirectory().listExtensions();
    time.advance(Duration.ofMinutes(5));
    RingCentralAdapters second = process();
    second.extensionDirectory().listExtensions();

    assertThat(sim.jwtLogins()).isEqualTo(1);
    assertThat(sim.refreshes()).isZero();
    assertThat(sim.calls(SimEndpoint.TOKEN)).isEqualTo(1);
    assertThat(second.auth().logins()).isZero();
  }

  /**
   * Issue 11's figure: a day of 5-minute scheduled runs (288 processes, each reading the extension list as a sync
   * does) makes one JWT login and refreshes the access token about once an hour (its lifetime), instead of 288 JWT
   * logins; RingCentral's Auth group allows 5 requests a minute, so 288 logins a day were never the limit, but ~288
   * live sessions against a limit of about five were.
   */
  @Test
  void aDayOfFiveMinuteRunsMakesOneJwtLoginAndAboutOneRefreshAnHour() {
    int runs = 24 * 12;
    for (int i = 0; i < runs; i++) {
      process().extensionDirectory().listExtensions();
      time.advance(Duration.ofMinutes(5));
    }

    System.out.printf("a day of 5-minute runs: %d processes, JWT logins %d, refreshes %d, Auth calls %d%n", runs,
        sim.jwtLogins(), sim.refreshes(), sim.calls(SimEndpoint.TOKEN));
    assertThat(sim.jwtLogins()).isEqualTo(1);
    assertThat(sim.refreshes()).isBetween(23L, 25L);
    assertThat(sim.calls(SimEndpoint.TOKEN)).isEqualTo(sim.jwtLogins() + sim.refreshes());
  }

  @Test
  void theCacheFileIsCreatedReadableByItsOwnerOnly() throws Exception {
    process().auth().accessToken();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void anExpiredAccessTokenIsRefreshedWithTheRefreshGrantNotANewJwtLogin() {
    String first = process().auth().accessToken();
    time.advance(Duration.ofMinutes(61));

    RingCentralAdapters later = process();
    later.extensionDirectory().listExtensions();

    assertThat(later.auth().accessToken()).isNotEqualTo(first);
    assertThat(sim.jwtLogins()).isEqualTo(1);
    assertThat(sim.refreshes()).isEqualTo(1);
    assertThat(sim.requestLog()).noneMatch(l -> l.endsWith("-> 401"));
  }

  @Test
  void aRefusedRefreshFallsBackToOneJwtLogin() {
    process().auth().accessToken();
    sim.revokeTokens();
    time.advance(Duration.ofMinutes(61));

    RingCentralAdapters later = process();
    later.extensionDirectory().listExtensions();

    assertThat(sim.jwtLogins()).isEqualTo(2);
    assertThat(sim.refreshes()).isZero();
    assertThat(sim.calls(SimEndpoint.TOKEN)).isEqualTo(3); // login, refused refresh, login
    assertThat(later.auth().jwtLogins()).isEqualTo(1);
  }

  @Test
  void aTokenTheApiRejectsIsRefreshedInPlace() {
    RingCentralAdapters rc = process();
    String token = rc.auth().accessToken();
    rc.auth().tokenRejected(token);

    assertThat(rc.auth().accessToken()).isNotEqualTo(token);
    assertThat(sim.jwtLogins()).isEqualTo(1);
    assertThat(sim.refreshes()).isEqualTo(1);
  }

  @Test
  void aCacheFileOpenToOtherUsersIsRefusedWithOneLineNamingItAndChmod() throws Exception {
    process().auth().accessToken();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    String token = Files.readString(file);

    ExternalSystemException e = catchThrowableOfType(() -> process().auth().accessToken(),
        ExternalSystemException.class);

    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
    assertThat(e.getMessage()).contains(".rcsync/rc-token.json", "chmod 600", "rw-r--r--").doesNotContain("\n");
    assertThat(token).doesNotContain(e.getMessage());
    assertThat(sim.jwtLogins()).isEqualTo(1);
  }

  @Test
  void processesRefreshingAtOnceMakeOneRefresh() throws Exception {
    process().auth().accessToken();
    time.advance(Duration.ofMinutes(61));
    int n = 6;
    List<RingCentralAdapters> processes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      processes.add(process());
    }
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<String>> tokens = new ArrayList<>();
      for (RingCentralAdapters p : processes) {
        tokens.add(pool.submit(() -> {
          go.await();
          return p.auth().accessToken();
        }));
      }
      go.countDown();
      List<String> got = new ArrayList<>();
      for (Future<String> f : tokens) {
        got.add(f.get(20, TimeUnit.SECONDS));
      }
      assertThat(got).containsOnly(got.get(0));
    } finally {
      pool.shutdownNow();
    }

    assertThat(sim.refreshes()).isEqualTo(1);
    assertThat(sim.jwtLogins()).isEqualTo(1);
  }

  @Test
  void logoutRevokesTheSessionAndDeletesTheFile() {
    RingCentralAdapters rc = process();
    rc.extensionDirectory().listExtensions();

    RingCentralAuth.Logout out = process().auth().logout();

    assertThat(out.hadTokens()).isTrue();
    assertThat(out.revokeFailure()).isEmpty();
    assertThat(sim.revocations()).isEqualTo(1);
    assertThat(file).doesNotExist();
    // the revoked session's token no longer works, and the next process logs in afresh
    rc.extensionDirectory().listExtensions();
    assertThat(sim.requestLog()).anyMatch(l -> l.endsWith("-> 401"));
    assertThat(sim.jwtLogins()).isEqualTo(2);
  }

  @Test
  void logoutWithNothingCachedSendsNothing() {
    RingCentralAuth.Logout out = process().auth().logout();

    assertThat(out.hadTokens()).isFalse();
    assertThat(sim.totalCalls()).isZero();
  }

  @Test
  void aFailedRevokeStillDeletesTheFileAndSaysWhyWithoutTheToken() throws Exception {
    process().auth().accessToken();
    String cached = Files.readString(file);
    sim.failNext(SimEndpoint.REVOKE, 1, 400, null);

    RingCentralAuth.Logout out = process().auth().logout();

    assertThat(out.revokeFailure()).hasValueSatisfying(line -> {
      assertThat(line).contains("HTTP 400", "/restapi/oauth/revoke");
      assertThat(cached).doesNotContain(line);
    });
    assertThat(file).doesNotExist();
  }
}

package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.AdapterFactory;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.cli.wiring.SalesforcePorts;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.PushEvent;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.PushEventDecoder;
import io.rcsync.testkit.fake.InMemoryPushSubscriptions;
import io.rcsync.testkit.fixtures.Messages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rcsync serve} end to end over real HTTP, with the in-memory ports behind the {@link AdapterFactory} seam:
 * the subscription fake performs RingCentral's {@code Validation-Token} handshake against the running server.
 */
class ServeVerbTest {
  @TempDir
  Path dir;

  private TestWorld world;
  private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
  private final Map<String, SmsMessage> pushable = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService runner = Executors.newSingleThreadExecutor();
  private InMemoryPushSubscriptions subscriptions;
  /** While set, RingCentral's subscription list waits on it: RingCentral is slow to answer. */
  private volatile java.util.concurrent.CountDownLatch listHangs;
  /** While set, every Salesforce Note write waits on it: Salesforce hangs. */
  private volatile java.util.concurrent.CountDownLatch salesforceHangs;
  private int port;
  private Future<Integer> serving;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws IOException {
    world = new TestWorld(dir);
    subscriptions = new InMemoryPushSubscriptions(world.clock).validateWith(r -> handshake(r.address()));
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    if (serving != null && !serving.isDone()) {
      sigterm();
      serving.get(15, TimeUnit.SECONDS);
    }
    runner.shutdownNow();
  }

  /** A body the test decoder understands: the id of a prepared text; anything else is unreadable. */
  private final PushEventDecoder decoder = body -> {
    String id = new String(body, StandardCharsets.UTF_8).replaceAll("[^0-9]", "");
    SmsMessage m = pushable.get(id);
    return m == null ? new PushEvent.Unreadable("", "no such text") : new PushEvent.InstantMessage("sub-1", m);
  };

  private AdapterFactory adapters() {
    AdapterFactory base = world.adapters();
    return new AdapterFactory() {
      @Override
      public RingCentralPorts ringCentral(ConfigFile config, CliEnvironment env, ApiCalls apiCalls) {
        io.rcsync.core.port.out.PushSubscriptions slowList = new io.rcsync.core.port.out.PushSubscriptions() {
          @Override
          public List<Subscription> list() {
            java.util.concurrent.CountDownLatch l = listHangs;
            if (l != null) {
              try {
                l.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return subscriptions.list();
          }

          @Override
          public Subscription create(Request request) {
            return subscriptions.create(request);
          }

          @Override
          public Subscription renew(String id) {
            return subscriptions.renew(id);
          }

          @Override
          public void delete(String id) {
            subscriptions.delete(id);
          }
        };
        return RingCentralPorts.withPush(base.ringCentral(config, env, apiCalls), slowList, decoder);
      }

      @Override
      public SalesforcePorts salesforce(ConfigFile config, Optional<String> targetOrg, CliEnvironment env,
          ApiCalls apiCalls) {
        SalesforcePorts sf = base.salesforce(config, targetOrg, env, apiCalls);
        return SalesforcePorts.of(sf.cases(), new HangingSink(sf.sink()), sf.store(), sf::checkLogin, sf::describe,
            sf::describeObject);
      }
    };
  }

  /** The Note sink, blocking every write while {@link #salesforceHangs} is set, as a Salesforce that never answers. */
  private final class HangingSink implements io.rcsync.core.port.out.NoteSink {
    private final io.rcsync.core.port.out.NoteSink base;

    HangingSink(io.rcsync.core.port.out.NoteSink base) {
      this.base = base;
    }

    private void hang() {
      java.util.concurrent.CountDownLatch l = salesforceHangs;
      if (l != null) {
        try {
          l.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.CONNECTION,
              "interrupted while waiting for Salesforce");
        }
      }
    }

    @Override
    public List<io.rcsync.core.domain.WriteOutcome> upsert(List<io.rcsync.core.domain.NoteDraft> notes) {
      hang();
      return base.upsert(notes);
    }

    @Override
    public int maxBatchSize() {
      return base.maxBatchSize();
    }

    @Override
    public boolean findsExisting() {
      return base.findsExisting();
    }

    @Override
    public Map<String, io.rcsync.core.domain.StoredNote> findExisting(List<String> externalIds) {
      hang();
      return base.findExisting(externalIds);
    }

    @Override
    public int maxLookupSize() {
      return base.maxLookupSize();
    }

    @Override
    public List<io.rcsync.core.domain.WriteOutcome> create(List<io.rcsync.core.domain.NoteDraft> notes) {
      hang();
      return base.create(notes);
    }

    @Override
    public List<io.rcsync.core.domain.WriteOutcome> update(List<io.rcsync.core.domain.NoteUpdate> updates) {
      hang();
      return base.update(updates);
    }

    @Override
    public io.rcsync.core.domain.NoteBodyFormat bodyFormat() {
      return base.bodyFormat();
    }
  }

  private int run(String... args) {
    CliEnvironment env = world.environment().withAdapters(adapters()).withShutdownHooks(hooks::add);
    var cl = RcsyncCommand.commandLine(env);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private void serve() throws Exception {
    serving = runner.submit(() -> run("serve", "--listen", "127.0.0.1:" + port, "--public-url", base()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (serving.isDone()) {
        throw new AssertionError("serve ended early: exit " + serving.get() + "\n" + err);
      }
      try {
        if (get("/healthz").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new AssertionError("serve never became healthy:\n" + err);
  }

  private void sigterm() {
    Thread t = new Thread(() -> hooks.forEach(Runnable::run));
    t.start();
  }

  private void handshake(URI address) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(address).header("Validation-Token", "v-123")
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200 || !"v-123".equals(r.headers().firstValue("Validation-Token").orElse(null))) {
        throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED,
            "SUB-521 webhook validation failed: " + r.statusCode());
      }
    } catch (IOException | InterruptedException e) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.CONNECTION, e.toString());
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String token, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/ringcentral/webhook"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Verification-Token", token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A live subscription to this serve's address and its remembered token, as a serve that crashed leaves them. */
  private String crashLeftASubscriptionBehind() throws IOException {
    String token = "a-token-a-crashed-serve-left-0123456789ab";
    var left = subscriptions.existing(java.util.Set.of(io.rcsync.core.domain.ExtensionId.of(TestWorld.ALYSSIA),
        io.rcsync.core.domain.ExtensionId.of(TestWorld.KYLE)), URI.create(base() + "/ringcentral/webhook"), token,
        world.clock.instant().plus(Duration.ofDays(6)), io.rcsync.core.port.out.PushSubscriptions.Status.ACTIVE);
    Path file = dir.resolve(".rcsync/webhook-token.properties");
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, "subscriptionId=" + left.id() + "\nverificationToken=" + token + "\n");
    java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    return token;
  }

  private String token() {
    return subscriptions.tokenOf(subscriptions.current().get(0).id()).orElseThrow();
  }

  @Test
  void anInboundTextPushedToTheWebhookBecomesANote() throws Exception {
    serve();
    assertThat(subscriptions.current()).singleElement().satisfies(s -> {
      assertThat(s.address()).contains(URI.create(base() + "/ringcentral/webhook"));
      assertThat(s.extensions()).extracting(e -> e.value()).containsExactlyInAnyOrder(TestWorld.ALYSSIA, TestWorld.KYLE);
    });
    SmsMessage m = Messages.inbound().id("9100").extension(TestWorld.ALYSSIA).from("+15028138900")
        .text("pushed: running late").at("2026-04-10T11:59:00Z").build();
    pushable.put("9100", m);
    HttpResponse<String> r = post(token(), "application/json", "{\"id\":\"9100\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (world.notes.forMessage(m.id()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(world.notes.forMessage(m.id())).hasValueSatisfying(n -> assertThat(n.toString()).contains(TestWorld.MATTER.id().value()));
    assertThat(err.toString()).contains("serve: push: batch of 1 pushed text(s): created 1").doesNotContain(token());
  }

  @Test
  void theValidationHandshakeEchoesTheToken() throws Exception {
    serve();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/ringcentral/webhook"))
        .header("Validation-Token", "abc-987").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Validation-Token")).contains("abc-987");
  }

  @Test
  void deliveriesWithoutOrWithAWrongVerificationTokenAreRefusedAndWriteNothing() throws Exception {
    serve();
    pushable.put("9101", Messages.inbound().id("9101").extension(TestWorld.ALYSSIA).from("+15028138900")
        .text("forged").at("2026-04-10T11:59:00Z").build());
    byte[] body = "{\"id\":\"9101\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(post(null, "application/json", body).statusCode()).isEqualTo(401);
    assertThat(post("not-our-token-0123456789-0123456789", "application/json", body).statusCode()).isEqualTo(403);
    Thread.sleep(400); // longer than the batch linger: a write would have happened
    assertThat(world.notes.byExternalId("rc_msg_9101")).isEmpty();
    assertThat(err.toString()).contains("refused a delivery from 127.0.0.1 with 401: no Verification-Token header")
        .contains("with 403: a wrong Verification-Token").doesNotContain("not-our-token");
    String health = get("/healthz").body();
    assertThat(health).contains("\"refused\" : 2");
  }

  @Test
  void aBodyOverOneMebibyteIs413AndANonJsonOneIs415() throws Exception {
    serve();
    assertThat(post(token(), "application/json", new byte[(1 << 20) + 1]).statusCode()).isEqualTo(413);
    assertThat(post(token(), "text/plain", "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(415);
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() throws Exception {
    serve();
    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/ringcentral/webhook").statusCode()).isEqualTo(405);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/healthz"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
  }

  @Test
  void healthzIs200WithJsonWhenLiveAnd503WhenTheSubscriptionIsBlacklisted() throws Exception {
    serve();
    HttpResponse<String> ok = get("/healthz");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(ok.body()).contains("\"status\" : \"healthy\"", "\"subscription\"", "\"lastSync\"", "\"queueDepth\"")
        .doesNotContain(token());

    // every create is refused from now on, and the subscription is blacklisted: the next check cannot repair it
    subscriptions.validateWith(r -> {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED, "SUB-521");
    });
    subscriptions.setStatus(subscriptions.current().get(0).id(),
        io.rcsync.core.port.out.PushSubscriptions.Status.BLACKLISTED);
    subscriptions.forget(subscriptions.current().get(0).id());
    // the check runs once a minute; health reads the service's own view, so prove the 503 body on a fresh serve
    sigterm();
    assertThat(serving.get(15, TimeUnit.SECONDS)).isZero();
    serving = runner.submit(() -> run("serve", "--listen", "127.0.0.1:" + port, "--public-url", base()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    HttpResponse<String> down = null;
    while (System.nanoTime() < deadline) {
      try {
        down = get("/healthz");
        if (down.body().contains("no subscription: SUB-521")) {
          break;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(20);
    }
    assertThat(down).isNotNull();
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"status\" : \"unhealthy\"", "no subscription: SUB-521");
  }

  @Test
  void sigtermStopsWithinTenSecondsWritingTheBatchInFlight() throws Exception {
    serve();
    SmsMessage m = Messages.inbound().id("9102").extension(TestWorld.KYLE).from("+15028138900")
        .text("just before shutdown").at("2026-04-10T11:59:30Z").build();
    pushable.put("9102", m);
    assertThat(post(token(), "application/json", "{\"id\":\"9102\"}".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);
    long t0 = System.nanoTime();
    sigterm();
    assertThat(serving.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(world.notes.forMessage(m.id())).isPresent();
    assertThat(err.toString()).contains("serve: push: stopped; every write finished");
    assertThat(world.lastReport("-serve.json")).content().contains("\"drained\" : true");
  }

  @Test
  void onARestartDeliveriesBeforeTheReusedSubscriptionsTokenIsReadAre503NotA403AndAcceptedOnceItIs() throws Exception {
    // what a crash (kill -9, power loss) leaves behind, a clean stop deleting both: the subscription and its token
    String token = crashLeftASubscriptionBehind();

    // restart while RingCentral is slow to list the subscriptions: serve listens, but does not know the token yet
    listHangs = new java.util.concurrent.CountDownLatch(1);
    serving = runner.submit(() -> run("serve", "--listen", "127.0.0.1:" + port, "--public-url", base()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int status = -1;
    while (status < 0 && System.nanoTime() < deadline) {
      try {
        status = get("/healthz").statusCode();
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    assertThat(status).as("listening, not healthy yet").isEqualTo(503);
    SmsMessage m = Messages.inbound().id("9110").extension(TestWorld.KYLE).from("+15028138900")
        .text("delivered at start-up").at("2026-04-10T11:59:30Z").build();
    pushable.put("9110", m);
    byte[] body = "{\"id\":\"9110\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(post(token, "application/json", body).statusCode())
        .as("RingCentral counts a 403 against the subscription; 503 says: not ready").isEqualTo(503);
    assertThat(post("not-our-token-0123456789-0123456789", "application/json", body).statusCode()).isEqualTo(503);

    listHangs.countDown();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (post(token, "application/json", body).statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(post("not-our-token-0123456789-0123456789", "application/json", body).statusCode()).isEqualTo(403);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (world.notes.forMessage(m.id()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(world.notes.forMessage(m.id())).isPresent();
    assertThat(subscriptions.current()).hasSize(1);
    String log = err.toString();
    assertThat(log).contains("with 503: the subscription's Verification-Token is not known yet (starting)");
    assertThat(log.lastIndexOf("push: reusing subscription")).as("the token is read before listening is announced")
        .isLessThan(log.lastIndexOf("serve: listening on"));
  }

  @Test
  void serveHelpWrapsItsParagraphsCleanlyAtEightyColumns() {
    var cl = RcsyncCommand.commandLine(world.environment()).getSubcommands().get("serve");
    cl.setUsageHelpWidth(80);
    String help = cl.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
    List<String> lines = help.lines().toList();
    int from = lines.indexOf(lines.stream().filter(l -> l.startsWith("Listens for RingCentral")).findFirst()
        .orElseThrow());
    // the options list's --listen, after the description (the synopsis above may wrap a line at --listen too)
    int to = from + lines.subList(from, lines.size()).indexOf(lines.subList(from, lines.size()).stream()
        .filter(l -> l.strip().startsWith("--listen")).findFirst().orElseThrow());
    List<String> description = lines.subList(from, to);
    assertThat(description).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    for (int i = 0; i + 1 < description.size(); i++) {
      String line = description.get(i);
      String next = description.get(i + 1);
      if (!line.isBlank() && !next.isBlank() && !line.startsWith("  ")) {
        // a line inside a paragraph is filled: it ends short only when the next word would not fit in the 79
        // columns picocli fills at width 80
        String nextWord = next.strip().split(" ")[0];
        assertThat(line.length() + 1 + nextWord.length()).as("line %d of the description: '%s'", i, line)
            .isGreaterThan(79);
      }
    }
    assertThat(String.join(" ", description)).contains("pollWindows.hot interval as the safety net");
  }

  @Test
  void undertowAndXnioInfoLinesAreNotPrinted() {
    io.rcsync.core.port.in.PushUseCase none = new io.rcsync.core.port.in.PushUseCase() {
      @Override
      public boolean accept(PushEvent event) {
        return false;
      }

      @Override
      public void refused(String reason) {}

      @Override
      public boolean verificationTokenMatches(String presented) {
        return false;
      }

      @Override
      public io.rcsync.core.port.in.PushHealth health() {
        throw new UnsupportedOperationException();
      }
    };
    // jboss-logging falls back to java.util.logging here: its INFO lines would print on stderr beside serve's own
    new io.rcsync.cli.serve.WebhookServer("127.0.0.1", 0, none, decoder, l -> {}).start().close();
    for (String name : List.of("io.undertow", "org.xnio", "org.jboss.threads")) {
      java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
      assertThat(l.isLoggable(java.util.logging.Level.INFO)).as(name + " INFO").isFalse();
      assertThat(l.isLoggable(java.util.logging.Level.WARNING)).as(name + " WARNING").isTrue();
    }
  }

  @Test
  void aPlainHttpPublicUrlOffLoopbackIsAUsageError() {
    int code = run("serve", "--listen", "127.0.0.1:" + port, "--public-url", "http://rcsync.example.com");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--public-url must be https").hasLineCount(1);
  }

  @Test
  void aMalformedListenAddressIsAUsageError() {
    int code = run("serve", "--listen", "8080", "--public-url", "https://rcsync.example.com");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--listen '8080' is not HOST:PORT");
  }

  @Test
  void aChunkedBodyOverOneMebibyteIs413AndWritesNothing() throws Exception {
    serve();
    byte[] big = new byte[(1 << 20) + 4096];
    java.util.Arrays.fill(big, (byte) ' ');
    // no Content-Length: the body arrives chunked, so only the read itself can enforce the limit
    HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/ringcentral/webhook"))
        .header("Verification-Token", token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
    int status;
    try {
      status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException closed) {
      status = -1; // the server may also close the connection after its answer; what counts is nothing decoded
    }
    assertThat(status).isIn(413, -1);
    assertThat(get("/healthz").body()).contains("\"refused\" : 1", "\"received\" : 0");
    assertThat(err.toString()).contains("with 413: a body over 1048576 bytes");
  }

  @Test
  void healthzAndTheServeReportMaskASecretThatAnErrorMessageCarries() throws Exception {
    world.env = Map.of("RC_JWT", "eyJraWQiOiJzZWNyZXQtand0LXZhbHVlIn0");
    // RingCentral's refusal echoes the JWT (as a careless proxy might): the subscription error carries it
    subscriptions.validateWith(r -> {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED,
          "SUB-521 refused for eyJraWQiOiJzZWNyZXQtand0LXZhbHVlIn0");
    });
    serving = runner.submit(() -> run("serve", "--listen", "127.0.0.1:" + port, "--public-url", base()));
    HttpResponse<String> health = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        health = get("/healthz");
        if (health.body().contains("SUB-521")) {
          break;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(20);
    }
    assertThat(health).isNotNull();
    assertThat(health.body()).contains("SUB-521 refused for").doesNotContain("eyJraWQiOiJzZWNyZXQtand0LXZhbHVlIn0");
    sigterm();
    serving.get(15, TimeUnit.SECONDS);
    assertThat(world.lastReport("-serve.json")).content().contains("SUB-521 refused for")
        .doesNotContain("eyJraWQiOiJzZWNyZXQtand0LXZhbHVlIn0");
    assertThat(err.toString()).doesNotContain("eyJraWQiOiJzZWNyZXQtand0LXZhbHVlIn0");
  }

  @Test
  void theShutdownHookReturnsOnlyOnceTheReportIsWrittenAndTheLockReleased() throws Exception {
    serve();
    // the JVM halts as soon as its shutdown hooks return: whatever serve writes after that is lost
    Thread hook = new Thread(() -> hooks.forEach(Runnable::run));
    hook.start();
    hook.join(TimeUnit.SECONDS.toMillis(12));
    assertThat(hook.isAlive()).isFalse();
    assertThat(world.reports("-serve.json")).hasSize(1);
    assertThat(err.toString()).contains("serve: stopped");
    assertThat(dir.resolve(".rcsync/sync.lock")).satisfiesAnyOf(
        p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
  }

  @Test
  void sigtermWhileSalesforceHangsStillStopsWithinTenSecondsAndSaysTheWritesAreUnfinished() throws Exception {
    serve();
    SmsMessage m = Messages.inbound().id("9103").extension(TestWorld.ALYSSIA).from("+15028138900")
        .text("Salesforce is not answering").at("2026-04-10T11:59:40Z").build();
    pushable.put("9103", m);
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    salesforceHangs = never;
    try {
      assertThat(post(token(), "application/json", "{\"id\":\"9103\"}".getBytes(StandardCharsets.UTF_8))
          .statusCode()).isEqualTo(200);
      Thread.sleep(500); // the batch's linger passes: its write is now stuck in Salesforce
      long t0 = System.nanoTime();
      Thread hook = new Thread(() -> hooks.forEach(Runnable::run));
      hook.start();
      hook.join(TimeUnit.SECONDS.toMillis(11));
      assertThat(hook.isAlive()).as("the shutdown hook is still waiting").isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThanOrEqualTo(Duration.ofSeconds(10));
      assertThat(serving.get(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(err.toString()).contains("stopped with writes unfinished; the next sync re-reads those texts");
      assertThat(world.lastReport("-serve.json")).content().contains("\"drained\" : false");
    } finally {
      never.countDown();
    }
  }

  @Test
  void aPublicUrlWithUserInfoIsAUsageErrorThatDoesNotEchoIt() {
    int code = run("serve", "--listen", "127.0.0.1:" + port, "--public-url",
        "https://ops:hunter2-password@rcsync.example.com");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--public-url must not carry a user name or password").hasLineCount(1)
        .doesNotContain("hunter2-password");
  }

  @Test
  void aListenPortAlreadyInUseIsOneClearLineAndNoSubscription() throws Exception {
    try (ServerSocket taken = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      int code = run("serve", "--listen", "127.0.0.1:" + port, "--public-url", base());
      assertThat(code).isEqualTo(2);
      assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + port)
          .doesNotContain("unexpected error").as("nothing started, so nothing stopped").doesNotContain("push: stopped");
      assertThat(subscriptions.calls()).isEmpty();
      // a failed start leaves its report like any verb's failed run: the exit code and the one line
      assertThat(world.lastReport("-serve.json")).content().contains("\"exitCode\" : 2",
          "cannot listen on 127.0.0.1:" + port);
    }
  }

  // ---- operator fixes (a fresh user's findings) ----

  private void awaitLog(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!err.toString().contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(err.toString()).contains(text);
  }

  @Test
  void aCleanStopDeletesTheSubscriptionItKeptAndForgetsTheRememberedToken() throws Exception {
    serve();
    String id = subscriptions.current().get(0).id();
    Path tokenFile = dir.resolve(".rcsync/webhook-token.properties");
    assertThat(tokenFile).exists();

    sigterm();
    assertThat(serving.get(15, TimeUnit.SECONDS)).isZero();

    assertThat(subscriptions.current()).as("nothing left delivering to a stopped service").isEmpty();
    assertThat(subscriptions.calls()).contains("delete " + id);
    assertThat(tokenFile).doesNotExist();
    assertThat(err.toString()).containsOnlyOnce("serve: push: deleted subscription " + id + " on stopping");
  }

  @Test
  void aPushedTextThatFailsIsLoggedWithItsReasonAppendedToTheDaysFailuresCsvAndHealthzStays200() throws Exception {
    serve();
    SmsMessage m = Messages.inbound().id("9120").extension(TestWorld.ALYSSIA).from("+15028138900")
        .text("rejected by a validation rule").at("2026-04-10T11:59:00Z").build();
    pushable.put("9120", m);
    world.notes.failRecord("rc_msg_9120", "FIELD_CUSTOM_VALIDATION_EXCEPTION");
    assertThat(post(token(), "application/json", "{\"id\":\"9120\"}".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);
    awaitLog("failed texts are listed in reports/20260410-serve-failures.csv");

    assertThat(err.toString()).contains("push: batch of 1 pushed text(s): created 0", "failed 1",
        "serve: push: failed: text 9120 of extension " + TestWorld.ALYSSIA + ": FIELD_CUSTOM_VALIDATION_EXCEPTION");
    assertThat(world.read("reports/20260410-serve-failures.csv"))
        .startsWith("message_id,extension,counterparty,reason\r\n9120," + TestWorld.ALYSSIA + ",")
        .contains("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    java.nio.file.Path failures = world.dir.resolve("reports/20260410-serve-failures.csv");
    if (java.nio.file.Files.getFileStore(failures).supportsFileAttributeView("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
          java.nio.file.Files.getPosixFilePermissions(failures))).as("like every report: owner only").isEqualTo("rw-------");
    }
    HttpResponse<String> health = get("/healthz");
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(health.body()).contains("\"recordFailures\" : 1");

    sigterm();
    assertThat(serving.get(15, TimeUnit.SECONDS)).as("a serve with failed records: 1, as sync").isEqualTo(1);
    assertThat(world.lastReport("-serve.json")).content().contains("\"exitCode\" : 1",
        "\"verdict\" : \"1 text(s) or MMS file(s) failed; see reports/20260410-serve-failures.csv\"");
  }

  @Test
  void duplicateDeliveriesOfOneTextAreDroppedSoTheBatchLineAddsUp() throws Exception {
    serve();
    SmsMessage m = Messages.inbound().id("9121").extension(TestWorld.KYLE).from("+15028138900")
        .text("delivered three times").at("2026-04-10T11:59:00Z").build();
    pushable.put("9121", m);
    byte[] body = "{\"id\":\"9121\"}".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 3; i++) {
      assertThat(post(token(), "application/json", body).statusCode()).isEqualTo(200);
    }
    awaitLog("serve: push: batch of 1 pushed text(s) (2 duplicate deliveries dropped): created 1,");
    assertThat(get("/healthz").body()).contains("\"duplicateDeliveries\" : 2", "\"instantMessages\" : 3");
  }

  @Test
  void aServeWhoseSubscriptionWasNeverLiveReportsExit3AndWhy() throws Exception {
    subscriptions.validateWith(r -> {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED,
          "SUB-521 webhook validation failed: 502");
    });
    serving = runner.submit(() -> run("serve", "--listen", "127.0.0.1:" + port, "--public-url", base()));
    awaitLog("push: subscription check failed (SUB-521");
    sigterm();
    assertThat(serving.get(15, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(world.lastReport("-serve.json")).content().contains("\"exitCode\" : 3",
        "\"subscriptionEverLive\" : false", "no RingCentral subscription was ever live", "SUB-521");
    assertThat(err.toString()).contains("serve: stopped (exit 3: no RingCentral subscription was ever live");
  }

  @Test
  void aStaleSubscriptionToAnEarlierPublicUrlIsOneWarningLineAndLeftAlone() throws Exception {
    var stale = subscriptions.existing(java.util.Set.of(io.rcsync.core.domain.ExtensionId.of(TestWorld.ALYSSIA),
        io.rcsync.core.domain.ExtensionId.of(TestWorld.KYLE)),
        URI.create("http://localhost:" + port + "/ringcentral/webhook"), "an-old-token-0123456789-0123456789",
        world.clock.instant().plus(Duration.ofDays(3)), io.rcsync.core.port.out.PushSubscriptions.Status.ACTIVE);
    serve();
    assertThat(err.toString()).containsOnlyOnce("push: warning: stale subscription " + stale.id())
        .contains("http://localhost:" + port + "/ringcentral/webhook", "--delete-stale-subscriptions");
    assertThat(subscriptions.current()).hasSize(2);
  }

  @Test
  void withDeleteStaleSubscriptionsTheStaleOneIsDeletedAtStart() throws Exception {
    var stale = subscriptions.existing(java.util.Set.of(io.rcsync.core.domain.ExtensionId.of(TestWorld.ALYSSIA),
        io.rcsync.core.domain.ExtensionId.of(TestWorld.KYLE)),
        URI.create("http://localhost:" + port + "/ringcentral/webhook"), "an-old-token-0123456789-0123456789",
        world.clock.instant().plus(Duration.ofDays(3)), io.rcsync.core.port.out.PushSubscriptions.Status.ACTIVE);
    serving = runner.submit(() -> run("serve", "--listen", "127.0.0.1:" + port, "--public-url", base(),
        "--delete-stale-subscriptions"));
    awaitLog("push: deleted stale subscription " + stale.id());
    awaitLog("push: created subscription");
    assertThat(subscriptions.current()).extracting(s -> s.id()).doesNotContain(stale.id()).hasSize(1);
  }
}

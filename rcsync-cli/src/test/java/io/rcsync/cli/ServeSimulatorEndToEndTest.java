package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.fake.MutableClock;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import io.rcsync.testkit.sim.ringcentral.SimSubscription;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rcsync serve} in-process on its live adapters against the RingCentral and Salesforce simulators: the
 * subscription is created through the simulator's real {@code Validation-Token} handshake, and texts added to the
 * simulator reach serve by the simulator's own webhook deliveries. The safety-net sync runs every 5 minutes
 * ({@link TestWorld}'s hot interval), so every Note these tests wait for was written by a pushed event.
 */
class ServeSimulatorEndToEndTest {
  private static final ExtensionId ALYSSIA = ExtensionId.of(TestWorld.ALYSSIA);
  private static final ExtensionId KYLE = ExtensionId.of(TestWorld.KYLE);
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private TestWorld w;
  /**
   * On the wall clock: the RingCentral adapter reads a subscription's expirationTime against the system clock, so the
   * simulator (which sets it) must not run behind or ahead of it.
   */
  private final MutableClock clock = MutableClock.ticking(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private RingCentralSimulator rc;
  private SalesforceSimulator sf;
  private Map<String, String> env;
  private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
  private final ExecutorService runner = Executors.newSingleThreadExecutor();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Future<Integer> serving;
  private StringWriter err = new StringWriter();
  private int port;
  private Tunnel tunnel;

  @BeforeEach
  void start() throws Exception {
    w = new TestWorld(dir);
    rc = RingCentralSimulator.builder().noRateLimits().clock(clock).build().start();
    rc.addExtension(new Extension(ALYSSIA, "104", "Alyssia", "Enabled"));
    rc.addExtension(new Extension(KYLE, "105", "Kyle Haney", "Enabled"));
    rc.addMessages(w.messages.messagesOf(ALYSSIA));
    rc.addMessages(w.messages.messagesOf(KYLE));
    sf = SalesforceSimulator.litify(w.config.schema()).build().start();
    List.of(TestWorld.ALYSSIA_USER, TestWorld.KYLE_USER, TestWorld.DANA_USER).forEach(sf::addUser);
    sf.seedCases(List.of(TestWorld.MATTER, TestWorld.INTAKE), w.config.schema());
    w.write(".credentials/rc-credentials.json", rc.credentialsJson());
    Files.setPosixFilePermissions(dir.resolve(".credentials/rc-credentials.json"),
        PosixFilePermissions.fromString("rw-------"));
    env = Map.of("SF_ACCESS_TOKEN", sf.issueToken(), "SF_INSTANCE_URL", sf.instanceUrl());
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TestWorld.Result backfill = run("sync", "--backfill", "--since", "2026-03-01");
    assertThat(backfill.code()).as(backfill.toString()).isZero();
    assertThat(notes()).isEqualTo(3);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (serving != null && !serving.isDone()) {
        sigterm();
        serving.get(15, TimeUnit.SECONDS);
      }
    } finally {
      runner.shutdownNow();
      if (tunnel != null) {
        tunnel.close();
      }
      rc.close();
      sf.close();
    }
  }

  private CliEnvironment environment() {
    return CliEnvironment.of(dir).withEnv(env).withClock(clock)
        .withAdapters(new LiveAdapters(b -> b.compositeQueries(false))).withShutdownHooks(hooks::add);
  }

  private TestWorld.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter e = new StringWriter();
    var cl = RcsyncCommand.commandLine(environment());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(e, true));
    int code = cl.execute(args);
    return new TestWorld.Result(code, out.toString(), e.toString());
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts serve in the background and waits until /healthz answers 200 (subscribed, start-up sync done). */
  private void serve(String publicUrl, String... extra) throws Exception {
    hooks.clear();
    StringWriter log = err;
    List<String> args = new java.util.ArrayList<>(List.of("serve", "--listen", "127.0.0.1:" + port, "--public-url",
        publicUrl));
    args.addAll(List.of(extra));
    serving = runner.submit(() -> {
      var cl = RcsyncCommand.commandLine(environment());
      cl.setOut(new PrintWriter(new StringWriter(), true));
      cl.setErr(new PrintWriter(log, true));
      return cl.execute(args.toArray(String[]::new));
    });
    awaitTrue("serve to become healthy", () -> {
      if (serving.isDone()) {
        throw new AssertionError("serve ended early:\n" + err);
      }
      return healthStatus() == 200;
    });
  }

  private void serve() throws Exception {
    serve(base());
  }

  private void sigterm() {
    List<Runnable> now = List.copyOf(hooks);
    new Thread(() -> now.forEach(Runnable::run)).start();
  }

  private int healthStatus() {
    try {
      return health().statusCode();
    } catch (IOException notListening) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private HttpResponse<String> health() throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base() + "/healthz")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls a condition every 20 ms until it holds or {@link #WAIT} passes (no fixed sleeps). */
  private void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String h;
        try {
          h = health().body();
        } catch (IOException e) {
          h = e.toString();
        }
        throw new AssertionError("timed out waiting for " + what + "\n--- healthz\n" + h + "\n--- serve's log\n" + err);
      }
      Thread.sleep(20);
    }
  }

  private long notes() {
    return sf.records(w.config.schema().noteObject()).stream()
        .filter(r -> String.valueOf(r.get("External_Id__c")).startsWith("rc_msg_")).count();
  }

  private Optional<Map<String, Object>> note(String messageId) {
    return sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_" + messageId).stream().findFirst();
  }

  private SimSubscription onlySubscription() {
    assertThat(rc.subscriptions()).hasSize(1);
    return rc.subscriptions().get(0);
  }

  private SmsMessage inboundFromTheMattersClient(String id, ExtensionId extension) {
    return Messages.inbound().id(id).extension(extension).from("+15028138900").text("pushed " + id)
        .at(clock.instant().minusSeconds(2)).build();
  }

  @Test
  void serveSubscribesThroughTheValidationHandshakeAndAnInboundTextBecomesANoteByItsInstantEvent() throws Exception {
    serve();
    SimSubscription sub = onlySubscription();
    assertThat(sub.address()).isEqualTo(base() + "/ringcentral/webhook");
    assertThat(sub.status()).isEqualTo("Active");
    assertThat(sub.eventFilters()).contains(
        "/restapi/v1.0/account/~/extension/" + TestWorld.ALYSSIA + "/message-store/instant?type=SMS",
        "/restapi/v1.0/account/~/extension/" + TestWorld.KYLE + "/message-store");
    assertThat(rc.webhookDeliveries().handshakes()).isEqualTo(1);
    long syncsBefore = rc.calls(SimEndpoint.MESSAGE_SYNC);

    rc.addMessages(List.of(inboundFromTheMattersClient("9500", ALYSSIA)));
    assertThat(rc.awaitDeliveries(WAIT)).isTrue();
    awaitTrue("the pushed text's Note", () -> note("9500").isPresent());

    assertThat(note("9500").orElseThrow()).containsEntry("litify_pm__lit_Matter__c", TestWorld.MATTER.id().value())
        .containsEntry("litify_pm__lit_Topic__c", "Text message received");
    assertThat(rc.webhookDeliveries().succeeded()).isEqualTo(2); // the instant SMS event and the store change
    // the Note is in Salesforce a moment before the batch's log line is printed
    awaitTrue("the batch's log line", () -> err.toString().contains("serve: push: batch of 1 pushed text(s): created 1"));
    // the store change that follows the instant event is the same text: folded into the batch, no Message Sync
    assertThat(rc.calls(SimEndpoint.MESSAGE_SYNC)).isEqualTo(syncsBefore);
    String body = health().body();
    assertThat(body).contains("\"instantMessages\" : 1", "\"storeChanges\" : 1", "\"syncsCoalesced\" : 1");
  }

  @Test
  void anOutboundTextAndItsDeliveryFailureReachSalesforceByTheMessageSyncOfThatExtension() throws Exception {
    serve();
    long syncsBefore = rc.calls(SimEndpoint.MESSAGE_SYNC);

    rc.addMessages(List.of(Messages.outbound().id("9501").extension(KYLE).to("(502) 813-8900")
        .text("Your hearing moved to 10am").at(clock.instant().minusSeconds(2)).build()));
    assertThat(rc.awaitDeliveries(WAIT)).isTrue();
    awaitTrue("the outbound text's Note", () -> note("9501").isPresent());
    assertThat(note("9501").orElseThrow()).containsEntry("litify_pm__lit_Topic__c", "Text message sent")
        .containsEntry("OwnerId", TestWorld.KYLE_USER.value());
    assertThat(rc.calls(SimEndpoint.MESSAGE_SYNC)).isGreaterThan(syncsBefore);
    awaitTrue("the sync's log line", () -> err.toString().contains("serve: push: sync of extension " + TestWorld.KYLE
        + ": fetched "));

    rc.setMessageStatus(KYLE, "9501", "DeliveryFailed", clock.instant());
    assertThat(rc.awaitDeliveries(WAIT)).isTrue();
    awaitTrue("the failed delivery's topic", () -> "Text message failed".equals(
        note("9501").orElseThrow().get("litify_pm__lit_Topic__c")));
    assertThat(health().body()).contains("\"instantMessages\" : 0", "\"storeChanges\" : 2");
  }

  @Test
  void deliveriesWithoutOrWithAWrongVerificationTokenAreRefusedAndWriteNothing() throws Exception {
    serve();
    long before = notes();
    String event = """
        {"uuid":"1","event":"/restapi/v1.0/account/400100100/extension/%s/message-store/instant?type=SMS",
         "timestamp":"2026-04-10T12:00:00.000Z","subscriptionId":"%s","ownerId":"%s",
         "body":{"id":"9502","type":"SMS","direction":"Inbound","availability":"Alive","messageStatus":"Received",
           "creationTime":"2026-04-10T11:59:00.000Z","lastModifiedTime":"2026-04-10T11:59:00.000Z",
           "subject":"forged","from":{"phoneNumber":"+15028138900"},"to":[{"phoneNumber":"+15025550100"}]}}
        """.formatted(TestWorld.ALYSSIA, onlySubscription().id(), TestWorld.ALYSSIA);
    for (String token : new String[] {null, "forged-token-0123456789abcdefghijklmnopq"}) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/ringcentral/webhook"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event));
      if (token != null) {
        b.header("Verification-Token", token);
      }
      int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      assertThat(status).isEqualTo(token == null ? 401 : 403);
    }
    // a genuine text pushed after them is written, so the forged one would have been by now
    rc.addMessages(List.of(inboundFromTheMattersClient("9503", ALYSSIA)));
    assertThat(rc.awaitDeliveries(WAIT)).isTrue();
    awaitTrue("the genuine text's Note", () -> note("9503").isPresent());

    assertThat(note("9502")).isEmpty();
    assertThat(notes()).isEqualTo(before + 1);
    assertThat(err.toString()).contains("with 401: no Verification-Token header", "with 403: a wrong Verification-Token")
        .doesNotContain("forged-token");
    assertThat(health().body()).contains("\"refused\" : 2");
  }

  @Test
  void aBlacklistedSubscriptionIsReCreatedByTheKeeperWithHealthz503UntilThenAndWhatItMissedIsSynced()
      throws Exception {
    tunnel = new Tunnel(port);
    serve(tunnel.url(), "--subscription-check-seconds", "1");
    String first = onlySubscription().id();
    assertThat(health().statusCode()).isEqualTo(200);

    // the public URL goes down; RingCentral blacklists the subscription, and a new one fails the handshake
    tunnel.down = true;
    rc.blacklistSubscription(first);
    awaitTrue("healthz 503", () -> healthStatus() == 503);
    assertThat(health().body()).contains("\"status\" : \"unhealthy\"");
    awaitTrue("a re-creation refused by RingCentral", () -> err.toString().contains(
        "push: subscription check failed (subscription-create: RingCentral refused the webhook subscription"));
    assertThat(healthStatus()).isEqualTo(503);
    rc.addMessages(List.of(Messages.outbound().id("9504").extension(ALYSSIA).to("(502) 813-8900")
        .text("sent while the webhook was down").at(clock.instant().minusSeconds(1)).build()));
    assertThat(rc.awaitDeliveries(WAIT)).isTrue();
    assertThat(note("9504")).isEmpty();

    tunnel.down = false;
    awaitTrue("healthz 200 again", () -> healthStatus() == 200);
    SimSubscription second = onlySubscription();
    assertThat(second.id()).isNotEqualTo(first);
    assertThat(second.status()).isEqualTo("Active");
    assertThat(err.toString()).contains("push: deleted subscription " + first,
        "push: subscription check failed (subscription-create: RingCentral refused the webhook subscription",
        "push: created subscription " + second.id());
    // the text sent while nothing was delivered is caught by the sync that follows the re-creation
    awaitTrue("the missed text's Note", () -> note("9504").isPresent());
  }

  @Test
  void anExpiredSubscriptionIsReCreatedAndItsNewTokenIsAccepted() throws Exception {
    serve(base(), "--subscription-check-seconds", "1");
    String first = onlySubscription().id();

    rc.expireSubscription(first);
    awaitTrue("a new subscription", () -> rc.subscriptions().size() == 1
        && !rc.subscriptions().get(0).id().equals(first));
    awaitTrue("the re-creation's log line", () -> err.toString().contains("subscription " + first + " is gone"));

    rc.addMessages(List.of(inboundFromTheMattersClient("9505", KYLE)));
    assertThat(rc.awaitDeliveries(WAIT)).isTrue();
    awaitTrue("the pushed text's Note", () -> note("9505").isPresent());
    assertThat(rc.webhookDeliveries().failed()).isZero();
  }

  @Test
  void aCleanStopDeletesTheSubscriptionAndItsTokenSoARestartSubscribesAfreshAndOneSubscriptionDelivers()
      throws Exception {
    serve();
    String first = onlySubscription().id();
    Path tokenFile = dir.resolve(".rcsync/webhook-token.properties");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
    String token = Files.readString(tokenFile).lines().filter(l -> l.startsWith("verificationToken="))
        .findFirst().orElseThrow().substring("verificationToken=".length());
    sigterm();
    assertThat(serving.get(15, TimeUnit.SECONDS)).isZero();
    assertThat(rc.subscriptions()).as("a stopped service leaves nothing delivering to its address").isEmpty();
    assertThat(tokenFile).doesNotExist();
    assertThat(err.toString()).contains("serve: push: deleted subscription " + first + " on stopping").doesNotContain(token);

    err = new StringWriter();
    serve();

    String second = onlySubscription().id();
    assertThat(second).isNotEqualTo(first);
    assertThat(rc.webhookDeliveries().handshakes()).isEqualTo(2);
    rc.addMessages(List.of(inboundFromTheMattersClient("9506", ALYSSIA)));
    assertThat(rc.awaitDeliveries(WAIT)).isTrue();
    awaitTrue("the pushed text's Note", () -> note("9506").isPresent());
    assertThat(rc.webhookDeliveries().failed()).isZero();
  }

  @Test
  void aJsonContentTypeWhoseBodyIsNotJsonIsAnswered200AndCountedUnreadableWhileAnotherTypeIs415() throws Exception {
    serve();
    String token = Files.readString(dir.resolve(".rcsync/webhook-token.properties")).lines()
        .filter(l -> l.startsWith("verificationToken=")).findFirst().orElseThrow()
        .substring("verificationToken=".length());
    HttpRequest.Builder notJson = HttpRequest.newBuilder(URI.create(base() + "/ringcentral/webhook"))
        .header("Verification-Token", token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{this is not json"));
    assertThat(http.send(notJson.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    HttpRequest.Builder text = HttpRequest.newBuilder(URI.create(base() + "/ringcentral/webhook"))
        .header("Verification-Token", token).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{}"));
    assertThat(http.send(text.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(415);
    String health = health().body();
    assertThat(health).contains("\"unreadable\" : 1", "\"refused\" : 1");
    assertThat(err.toString()).contains("serve: push: unreadable webhook delivery (").doesNotContain(token);
  }

  @Test
  void sigtermStopsServeWithinTenSecondsAfterWritingThePushedTextInFlight() throws Exception {
    serve();
    rc.addMessages(List.of(inboundFromTheMattersClient("9507", KYLE)));
    assertThat(rc.awaitDeliveries(WAIT)).isTrue();

    long t0 = System.nanoTime();
    sigterm();
    assertThat(serving.get(10, TimeUnit.SECONDS)).isZero();

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(note("9507")).isPresent();
    assertThat(err.toString()).contains("serve: push: stopped; every write finished");
    assertThat(healthStatus()).isEqualTo(-1); // no longer listening
  }

  /**
   * The public URL in front of serve, as a reverse proxy or tunnel would be: forwards the webhook to serve, or answers
   * 502 while {@link #down}.
   */
  private static final class Tunnel implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    volatile boolean down;

    Tunnel(int target) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        try (InputStream in = exchange.getRequestBody()) {
          byte[] body = in.readAllBytes();
          if (down) {
            exchange.sendResponseHeaders(502, -1);
            return;
          }
          HttpRequest.Builder b = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + target + exchange.getRequestURI()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
          for (String h : List.of("Validation-Token", "Verification-Token", "Content-Type")) {
            String v = exchange.getRequestHeaders().getFirst(h);
            if (v != null) {
              b.header(h, v);
            }
          }
          HttpResponse<byte[]> r;
          try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            return;
          }
          r.headers().firstValue("Validation-Token").ifPresent(v -> exchange.getResponseHeaders().add(
              "Validation-Token", v));
          exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
          if (r.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(r.body());
            }
          }
        } finally {
          exchange.close();
        }
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}

package io.rcsync.cli.command;

import io.rcsync.cli.serve.WebhookServer;
import io.rcsync.cli.store.FileSyncStateStore;
import io.rcsync.cli.store.RememberedWebhookToken;
import io.rcsync.cli.store.RunLock;
import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.core.RcSync;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.in.PushHealth;
import io.rcsync.core.service.push.PushService;
import io.rcsync.core.service.push.PushSettings;
import io.rcsync.core.support.Redactor;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "Run as a service: RingCentral pushes each text as it happens (webhook), with a safety-net sync.",
    sortOptions = false,
    // one array element per paragraph, no hard line breaks inside: picocli wraps each element at the usage width
    // (the terminal's, 80 columns when it is not a terminal), so a paragraph broken by hand would wrap twice
    description = {
        "Listens for RingCentral webhooks and writes texts as they arrive: inbound texts in small batches "
            + "(200 ms, up to 200 a Salesforce call); other message-store changes (outbound texts, status changes, "
            + "deletions) by an incremental sync of that extension a second later; and an incremental sync of every "
            + "extension each pollWindows.hot interval as the safety net. Keeps a WebHook subscription to "
            + "PUBLIC_URL/ringcentral/webhook for the wave's extensions alive (reused, renewed, re-created).",
        "",
        "  rcsync serve --listen 127.0.0.1:8080 --public-url https://rcsync.example.com",
        "",
        "GET /healthz answers 200 (JSON) while the subscription is live and the last sync succeeded, else 503.",
        "",
        "SIGTERM stops within 10 s, finishing writes in flight (texts not written are re-read by the next sync), "
            + "and deletes the subscription, so nothing delivers to a stopped service. The process then exits 143 "
            + "(the JVM's answer to SIGTERM); the serve report's exitCode is serve's own verdict.",
        "",
        "Texts that fail one by one (e.g. a roster member without sfUserId) are logged and appended to "
            + "REPORT_DIR/<yyyyMMdd>-serve-failures.csv; they do not make /healthz unhealthy.",
        "",
        "Holds the run lock beside the state file while it runs, so a scheduled 'sync --incremental' cannot "
            + "overlap."})
final class ServeVerb extends Verb {
  /** The whole stop (HTTP drain + writes) fits in 10 s: 1 s for requests in flight, the rest for writes. */
  static final Duration HTTP_STOP = Duration.ofSeconds(1);
  static final Duration WRITES_STOP = Duration.ofSeconds(8);

  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
      description = "Address to listen on, e.g. 127.0.0.1:8080 behind a TLS proxy, or 0.0.0.0:8080.")
  String listen;

  @Option(names = "--public-url", required = true, paramLabel = "URL",
      description = "The https URL RingCentral reaches this service at (http only on loopback); the webhook is "
          + "URL/ringcentral/webhook.")
  String publicUrl;

  @Option(names = "--wave", paramLabel = "NAME", description = "Wave to subscribe to and sync (default: the config's activeWave).")
  String wave;

  @Option(names = "--state-file", paramLabel = "FILE", defaultValue = FileSyncStateStore.DEFAULT_PATH,
      description = "Sync state (default: ${DEFAULT-VALUE}); the run lock sits beside it.")
  String stateFile;

  @Option(names = "--delete-stale-subscriptions",
      description = "Delete, at start, Active subscriptions of the same events to another .../ringcentral/webhook "
          + "address (an earlier --public-url) instead of only warning about them. Only when no other rcsync serve "
          + "uses them.")
  boolean deleteStale;

  /** For tests and the demo: how often the subscription is checked (default 60 s, PushSettings.DEFAULT_CHECK). */
  @Option(names = "--subscription-check-seconds", hidden = true, paramLabel = "SECONDS")
  Integer subscriptionCheckSeconds;

  @Mixin
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  private record Listen(String host, int port) {}

  @Override
  public Integer call() {
    Instant started = env().clock().instant();
    Listen where = listen();
    URI address = webhookAddress();
    ConfigFile file = loadConfig(cfg);
    SyncConfig config = file.sync();
    Wave w = wave(config, wave);
    var reports = reports(cfg).checkWritable();
    configWarnings(config, w.name());
    Path state = env().resolve(stateFile);
    ApiCalls calls = new ApiCalls();
    ExternalFailures seen = failures();
    // the JVM halts as soon as the shutdown hook returns: it waits for this, counted down once the report is written
    // and the run lock released (or serve failed), never earlier
    CountDownLatch stopped = new CountDownLatch(1);
    boolean[] reported = {false};
    try (RunLock lock = lock(state, config, "serve --listen " + listen)) {
      return serve(lock, file, config, w, where, address, state, calls, seen, reports, started, stopped, reported);
    } catch (RuntimeException e) {
      if (!reported[0]) {
        // a start that failed (port in use, RingCentral or Salesforce unreachable, run lock held) leaves its account
        // like any verb's run: the report with the exit code the error gets and the one line printed
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wave", w.name());
        body.put("listen", listen);
        body.put("webhook", address.toString());
        body.put("error", ExitCodes.oneLine(e, secrets()));
        body.put("apiCalls", calls.snapshot());
        try {
          reports.generic("serve", started, env().clock().instant(), ExitCodes.forException(e), body);
        } catch (RuntimeException notWritten) {
          e.addSuppressed(notWritten);
        }
      }
      throw e;
    } finally {
      stopped.countDown();
    }
  }

  private int serve(RunLock lock, ConfigFile file, SyncConfig config, Wave w, Listen where, URI address, Path state,
      ApiCalls calls, ExternalFailures seen, io.rcsync.cli.output.ReportWriter reports, Instant started,
      CountDownLatch stopped, boolean[] reported) {
    Connections c = connect(file, org, calls, seen);
    preflight(c);
    RingCentralPorts.PushPorts pushPorts = c.rc().push().orElseThrow(() -> usage(
        "this RingCentral connection cannot subscribe to webhooks (" + c.rc().describe() + ")"));
    Set<ExtensionId> extensions = new LinkedHashSet<>();
    for (StaffMember m : w.members()) {
      if (m.extensionId().isPresent()) {
        extensions.add(m.extensionId().get());
      } else if (m.hasExtension()) {
        extensions.add(extensionIdByNumber(c.rc().extensions(), m));
      }
    }
    if (extensions.isEmpty()) {
      throw usage("wave " + w.name() + " has no member with a RingCentral extension: nothing to subscribe to");
    }
    RcSync rcsync = c.rcsync(config, env(), calls)
        .stateStore(new FileSyncStateStore(state, env().display(state), env().clock()))
        .manifestStore(manifests(cfg))
        .build();
    PushSettings settings = PushSettings.of(w.name(), extensions, address, config.hotWindow().interval())
        .withCloseDeadline(WRITES_STOP);
    UnaryOperator<String> redact = text -> Redactor.mask(text, secrets());
    if (subscriptionCheckSeconds != null) {
      if (subscriptionCheckSeconds < 1) {
        throw usage("--subscription-check-seconds must be at least 1, got " + subscriptionCheckSeconds);
      }
      settings = settings.withSubscriptionCheck(Duration.ofSeconds(subscriptionCheckSeconds));
    }
    // RingCentral does not list a subscription's verification token: remember it so a restart reuses the subscription
    Path tokenFile = state.resolveSibling(RememberedWebhookToken.FILE_NAME);
    RememberedWebhookToken subscriptions = new RememberedWebhookToken(pushPorts.subscriptions(), tokenFile,
        env().display(tokenFile), line -> logLine("warning: " + line));
    PushService push = rcsync.push(settings, subscriptions, this::logLine);
    Set<String> failureFiles = new java.util.concurrent.ConcurrentSkipListSet<>();
    push.deleteStaleSubscriptions(deleteStale).recordFailuresTo(issues -> {
      String shown = reports.appendFailures("serve", env().clock().instant(), issues);
      if (failureFiles.add(shown)) {
        logLine("failed texts are listed in " + shown);
      }
    });
    WebhookServer server = new WebhookServer(where.host(), where.port(), push, pushPorts.decoder(), this::logLine,
        redact);
    CountDownLatch stop = new CountDownLatch(1);
    env().onShutdown(() -> {
      stop.countDown();
      try {
        // keep the JVM alive until the writes are done (or their deadline passed) and the report is written
        stopped.await(HTTP_STOP.plus(WRITES_STOP).plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    boolean drained;
    boolean listening = false;
    PushHealth last;
    try {
      // bind first (a port in use is a usage error before any RingCentral call), answer deliveries 503 until a reused
      // subscription's token is read, then release: RingCentral may deliver from the moment the port answers
      server.holdEvents();
      startListening(server, where);
      listening = true;
      try {
        push.adoptExisting();
      } finally {
        server.releaseEvents();
      }
      logLine("listening on http://" + where.host() + ":" + server.port() + " (webhook " + address + ", health "
          + WebhookServer.HEALTH_PATH + "); " + extensions.size() + " extension(s) of wave " + w.name()
          + ", safety-net sync every " + config.hotWindow().interval().toMinutes() + " min");
      push.start();
      while (!stop.await(30, TimeUnit.SECONDS)) {
        lock.heartbeat();
      }
      logLine("stopping: no new deliveries; finishing writes in flight (at most "
          + HTTP_STOP.plus(WRITES_STOP).toSeconds() + " s)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      long stopping = System.nanoTime();
      server.stop(HTTP_STOP.toMillis());
      // a clean stop deletes the subscription (and the remembered token), in parallel with the last writes: a stopped
      // service must leave nothing delivering to its address, which RingCentral would blacklist
      Thread release = null;
      if (listening) {
        release = new Thread(push::releaseSubscription, "rcsync-serve-release");
        release.setDaemon(true);
        release.start();
      }
      drained = push.drain();
      if (release != null) {
        awaitRelease(release, stopping);
      }
      last = push.health();
    }
    boolean everLive = push.subscriptionEverLive();
    int code;
    String verdict;
    if (!everLive) {
      code = ExitCodes.AUTH_OR_CONNECTION;
      verdict = "no RingCentral subscription was ever live, so no text was pushed"
          + last.subscription().flatMap(PushHealth.SubscriptionFacts::lastError)
              .or(() -> last.problems().stream().filter(p -> p.startsWith("no subscription")).findFirst())
              .map(why -> " (" + why + ")").orElse("")
          + "; check that RingCentral reaches " + address + " (doctor, the public URL's proxy or tunnel)";
    } else if (!drained) {
      code = ExitCodes.RECORD_FAILURES;
      verdict = "stopped with writes unfinished; the next sync re-reads those texts";
    } else if (last.recordFailures() > 0) {
      code = ExitCodes.RECORD_FAILURES;
      verdict = last.recordFailures() + " text(s) or MMS file(s) failed; see " + String.join(", ", failureFiles);
    } else {
      code = ExitCodes.OK;
      verdict = "every text taken was accounted for";
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("verdict", Redactor.mask(verdict, secrets()));
    body.put("wave", w.name());
    body.put("listen", where.host() + ":" + where.port());
    body.put("webhook", address.toString());
    body.put("extensions", extensions.stream().map(ExtensionId::value).toList());
    body.put("drained", drained);
    body.put("subscriptionEverLive", everLive);
    body.put("failures", failureFiles.stream().toList());
    body.put("health", WebhookServer.healthJson(last, redact));
    body.put("apiCalls", calls.snapshot());
    reported[0] = true;
    reports.generic("serve", started, env().clock().instant(), code, body);
    logLine("stopped" + (drained ? "" : " with writes unfinished; the next sync re-reads those texts")
        + (code == ExitCodes.OK || !drained ? "" : " (exit " + code + ": " + Redactor.mask(verdict, secrets()) + ")"));
    return code;
  }

  /** Waits for the subscription's deletion until the stop's budget ({@link #HTTP_STOP} + {@link #WRITES_STOP}) ends. */
  private void awaitRelease(Thread release, long stopping) {
    long left = HTTP_STOP.plus(WRITES_STOP).toNanos() - (System.nanoTime() - stopping);
    try {
      release.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (release.isAlive()) {
      logLine("push: RingCentral did not answer the subscription's deletion in time; it expires by itself, and a "
          + "restart reuses it");
    }
  }

  /** Binds the listener; an address in use or not of this host is one usage line, before any subscription. */
  private void startListening(WebhookServer server, Listen where) {
    try {
      server.start();
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof java.io.IOException)) {
        cause = cause.getCause();
      }
      if (!(cause instanceof java.io.IOException)) {
        throw e;
      }
      String why = cause instanceof java.net.BindException && String.valueOf(cause.getMessage()).contains("in use")
          ? "the port is in use; stop whatever listens there or pick another port"
          : String.valueOf(cause.getMessage()) + "; give an address of this host (e.g. 127.0.0.1 or 0.0.0.0)";
      throw usage("--listen: cannot listen on " + where.host() + ":" + where.port() + ": " + why);
    }
  }

  private synchronized void logLine(String line) {
    String text = Redactor.mask(line, secrets());
    err().println(env().clock().instant().truncatedTo(ChronoUnit.SECONDS) + " serve: " + text);
    err().flush();
  }

  private Listen listen() {
    ServeAddresses.Listen l = ServeAddresses.listen(listen, this::usage);
    return new Listen(l.host(), l.port());
  }

  private URI webhookAddress() {
    return ServeAddresses.webhookAddress(publicUrl, this::usage);
  }
}

package io.rcsync.cli.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.PushEvent;
import io.rcsync.core.port.in.PushHealth;
import io.rcsync.core.port.in.PushUseCase;
import io.rcsync.core.port.out.PushEventDecoder;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.xnio.Options;

/**
 * The HTTP side of {@code rcsync serve} on Undertow: RingCentral's webhook and a health check.
 *
 * <ul>
 *   <li>{@code POST /ringcentral/webhook}: a request carrying {@code Validation-Token} is the subscription handshake
 *       and gets 200 with the header echoed (https://developers.ringcentral.com/guide/notifications/webhooks/creating-webhooks:
 *       answer within 3 s, 200, the header, at most 1,024 bytes). Any other request must carry our
 *       {@code Verification-Token} (compared in constant time by the push service): missing → 401, wrong → 403,
 *       logged without the token and nothing written. Then the {@code Content-Type} must be application/json (else
 *       415: the only check of the content type) and the body at most {@link #MAX_BODY} bytes (else 413); it is
 *       decoded and handed to the push service, and answered 200 with no body. A JSON content type whose body is not
 *       JSON, or not an event rcsync reads, is also answered 200: the decoder makes it an unreadable event, logged
 *       with its reason and counted ({@code events.unreadable}), and the next sync reads what it may have carried;
 *       an error status would only make RingCentral count failures against the subscription (503 while stopping: RingCentral documents no re-delivery, so
 *       what such an event carried is re-read by the next run's start-up sync).
 *   <li>{@code GET /healthz}: 200 with a JSON body when the push service is healthy, 503 with the same body otherwise.
 *   <li>Anything else: 404, or 405 with {@code Allow} for a known path and another method.
 * </ul>
 *
 * <p>Timeouts: a request must be parsed within 10 s ({@code REQUEST_PARSE_TIMEOUT}), an idle connection is closed
 * after 60 s ({@code NO_REQUEST_TIMEOUT}, {@code IDLE_TIMEOUT}); headers are capped at 16 KiB.
 */
public final class WebhookServer implements AutoCloseable {
  public static final String WEBHOOK_PATH = "/ringcentral/webhook";
  public static final String HEALTH_PATH = "/healthz";
  /** The largest webhook body accepted (1 MiB); RingCentral's SMS events are a few KiB. */
  public static final long MAX_BODY = 1L << 20;
  private static final HttpString VALIDATION_TOKEN = new HttpString("Validation-Token");
  private static final HttpString VERIFICATION_TOKEN = new HttpString("Verification-Token");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PushUseCase push;
  private final PushEventDecoder decoder;
  private final Consumer<String> log;
  private final UnaryOperator<String> redact;
  private final GracefulShutdownHandler graceful;
  private final Undertow server;
  private volatile boolean eventsHeld;

  /**
   * Undertow, XNIO and JBoss Threads log through jboss-logging, which falls back to java.util.logging here (it uses
   * slf4j only beside logback): their INFO lines ("starting server: Undertow …", "XNIO version …") would print on
   * stderr between rcsync's own lines. Their JUL loggers are set to WARNING unless a logging configuration already set
   * a level. Kept referenced: JUL holds loggers weakly, and a collected logger forgets its level.
   */
  private static final List<java.util.logging.Logger> SERVER_LOGGERS = quietServerLoggers();

  private static List<java.util.logging.Logger> quietServerLoggers() {
    List<java.util.logging.Logger> loggers = new java.util.ArrayList<>();
    for (String name : List.of("io.undertow", "org.xnio", "org.jboss")) {
      java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
      if (l.getLevel() == null) {
        l.setLevel(java.util.logging.Level.WARNING);
      }
      loggers.add(l);
    }
    return List.copyOf(loggers);
  }

  /** As {@link #WebhookServer(String, int, PushUseCase, PushEventDecoder, Consumer, UnaryOperator)}, masking nothing. */
  public WebhookServer(String host, int port, PushUseCase push, PushEventDecoder decoder, Consumer<String> log) {
    this(host, port, push, decoder, log, UnaryOperator.identity());
  }

  /**
   * Binds nothing yet; {@link #start()} does.
   *
   * @param log one line per refused delivery (never a token or a body)
   * @param redact applied to every free text {@code /healthz} answers (error messages of RingCentral, Salesforce and
   *     core): {@code /healthz} needs no credentials, so it must never show what a log line would mask
   */
  public WebhookServer(String host, int port, PushUseCase push, PushEventDecoder decoder, Consumer<String> log,
      UnaryOperator<String> redact) {
    this.push = Objects.requireNonNull(push);
    this.decoder = Objects.requireNonNull(decoder);
    this.log = Objects.requireNonNull(log);
    this.redact = Objects.requireNonNull(redact);
    this.graceful = new GracefulShutdownHandler(this::route);
    this.server = Undertow.builder()
        .addHttpListener(port, host)
        .setIoThreads(1)
        .setWorkerThreads(4)
        // a coarse cap for every route; the webhook counts its own 1 MiB limit as the body arrives (413)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 4 * MAX_BODY)
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
        .setServerOption(UndertowOptions.IDLE_TIMEOUT, 60_000)
        .setSocketOption(Options.READ_TIMEOUT, 30_000)
        .setSocketOption(Options.WRITE_TIMEOUT, 30_000)
        .setHandler(graceful)
        .build();
  }

  /**
   * Until {@link #releaseEvents()}, a delivery whose {@code Verification-Token} the push service does not (yet)
   * accept is answered 503 instead of 403: for the moments between binding and reading a reused subscription's
   * token. The handshake and {@code /healthz} answer as usual. Call before {@link #start()}.
   */
  public WebhookServer holdEvents() {
    eventsHeld = true;
    return this;
  }

  /** Ends {@link #holdEvents()}: a token the push service does not accept is 403 from now on. */
  public void releaseEvents() {
    eventsHeld = false;
  }

  /** Binds and starts answering. */
  public WebhookServer start() {
    server.start();
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Stops taking requests, lets requests in flight finish for up to {@code waitMillis}, then closes the listener. */
  public void stop(long waitMillis) {
    graceful.shutdown();
    try {
      graceful.awaitShutdown(waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
  }

  @Override
  public void close() {
    stop(1000);
  }

  private void route(HttpServerExchange exchange) {
    String path = exchange.getRequestPath();
    if (WEBHOOK_PATH.equals(path)) {
      if (!Methods.POST.equals(exchange.getRequestMethod())) {
        notAllowed(exchange, "POST");
      } else {
        webhook(exchange);
      }
    } else if (HEALTH_PATH.equals(path)) {
      if (!Methods.GET.equals(exchange.getRequestMethod()) && !Methods.HEAD.equals(exchange.getRequestMethod())) {
        notAllowed(exchange, "GET, HEAD");
      } else {
        health(exchange);
      }
    } else {
      exchange.setStatusCode(404).endExchange();
    }
  }

  private void webhook(HttpServerExchange exchange) {
    String validation = exchange.getRequestHeaders().getFirst(VALIDATION_TOKEN);
    if (validation != null) {
      // the handshake: echo the header (kept small: RingCentral refuses an answer over 1,024 bytes)
      if (validation.length() > 256) {
        refuse(exchange, 400, "a Validation-Token longer than 256 characters");
        return;
      }
      exchange.getResponseHeaders().put(VALIDATION_TOKEN, validation);
      exchange.setStatusCode(200).endExchange();
      log.accept("webhook: answered RingCentral's validation request");
      return;
    }
    String token = exchange.getRequestHeaders().getFirst(VERIFICATION_TOKEN);
    if (token == null) {
      refuse(exchange, 401, "no Verification-Token header");
      return;
    }
    if (!push.verificationTokenMatches(token)) {
      if (eventsHeld) {
        // the token of a reused subscription is not read yet: not a wrong token, and a 403 would count against the
        // subscription at RingCentral for nothing (see holdEvents())
        refuse(exchange, 503, "the subscription's Verification-Token is not known yet (starting)");
      } else {
        refuse(exchange, 403, "a wrong Verification-Token");
      }
      return;
    }
    long length = exchange.getRequestContentLength();
    if (length > MAX_BODY) {
      refuse(exchange, 413, "a body of " + length + " bytes (limit " + MAX_BODY + ")");
      return;
    }
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      refuse(exchange, 415, "Content-Type " + (type == null ? "missing" : "'" + type + "'") + ", not application/json");
      return;
    }
    // Content-Length is only a claim, and a chunked body has none: count what arrives and stop at the limit
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    boolean[] refused = {false};
    exchange.getRequestReceiver().receivePartialBytes((ex, chunk, last) -> {
      if (refused[0]) {
        return;
      }
      if (body.size() + chunk.length > MAX_BODY) {
        refused[0] = true;
        ex.setPersistent(false); // the rest of the body is not read: the connection closes after the answer
        refuse(ex, 413, "a body over " + MAX_BODY + " bytes");
        return;
      }
      body.write(chunk, 0, chunk.length);
      if (last) {
        PushEvent event = decoder.decode(body.toByteArray());
        ex.setStatusCode(push.accept(event) ? 200 : 503).endExchange();
      }
    }, (ex, error) -> {
      if (!refused[0]) {
        refuse(ex, 400, "an unreadable body");
      }
    });
  }

  private void refuse(HttpServerExchange exchange, int status, String why) {
    push.refused(why);
    log.accept("webhook: refused a delivery from " + peer(exchange) + " with " + status + ": " + why
        + "; nothing written");
    exchange.setStatusCode(status).endExchange();
  }

  private void health(HttpServerExchange exchange) {
    PushHealth h = push.health();
    byte[] body;
    try {
      body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(healthJson(h, redact));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    exchange.setStatusCode(h.healthy() ? 200 : 503);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  /** The health snapshot as JSON fields (no token, ever: the snapshot holds none), free text as it is. */
  public static Map<String, Object> healthJson(PushHealth h) {
    return healthJson(h, UnaryOperator.identity());
  }

  /**
   * The health snapshot as JSON fields: no token, ever (the snapshot holds none), and every free text (problems,
   * the subscription's last error, the last sync's and ingest's outcome) passed through {@code redact}.
   */
  public static Map<String, Object> healthJson(PushHealth h, UnaryOperator<String> redact) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", h.healthy() ? "healthy" : "unhealthy");
    m.put("problems", h.problems().stream().map(redact).toList());
    h.subscription().ifPresentOrElse(s -> {
      Map<String, Object> sub = new LinkedHashMap<>();
      sub.put("id", s.id());
      sub.put("status", s.status());
      sub.put("expiresAt", s.expiresAt().toString());
      s.lastError().ifPresent(e -> sub.put("lastError", redact.apply(e)));
      m.put("subscription", sub);
    }, () -> m.put("subscription", null));
    m.put("lastSync", h.lastSync().map(r -> run(r, redact)).orElse(null));
    m.put("lastIngest", h.lastIngest().map(r -> run(r, redact)).orElse(null));
    Map<String, Object> events = new LinkedHashMap<>();
    events.put("received", h.eventsReceived());
    events.put("instantMessages", h.instantMessages());
    events.put("storeChanges", h.storeChanges());
    events.put("syncsCoalesced", h.syncsCoalesced());
    events.put("other", h.other());
    events.put("unreadable", h.unreadable());
    events.put("refused", h.refused());
    events.put("messagesIngested", h.messagesIngested());
    events.put("recordFailures", h.recordFailures());
    events.put("duplicateDeliveries", h.duplicateDeliveries());
    m.put("events", events);
    m.put("queueDepth", h.queueDepth());
    return m;
  }

  private static Map<String, Object> run(PushHealth.RunFacts r, UnaryOperator<String> redact) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", r.at().toString());
    m.put("succeeded", r.succeeded());
    m.put("outcome", redact.apply(r.outcome()));
    return m;
  }

  private static void notAllowed(HttpServerExchange exchange, String allow) {
    exchange.getResponseHeaders().put(Headers.ALLOW, allow);
    exchange.setStatusCode(405).endExchange();
  }

  private static String peer(HttpServerExchange exchange) {
    InetSocketAddress a = exchange.getSourceAddress();
    return a == null ? "?" : a.getAddress().getHostAddress();
  }
}

package io.rcsync.testkit.sim.ringcentral;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real local webhook endpoint for the simulator to call: answers the Validation-Token handshake (echoing it unless
 * told not to) and records every event delivery, answering them with a configurable status.
 */
final class WebhookReceiver implements AutoCloseable {
  /** One request received: the handshake (empty body) or an event. */
  record Received(String method, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }
  }

  final List<Received> handshakes = new CopyOnWriteArrayList<>();
  final List<Received> events = new CopyOnWriteArrayList<>();
  volatile boolean echoValidationToken = true;
  volatile String wrongEcho;
  volatile int eventStatus = 200;
  /** While set and not counted down, each event delivery waits for it before being answered. */
  volatile java.util.concurrent.CountDownLatch holdEvents;
  private final HttpServer server;

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ringcentral/webhook", ex -> {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Received r = new Received(ex.getRequestMethod(), Map.copyOf(ex.getRequestHeaders()),
          new String(body, StandardCharsets.UTF_8));
      String validation = ex.getRequestHeaders().getFirst("Validation-Token");
      int status;
      if (validation != null) {
        handshakes.add(r);
        if (wrongEcho != null) {
          ex.getResponseHeaders().set("Validation-Token", wrongEcho);
        } else if (echoValidationToken) {
          ex.getResponseHeaders().set("Validation-Token", validation);
        }
        status = 200;
      } else {
        events.add(r);
        java.util.concurrent.CountDownLatch hold = holdEvents;
        if (hold != null) {
          try {
            hold.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        status = eventStatus;
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
  }

  URI address() {
    return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
        + server.getAddress().getPort() + "/ringcentral/webhook");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

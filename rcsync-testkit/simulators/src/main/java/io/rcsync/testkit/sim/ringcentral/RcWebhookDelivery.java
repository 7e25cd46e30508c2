package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.Availability;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Webhook traffic of the simulator, over {@link HttpClient}:
 *
 * <ul>
 *   <li>The {@code Validation-Token} handshake of subscription creation: a POST with an empty body and a random
 *       {@code Validation-Token} header, which the address must answer within the timeout (RingCentral: 3000 ms) with
 *       200, the same header echoed, and at most 1024 bytes of headers and body
 *       (https://developers.ringcentral.com/guide/notifications/webhooks/creating-webhooks). Failures answer the create
 *       request 400 as RingCentral does: {@code SUB-520 Validation Token is not returned} for a missing or wrong echo
 *       (https://community.ringcentral.com/questions/1306/validation-token-is-not-returned-when-creating-a-s.html),
 *       {@code SUB-525 WebHook server response is invalid} for a too-large answer, and
 *       {@code CMN-101 Parameter [deliveryMode.address] value is invalid} for an address that cannot be reached, times
 *       out or answers another status (https://ringcentral-faq.readthedocs.io/en/latest/webhooks/).
 *   <li>Event delivery, on one background thread (in order, never holding the simulator's lock): for every change to
 *       a core message of an extension covered by a live subscription, the message-store event
 *       (https://developers.ringcentral.com/guide/notifications/event-filters/message) and, for a newly added inbound
 *       live SMS, first the instant SMS event whose body is the SMS record
 *       (https://developers.ringcentral.com/guide/notifications/event-filters/instant-message), an MMS's attachments
 *       listed with their content {@code uri}, {@code size} and {@code fileName} as the store lists them. Each is a POST of
 *       {@code {uuid, event, timestamp, subscriptionId, ownerId, body}} with {@code Content-Type: application/json}
 *       and, when the subscription has one, {@code Verification-Token}
 *       (https://developers.ringcentral.com/guide/notifications/webhooks/receiving). A 2xx answer is a success;
 *       anything else, a timeout or a refused connection is a failure (see {@link RcSubscriptions} for Suspended and
 *       Blacklisted). Failed deliveries are not retried.
 * </ul>
 */
final class RcWebhookDelivery implements RcMessageStore.Listener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_HANDSHAKE_RESPONSE = 1024;

  private final Object lock;
  private final Clock clock;
  private final RcSubscriptions subscriptions;
  private final RcDirectory directory;
  private final Supplier<String> baseUrl;
  private final Duration timeout;
  private final HttpClient client;
  private final ExecutorService executor;
  private final AtomicLong attempted = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong handshakes = new AtomicLong();
  /** Deliveries queued or running; guarded by {@link #idle}. */
  private long pending;
  private final Object idle = new Object();

  RcWebhookDelivery(Object lock, Clock clock, RcSubscriptions subscriptions, RcDirectory directory,
      Supplier<String> baseUrl, Duration timeout) {
    this.lock = lock;
    this.clock = clock;
    this.subscriptions = subscriptions;
    this.directory = directory;
    this.baseUrl = baseUrl;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "rc-sim-webhook");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs the handshake against {@code address}; null when it passed, else the 400 answer for the create request. */
  RcResponse handshake(URI address) {
    handshakes.incrementAndGet();
    String token = UUID.randomUUID().toString();
    HttpResponse<byte[]> r;
    try {
      r = client.send(HttpRequest.newBuilder(address).timeout(timeout).header("Validation-Token", token)
          .header("User-Agent", "RingCentral-Webhook/8.3").POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return addressInvalid();
    } catch (Exception e) {
      return addressInvalid();
    }
    if (r.statusCode() != 200) {
      return addressInvalid();
    }
    if (!token.equals(r.headers().firstValue("Validation-Token").orElse(null))) {
      return RcErrors.api(400, "SUB-520", "Validation Token is not returned");
    }
    long size = r.body().length;
    for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
      for (String v : h.getValue()) {
        size += h.getKey().length() + v.length() + 4;
      }
    }
    if (size > MAX_HANDSHAKE_RESPONSE) {
      return RcErrors.api(400, "SUB-525", "WebHook server response is invalid");
    }
    return null;
  }

  private static RcResponse addressInvalid() {
    return RcErrors.invalidParameter("Parameter [deliveryMode.address] value is invalid");
  }

  private RcMessageContentEndpoint contents;

  /**
   * Lists an instant event's attachments as the message store does: {@code uri} at Get Message Content, with the
   * {@code size} and {@code fileName} of what it serves. The instant event's body is the message record, its
   * {@code attachments} of type {@code MessageAttachmentInfo}
   * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1InstantMessageEventBody-members.html,
   * https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1MessageAttachmentInfo.html).
   */
  void contents(RcMessageContentEndpoint value) {
    this.contents = value;
  }

  /** Called by the message store under the simulator's lock: builds the events and queues them. */
  @Override
  public void changed(ExtensionId extension, SmsMessage message, boolean created) {
    Instant now = clock.instant();
    String accountId = directory.accountId();
    ExtensionId owner = directory.owner();
    String base = baseUrl.get();
    String storePath = "/restapi/v1.0/account/" + accountId + "/extension/" + extension.value() + "/message-store";
    boolean instant = created && message.direction() == Direction.INBOUND
        && message.availability() == Availability.ALIVE;
    if (instant) {
      for (Map.Entry<RcSubscriptions.Sub, String> e : subscriptions.covering(accountId, owner, extension, true,
          message.direction().label(), now)) {
        ObjectNode body = RcRecords.sms(message, base, base + storePath, contents);
        body.put("ownerId", extension.value());
        queue(e.getKey(), envelope(storePath + "/instant?type=SMS", e.getKey().id, owner, extension, now, body));
      }
    }
    for (Map.Entry<RcSubscriptions.Sub, String> e : subscriptions.covering(accountId, owner, extension, false,
        message.direction().label(), now)) {
      ObjectNode body = JSON.createObjectNode();
      body.put("accountId", accountId);
      body.put("extensionId", extension.value());
      body.put("lastUpdated", RcRecords.time(now));
      ObjectNode change = body.putArray("changes").addObject();
      change.put("type", "SMS");
      change.put("newCount", created ? 1 : 0);
      change.put("updatedCount", created ? 0 : 1);
      if (created) {
        String id = message.id().value();
        if (id.matches("[1-9]\\d{0,17}")) {
          change.putArray("newMessageIds").add(Long.parseLong(id));
        } else {
          change.putArray("newMessageIds").add(id);
        }
      }
      queue(e.getKey(), envelope(storePath, e.getKey().id, owner, extension, now, body));
    }
  }

  private static String envelope(String event, String subscriptionId, ExtensionId owner, ExtensionId extension,
      Instant now, ObjectNode body) {
    ObjectNode n = JSON.createObjectNode();
    n.put("uuid", UUID.randomUUID().toString());
    n.put("event", event);
    n.put("timestamp", RcRecords.time(now));
    n.put("subscriptionId", subscriptionId);
    n.put("ownerId", (owner == null ? extension : owner).value());
    n.set("body", body);
    return n.toString();
  }

  private void queue(RcSubscriptions.Sub sub, String json) {
    String id = sub.id;
    URI address = URI.create(sub.address);
    String token = sub.verificationToken;
    synchronized (idle) {
      pending++;
    }
    try {
      executor.execute(() -> {
        try {
          deliver(id, address, token, json);
        } finally {
          done();
        }
      });
    } catch (RejectedExecutionException e) {
      done();
    }
  }

  private void done() {
    synchronized (idle) {
      pending--;
      idle.notifyAll();
    }
  }

  /** One POST, outside the simulator's lock; its outcome is then recorded under it. */
  private void deliver(String subscriptionId, URI address, String token, String json) {
    attempted.incrementAndGet();
    String reason;
    boolean ok;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(address).timeout(timeout)
          .header("Content-Type", "application/json").header("User-Agent", "RingCentral-Webhook/8.3")
          .POST(HttpRequest.BodyPublishers.ofString(json));
      if (token != null) {
        b.header("Verification-Token", token);
      }
      HttpResponse<Void> r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
      ok = r.statusCode() >= 200 && r.statusCode() < 300;
      reason = "Webhook responses with code: [" + r.statusCode() + "]";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ok = false;
      reason = "I/O operation is failed. Details: [interrupted]";
    } catch (Exception e) {
      ok = false;
      reason = "I/O operation is failed. Details: [" + e.getClass().getSimpleName() + "]";
    }
    (ok ? succeeded : failed).incrementAndGet();
    synchronized (lock) {
      subscriptions.delivered(subscriptionId, ok, reason, clock.instant());
    }
  }

  /** Waits until every queued delivery is done; false when {@code max} passed first. */
  boolean awaitDeliveries(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (idle) {
      while (pending > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  WebhookDeliveries counts() {
    return new WebhookDeliveries(attempted.get(), succeeded.get(), failed.get(), handshakes.get());
  }

  /**
   * Stops delivering: the delivery in flight is interrupted, queued ones are dropped (and no longer counted as
   * pending, so {@link #awaitDeliveries} does not wait for them), and the delivery thread is waited for up to the
   * delivery timeout. Must not be called under the simulator's lock (the thread takes it to record an outcome).
   */
  @Override
  public void close() {
    List<Runnable> dropped = executor.shutdownNow();
    synchronized (idle) {
      pending -= dropped.size();
      idle.notifyAll();
    }
    try {
      executor.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

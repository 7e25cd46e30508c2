package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subscription API (https://developers.ringcentral.com/guide/notifications/webhooks/creating-webhooks):
 *
 * <ul>
 *   <li>{@code POST /restapi/v1.0/subscription}: {@code eventFilters[]}, {@code deliveryMode {transportType: "WebHook",
 *       address, verificationToken}}, {@code expiresIn} (seconds; default 604800, at most 315360000 for WebHook,
 *       https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/definitions/CreateSubscriptionRequest.html).
 *       Before creating it, the address gets the {@code Validation-Token} handshake ({@link RcWebhookDelivery#handshake});
 *       a failed one answers 400 like RingCentral and creates nothing. The handshake runs after the simulator's lock is
 *       released.
 *   <li>{@code GET /restapi/v1.0/subscription}: {@code {uri, records[]}}; {@code GET .../{id}}: one record.
 *   <li>{@code POST .../{id}/renew} (empty body): a new {@code expirationTime} for the subscription's own
 *       {@code expiresIn}; a blacklisted one cannot be renewed (400; RingCentral does not document the code, the
 *       simulator uses CMN-101).
 *   <li>{@code DELETE .../{id}}: 204; unknown or expired: 404 CMN-102.
 * </ul>
 *
 * Called under the simulator's lock, except the handshake.
 */
final class RcSubscriptionEndpoint {
  static final Pattern PATH = Pattern.compile("^/restapi/v1\\.0/subscription(?:/([^/]+)(/renew)?)?/?$");
  static final long DEFAULT_EXPIRES_IN = 604_800L;
  static final long MAX_EXPIRES_IN = 315_360_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Object lock;
  private final Clock clock;
  private final RcSubscriptions subscriptions;
  private final RcWebhookDelivery delivery;
  private final Supplier<String> baseUrl;

  RcSubscriptionEndpoint(Object lock, Clock clock, RcSubscriptions subscriptions, RcWebhookDelivery delivery,
      Supplier<String> baseUrl) {
    this.lock = lock;
    this.clock = clock;
    this.subscriptions = subscriptions;
    this.delivery = delivery;
    this.baseUrl = baseUrl;
  }

  RcResponse handle(String method, String rawPath, String body, Instant now) {
    Matcher m = PATH.matcher(rawPath);
    m.matches();
    String id = m.group(1);
    boolean renew = m.group(2) != null;
    if (id == null) {
      return switch (method) {
        case "GET" -> list(now);
        case "POST" -> create(body);
        default -> RcErrors.methodNotAllowed();
      };
    }
    if (renew) {
      return "POST".equals(method) ? renew(id, now) : RcErrors.methodNotAllowed();
    }
    return switch (method) {
      case "GET" -> {
        RcSubscriptions.Sub s = subscriptions.get(id, now);
        yield s == null ? RcErrors.notFound("subscriptionId")
            : RcResponse.json(200, RcSubscriptions.render(s, baseUrl.get(), now).toString());
      }
      case "DELETE" -> subscriptions.remove(id, now) ? RcResponse.json(204, "") : RcErrors.notFound("subscriptionId");
      default -> RcErrors.methodNotAllowed();
    };
  }

  private RcResponse list(Instant now) {
    ObjectNode out = JSON.createObjectNode();
    out.put("uri", baseUrl.get() + "/restapi/v1.0/subscription");
    ArrayNode records = out.putArray("records");
    for (RcSubscriptions.Sub s : subscriptions.all(now)) {
      records.add(RcSubscriptions.render(s, baseUrl.get(), now));
    }
    return RcResponse.json(200, out.toString());
  }

  private RcResponse renew(String id, Instant now) {
    RcSubscriptions.Sub s = subscriptions.get(id, now);
    if (s == null) {
      return RcErrors.notFound("subscriptionId");
    }
    if ("Blacklisted".equals(s.status)) {
      return RcErrors.invalidParameter("Subscription [" + id + "] is blacklisted and cannot be renewed;"
          + " delete it and create a new one");
    }
    subscriptions.renew(s, now);
    return RcResponse.json(200, RcSubscriptions.render(s, baseUrl.get(), now).toString());
  }

  /** Checks the request under the lock; the handshake and the creation run after it is released. */
  private RcResponse create(String body) {
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (Exception e) {
      return RcErrors.api(400, "CMN-100", "Request body is not valid JSON");
    }
    if (req == null || !req.isObject()) {
      return RcErrors.api(400, "CMN-100", "Request body is not a JSON object");
    }
    JsonNode f = req.path("eventFilters");
    if (!f.isArray() || f.isEmpty()) {
      return RcErrors.invalidParameter("Parameter [eventFilters] is required");
    }
    List<String> filters = new ArrayList<>();
    for (JsonNode n : f) {
      if (!n.isTextual() || !n.asText().startsWith("/restapi/")) {
        return RcErrors.invalidParameter("Parameter [eventFilters] value is invalid");
      }
      filters.add(n.asText());
    }
    JsonNode mode = req.path("deliveryMode");
    if (!"WebHook".equals(mode.path("transportType").asText(null))) {
      return RcErrors.invalidParameter("Parameter [deliveryMode.transportType] value is invalid (the simulator"
          + " serves WebHook only)");
    }
    String address = mode.path("address").asText(null);
    URI uri;
    try {
      uri = address == null ? null : URI.create(address);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      return RcErrors.invalidParameter("Parameter [deliveryMode.address] value is invalid");
    }
    String token = mode.path("verificationToken").isTextual() ? mode.path("verificationToken").asText() : null;
    long expiresIn = DEFAULT_EXPIRES_IN;
    if (req.has("expiresIn")) {
      JsonNode e = req.get("expiresIn");
      if (!e.canConvertToLong() || e.asLong() < 1) {
        return RcErrors.invalidParameter("Parameter [expiresIn] value is invalid");
      }
      expiresIn = Math.min(e.asLong(), MAX_EXPIRES_IN);
    }
    URI target = uri;
    long lifetime = expiresIn;
    return RcResponse.afterUnlock(() -> {
      RcResponse failed = delivery.handshake(target);
      if (failed != null) {
        return failed;
      }
      synchronized (lock) {
        Instant now = clock.instant();
        RcSubscriptions.Sub s = subscriptions.add(filters, address, token, lifetime, now);
        return RcResponse.json(200, RcSubscriptions.render(s, baseUrl.get(), now).toString());
      }
    });
  }
}

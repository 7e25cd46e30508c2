package io.rcsync.ringcentral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import io.rcsync.core.port.out.PushSubscriptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RingCentral WebHook subscriptions on the shared login (issue 11 item 4), over the subscription API
 * (https://developers.ringcentral.com/guide/notifications/webhooks/creating-webhooks):
 *
 * <ul>
 *   <li>{@link #create}: {@code POST /restapi/v1.0/subscription} with {@code eventFilters} (for each extension the
 *       instant SMS filter {@code /restapi/v1.0/account/~/extension/{id}/message-store/instant?type=SMS} and the
 *       message-store filter {@code /restapi/v1.0/account/~/extension/{id}/message-store},
 *       https://developers.ringcentral.com/guide/notifications/event-filters), {@code deliveryMode {transportType:
 *       "WebHook", address, verificationToken}} and {@code expiresIn} in seconds (at most 315360000 for WebHook,
 *       https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/definitions/CreateSubscriptionRequest.html;
 *       a longer request is cut to that). Before answering, RingCentral POSTs to the address with a
 *       {@code Validation-Token} header and wants it echoed in a 200 within 3 s; otherwise creation fails with 400
 *       ({@code SUB-520 Validation Token is not returned}, {@code SUB-525 WebHook server response is invalid}, or
 *       "Parameter [deliveryMode.address] value is invalid", https://ringcentral-faq.readthedocs.io/en/latest/webhooks/),
 *       reported as {@code REJECTED} with a line saying what the webhook must do.
 *   <li>{@link #list}: {@code GET /restapi/v1.0/subscription} ({@code records[]}).
 *   <li>{@link #renew}: {@code POST /restapi/v1.0/subscription/{id}/renew} with an empty body.
 *   <li>{@link #delete}: {@code DELETE /restapi/v1.0/subscription/{id}}; 404 (already gone) is not an error.
 * </ul>
 *
 * <p>Status: {@code Active}, {@code Suspended} and {@code Blacklisted} map to the port's statuses
 * (https://developers.ringcentral.com/guide/notifications/webhooks/troubleshooting shows a blacklisted record with
 * {@code blacklistedData}); a record past its {@code expirationTime} is {@link Status#EXPIRED} whatever its status
 * says; an unknown status is read as SUSPENDED (not live, not re-created) with a warning. A record's extensions are the
 * numeric extension ids its message-store filters name ({@code ~} names none). A record without an id or a readable
 * {@code expirationTime} is left out of {@link #list} with a warning naming it.
 *
 * <p>The verification token is a secret: it is registered with the adapter's redactor before the first request, so
 * no error text can carry it, and no {@code toString} shows it.
 */
public final class RingCentralSubscriptions implements PushSubscriptions {
  private static final Logger LOG = LoggerFactory.getLogger(RingCentralSubscriptions.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYSTEM = ApiCalls.RINGCENTRAL;
  private static final String PATH = "/restapi/v1.0/subscription";

  /** WebHook's maximum {@code expiresIn}: 315360000 seconds (10 years). */
  public static final Duration MAX_EXPIRES_IN = Duration.ofSeconds(315_360_000L);

  /** An extension's message-store filter (with or without {@code /instant} and a query). */
  private static final Pattern FILTER = Pattern.compile(
      "^/restapi/v1\\.0/account/([^/?]+)/extension/([^/?]+)/message-store(/instant)?(?:\\?.*)?$");

  private final RingCentralConfig config;
  private final ApiClient api;
  private final Clock clock;

  /** The subscription API on {@code auth}'s login, transport and API-call counter. */
  public RingCentralSubscriptions(RingCentralAuth auth) {
    this.config = Objects.requireNonNull(auth, "auth").config();
    this.api = auth.api();
    this.clock = config.clock();
  }

  /** The instant inbound SMS filter of one extension. */
  public static String instantSmsFilter(ExtensionId extension) {
    return "/restapi/v1.0/account/~/extension/" + extension.value() + "/message-store/instant?type=SMS";
  }

  /** The message-store change filter of one extension. */
  public static String messageStoreFilter(ExtensionId extension) {
    return "/restapi/v1.0/account/~/extension/" + extension.value() + "/message-store";
  }

  @Override
  public List<Subscription> list() {
    JsonNode body = json(api.exchange("GET", uri(PATH), null, "subscription-list"), "subscription-list", null);
    JsonNode records = body.path("records");
    if (!records.isArray()) {
      throw new ExternalSystemException(SYSTEM, Kind.CONNECTION,
          "subscription-list: RingCentral's answer has no 'records' array");
    }
    List<Subscription> out = new ArrayList<>();
    int skipped = 0;
    for (JsonNode r : records) {
      Optional<Subscription> s = read(r, "subscription-list");
      if (s.isPresent()) {
        out.add(s.get());
      } else {
        skipped++;
      }
    }
    if (skipped > 0) {
      LOG.warn("RingCentral subscription list: left out {} unreadable record(s) of {} (see the lines above)", skipped,
          records.size());
    }
    return List.copyOf(out);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the request names no extension or a lifetime under one second
   * @throws ExternalSystemException REJECTED when RingCentral refuses it (e.g. the webhook failed the
   *     {@code Validation-Token} handshake), or as any API call fails
   */
  @Override
  public Subscription create(Request request) {
    Objects.requireNonNull(request, "request");
    if (request.extensions().isEmpty()) {
      throw new IllegalArgumentException("subscription request names no extension: give at least one roster"
          + " extension id");
    }
    if (request.expiresIn().toSeconds() < 1) {
      throw new IllegalArgumentException("subscription expiresIn must be at least one second, was "
          + request.expiresIn());
    }
    api.addSecret(request.verificationToken());
    ObjectNode body = JSON.createObjectNode();
    ArrayNode filters = body.putArray("eventFilters");
    request.extensions().stream().sorted().forEach(e -> {
      filters.add(instantSmsFilter(e));
      filters.add(messageStoreFilter(e));
    });
    ObjectNode delivery = body.putObject("deliveryMode");
    delivery.put("transportType", "WebHook");
    delivery.put("address", request.address().toString());
    delivery.put("verificationToken", request.verificationToken());
    long seconds = Math.min(request.expiresIn().toSeconds(), MAX_EXPIRES_IN.toSeconds());
    body.put("expiresIn", seconds);
    HttpResponse<String> response = api.exchange("POST", uri(PATH), body.toString(), "subscription-create");
    int status = response.statusCode();
    if (status == 400 || status == 422) {
      throw new ExternalSystemException(SYSTEM, Kind.REJECTED, "subscription-create: RingCentral refused the webhook"
          + " subscription for " + shown(request.address()) + " (HTTP " + status + api.errorDetail(response) + "); the"
          + " address must be reachable from RingCentral, answer within 3 s with 200 and echo the Validation-Token"
          + " header (https except on loopback)");
    }
    JsonNode json = json(response, "subscription-create", null);
    return read(json, "subscription-create").orElseThrow(() -> new ExternalSystemException(SYSTEM,
        Kind.CONNECTION, "subscription-create: RingCentral's answer is not a readable subscription (no id or"
            + " expirationTime)"));
  }

  /**
   * {@inheritDoc}
   *
   * @throws ExternalSystemException REJECTED when the subscription is gone (404) or RingCentral refuses to renew it
   *     (e.g. blacklisted): create a new one
   */
  @Override
  public Subscription renew(String id) {
    Objects.requireNonNull(id, "id");
    HttpResponse<String> response = api.exchange("POST", uri(PATH + "/" + enc(id) + "/renew"), null,
        "subscription-renew");
    JsonNode json = json(response, "subscription-renew", id);
    return read(json, "subscription-renew").orElseThrow(() -> new ExternalSystemException(SYSTEM,
        Kind.CONNECTION, "subscription-renew: RingCentral's answer for subscription " + id
            + " is not a readable subscription (no id or expirationTime)"));
  }

  @Override
  public void delete(String id) {
    Objects.requireNonNull(id, "id");
    HttpResponse<String> response = api.exchange("DELETE", uri(PATH + "/" + enc(id)), null, "subscription-delete");
    int status = response.statusCode();
    if (status == 404 || (status >= 200 && status < 300)) {
      return;
    }
    json(response, "subscription-delete", id);
  }

  // ---- reading ------------------------------------------------------------------------------------------

  /** The subscription a record describes, or empty (with a warning naming the record) when it has no id or expiry. */
  private Optional<Subscription> read(JsonNode r, String what) {
    String id = MessageRecordMapper.scalar(r, "id");
    if (id == null) {
      LOG.warn("RingCentral {}: a subscription record has no id; left out", what);
      return Optional.empty();
    }
    String expiration = MessageRecordMapper.scalar(r, "expirationTime");
    Instant expiresAt = expiration == null ? null : MessageRecordMapper.parseTime(expiration);
    if (expiresAt == null) {
      LOG.warn("RingCentral {}: subscription {} has no readable expirationTime ('{}'); left out", what, id,
          clip(expiration));
      return Optional.empty();
    }
    List<String> filters = new ArrayList<>();
    JsonNode f = r.path("eventFilters");
    if (f.isArray()) {
      f.forEach(n -> {
        if (n.isTextual()) {
          filters.add(n.asText());
        }
      });
    }
    JsonNode mode = r.path("deliveryMode");
    Optional<URI> address = Optional.empty();
    Optional<String> token = Optional.empty();
    if (mode.isObject() && "webhook".equalsIgnoreCase(mode.path("transportType").asText(""))) {
      String a = MessageRecordMapper.scalar(mode, "address");
      if (a != null) {
        try {
          address = Optional.of(URI.create(a));
        } catch (IllegalArgumentException e) {
          LOG.warn("RingCentral {}: subscription {} has an unreadable address; read as none", what, id);
        }
      }
      token = Optional.ofNullable(MessageRecordMapper.scalar(mode, "verificationToken"));
      token.ifPresent(api::addSecret);
    }
    Status status = status(id, MessageRecordMapper.scalar(r, "status"), expiresAt);
    return Optional.of(new Subscription(id, extensionsOf(filters), filters, address, token, expiresAt, status));
  }

  private Status status(String id, String text, Instant expiresAt) {
    if (!expiresAt.isAfter(clock.instant())) {
      return Status.EXPIRED;
    }
    String s = text == null ? "" : text.toLowerCase(Locale.ROOT);
    return switch (s) {
      case "active" -> Status.ACTIVE;
      case "suspended" -> Status.SUSPENDED;
      case "blacklisted" -> Status.BLACKLISTED;
      default -> {
        LOG.warn("RingCentral subscription {}: unknown status '{}', read as Suspended (not live); report it to the"
            + " rcsync maintainers", id, clip(text));
        yield Status.SUSPENDED;
      }
    };
  }

  /** The numeric extension ids named by message-store filters (instant or not), in filter order. */
  static Set<ExtensionId> extensionsOf(List<String> filters) {
    Set<ExtensionId> out = new LinkedHashSet<>();
    for (String filter : filters) {
      Matcher m = FILTER.matcher(filter);
      if (m.matches() && m.group(2).matches("\\d{1,20}")) {
        out.add(ExtensionId.of(m.group(2)));
      }
    }
    return out;
  }

  /** The JSON body of a 2xx answer; any other status becomes the matching exception. */
  private JsonNode json(HttpResponse<String> response, String what, String id) {
    int status = response.statusCode();
    String detail = api.errorDetail(response);
    if (status >= 200 && status < 300) {
      String body = response.body();
      try {
        JsonNode n = body == null || body.isBlank() ? null : JSON.readTree(body);
        if (n == null || !n.isObject()) {
          throw new ExternalSystemException(SYSTEM, Kind.CONNECTION, what + ": RingCentral answered HTTP " + status
              + " without a JSON object");
        }
        return n;
      } catch (JsonProcessingException e) {
        throw new ExternalSystemException(SYSTEM, Kind.CONNECTION, what + ": RingCentral answered HTTP " + status
            + " with a body that is not JSON");
      }
    }
    String subject = id == null ? "" : " subscription " + id + ":";
    if (status == 404) {
      throw new ExternalSystemException(SYSTEM, Kind.REJECTED, what + ":" + subject + " not found (HTTP 404" + detail
          + "); it expired or was deleted: create a new one");
    }
    if (status == 403) {
      throw new ExternalSystemException(SYSTEM, Kind.REJECTED, what + ":" + subject + " HTTP 403" + detail
          + " (the app lacks a permission, e.g. ReadMessages / SubscriptionWebhook)");
    }
    throw new ExternalSystemException(SYSTEM, Kind.REJECTED, what + ":" + subject + " HTTP " + status + detail);
  }

  private URI uri(String path) {
    return URI.create(config.serverUrl() + path);
  }

  /**
   * The address as error text may show it: scheme, host, port and path only. A webhook URL may carry a secret in its
   * query or user info (RingCentral's own example is {@code https://myapp.ngrok.io/hook?auth_token=MySecureToken},
   * https://ringcentral-api-docs.readthedocs.io/en/latest/webhooks/).
   */
  static String shown(URI address) {
    String port = address.getPort() < 0 ? "" : ":" + address.getPort();
    String path = address.getRawPath() == null ? "" : address.getRawPath();
    return address.getScheme() + "://" + address.getHost() + port + path
        + (address.getRawQuery() == null ? "" : "?…");
  }

  private static String enc(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String clip(String s) {
    if (s == null) {
      return null;
    }
    String one = s.replaceAll("\\p{Cntrl}", " ");
    return one.length() > 80 ? one.substring(0, 80) + "…" : one;
  }

  @Override
  public String toString() {
    return "RingCentralSubscriptions[" + config.serverUrl() + "]";
  }
}

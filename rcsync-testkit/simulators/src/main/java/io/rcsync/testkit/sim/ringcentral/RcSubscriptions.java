package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.ExtensionId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's WebHook subscriptions: their filters, address, verification token, lifetime and status. Not
 * thread-safe: called under the simulator's lock.
 *
 * <p>Status follows RingCentral's subscription records
 * (https://developers.ringcentral.com/guide/notifications/webhooks/troubleshooting): {@code Active}; {@code Suspended}
 * after a failed delivery (the simulator keeps delivering, as RingCentral keeps retrying, and a success makes it
 * Active again); {@code Blacklisted} with {@code blacklistedData {reason, blacklistedAt}} after a configured number of
 * failed deliveries in a row (RingCentral blacklists a webhook that keeps failing for about 10 minutes,
 * https://community.ringcentral.com/answers/5998/view.html; the simulator counts failures instead of minutes), and
 * then nothing is delivered. A subscription past its {@code expirationTime} is removed, as RingCentral drops expired
 * ones: the list leaves it out and reading, renewing or deleting it is 404.
 */
final class RcSubscriptions {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A message-store filter, instant or not, with the account and extension path parameters and the query. */
  static final Pattern STORE_FILTER = Pattern.compile(
      "^/restapi/v1\\.0/account/([^/?]+)/extension/([^/?]+)/message-store(/instant)?(?:\\?(.*))?$");

  /** One subscription; mutable, under the lock. */
  static final class Sub {
    final String id = UUID.randomUUID().toString();
    final List<String> filters;
    final String address;
    final String verificationToken;
    final long expiresIn;
    final Instant creationTime;
    Instant expirationTime;
    String status = "Active";
    int failures;
    String blacklistReason;
    Instant blacklistedAt;

    Sub(List<String> filters, String address, String verificationToken, long expiresIn, Instant now) {
      this.filters = List.copyOf(filters);
      this.address = address;
      this.verificationToken = verificationToken;
      this.expiresIn = expiresIn;
      this.creationTime = now;
      this.expirationTime = now.plusSeconds(expiresIn);
    }

    boolean deliverable() {
      return !"Blacklisted".equals(status);
    }

    SimSubscription view() {
      return new SimSubscription(id, filters, address, status, creationTime, expirationTime, failures);
    }
  }

  private final Map<String, Sub> byId = new LinkedHashMap<>();
  private final int blacklistAfter;

  RcSubscriptions(int blacklistAfter) {
    this.blacklistAfter = blacklistAfter;
  }

  Sub add(List<String> filters, String address, String verificationToken, long expiresIn, Instant now) {
    Sub s = new Sub(filters, address, verificationToken, expiresIn, now);
    byId.put(s.id, s);
    return s;
  }

  /** The live subscription with that id, or null (unknown or expired, which removes it). */
  Sub get(String id, Instant now) {
    dropExpired(now);
    return byId.get(id);
  }

  boolean remove(String id, Instant now) {
    dropExpired(now);
    return byId.remove(id) != null;
  }

  List<Sub> all(Instant now) {
    dropExpired(now);
    return List.copyOf(byId.values());
  }

  private void dropExpired(Instant now) {
    byId.values().removeIf(s -> !s.expirationTime.isAfter(now));
  }

  /** Renews for the subscription's own {@code expiresIn}, counted from now. */
  void renew(Sub s, Instant now) {
    s.expirationTime = now.plusSeconds(s.expiresIn);
  }

  /** Records a delivery's outcome: a success makes it Active; failures Suspend and then Blacklist it. */
  void delivered(String id, boolean ok, String reason, Instant now) {
    Sub s = byId.get(id);
    if (s == null || !s.deliverable()) {
      return;
    }
    if (ok) {
      s.failures = 0;
      s.status = "Active";
      return;
    }
    s.failures++;
    s.status = "Suspended";
    if (s.failures >= blacklistAfter) {
      blacklist(s, reason, now);
    }
  }

  void blacklist(Sub s, String reason, Instant now) {
    s.status = "Blacklisted";
    s.blacklistReason = reason;
    s.blacklistedAt = now;
  }

  /**
   * The live, deliverable subscriptions with a filter covering the change: the instant SMS filter ({@code type=SMS})
   * when {@code instant}, else the message-store filter (its {@code type} and {@code direction} query, when given, must
   * admit an SMS of that direction). {@code ~} stands for the account and for the JWT user's extension.
   *
   * @return each subscription with the filter that matched
   */
  List<Map.Entry<Sub, String>> covering(String accountId, ExtensionId owner, ExtensionId extension, boolean instant,
      String direction, Instant now) {
    List<Map.Entry<Sub, String>> out = new ArrayList<>();
    for (Sub s : all(now)) {
      if (!s.deliverable()) {
        continue;
      }
      for (String f : s.filters) {
        if (covers(f, accountId, owner, extension, instant, direction)) {
          out.add(Map.entry(s, f));
          break;
        }
      }
    }
    return out;
  }

  static boolean covers(String filter, String accountId, ExtensionId owner, ExtensionId extension, boolean instant,
      String direction) {
    Matcher m = STORE_FILTER.matcher(filter);
    if (!m.matches() || (m.group(3) != null) != instant) {
      return false;
    }
    String account = m.group(1);
    String ext = m.group(2);
    if (!account.equals("~") && !account.equals(accountId)) {
      return false;
    }
    if (!(ext.equals(extension.value()) || (ext.equals("~") && extension.equals(owner)))) {
      return false;
    }
    Map<String, String> q = new LinkedHashMap<>();
    if (m.group(4) != null) {
      for (String pair : m.group(4).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          q.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), pair.substring(eq + 1).toLowerCase(Locale.ROOT));
        }
      }
    }
    if (instant) {
      return "sms".equals(q.get("type"));
    }
    return (!q.containsKey("type") || "sms".equals(q.get("type")))
        && (!q.containsKey("direction") || q.get("direction").equals(direction.toLowerCase(Locale.ROOT)));
  }

  /** A subscription record as the API renders it. */
  static ObjectNode render(Sub s, String baseUrl, Instant now) {
    ObjectNode r = JSON.createObjectNode();
    r.put("uri", baseUrl + "/restapi/v1.0/subscription/" + s.id);
    r.put("id", s.id);
    r.put("creationTime", RcRecords.time(s.creationTime));
    r.put("status", s.status);
    s.filters.forEach(r.putArray("eventFilters")::add);
    r.put("expirationTime", RcRecords.time(s.expirationTime));
    r.put("expiresIn", Math.max(0, Duration.between(now, s.expirationTime).toSeconds()));
    ObjectNode mode = r.putObject("deliveryMode");
    mode.put("transportType", "WebHook");
    mode.put("encryption", false);
    mode.put("address", s.address);
    if (s.blacklistedAt != null) {
      ObjectNode b = r.putObject("blacklistedData");
      b.put("reason", s.blacklistReason);
      b.put("blacklistedAt", RcRecords.time(s.blacklistedAt));
    }
    return r;
  }
}

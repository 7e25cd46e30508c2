package io.rcsync.core.port.out;

import io.rcsync.core.domain.ExtensionId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Webhook subscriptions at the message source (issue 11 item 4): RingCentral's subscription API,
 * https://developers.ringcentral.com/guide/notifications/webhooks/creating-webhooks ({@code POST /restapi/v1.0/subscription},
 * {@code GET /restapi/v1.0/subscription}, {@code POST /restapi/v1.0/subscription/{id}/renew},
 * {@code DELETE /restapi/v1.0/subscription/{id}}).
 *
 * <p>A subscription covers, for each of its extensions, the instant SMS event filter and the message-store event
 * filter, delivered by {@code WebHook} to one address with a verification token. Every method throws
 * {@link ExternalSystemException} when the source cannot serve it.
 */
public interface PushSubscriptions {

  /** RingCentral's subscription {@code status}. */
  enum Status {
    ACTIVE,
    /** Delivery failing; RingCentral retries for a while. */
    SUSPENDED,
    /** RingCentral gave up on the address: the subscription must be re-created. */
    BLACKLISTED,
    /** Past {@code expirationTime} (or gone from the list): must be re-created. */
    EXPIRED
  }

  /**
   * What to subscribe to.
   *
   * @param extensions the extensions whose SMS to push (at least one)
   * @param address the webhook URL events are delivered to (https except on loopback)
   * @param verificationToken sent back in every delivery's {@code Verification-Token} header; a secret, never shown
   * @param expiresIn the lifetime asked for ({@code expiresIn}, seconds on the wire); RingCentral may grant less
   */
  record Request(Set<ExtensionId> extensions, URI address, String verificationToken, Duration expiresIn) {
    public Request {
      extensions = Set.copyOf(extensions);
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(verificationToken, "verificationToken");
      Objects.requireNonNull(expiresIn, "expiresIn");
    }

    @Override
    public String toString() {
      return "Request[extensions=" + extensions + ", address=" + shown(address) + ", verificationToken=<secret>, expiresIn="
          + expiresIn + "]";
    }
  }

  /**
   * One subscription as the source reports it.
   *
   * @param extensions the extensions its event filters name
   * @param eventFilters the filters as registered
   * @param address the delivery address; empty for a transport other than WebHook
   * @param verificationToken the delivery's verification token when the source reports it
   * @param expiresAt RingCentral's {@code expirationTime}
   */
  record Subscription(String id, Set<ExtensionId> extensions, List<String> eventFilters, Optional<URI> address,
      Optional<String> verificationToken, Instant expiresAt, Status status) {
    public Subscription {
      Objects.requireNonNull(id, "id");
      extensions = Set.copyOf(extensions);
      eventFilters = List.copyOf(eventFilters);
    }

    @Override
    public String toString() {
      return "Subscription[id=" + id + ", extensions=" + extensions + ", address=" + address.map(PushSubscriptions::shown).orElse(null)
          + ", expiresAt=" + expiresAt + ", status=" + status + "]";
    }
  }

  /** Every subscription of this application's account visible to these credentials. */
  List<Subscription> list();

  /** Creates a subscription; the source validates the address (RingCentral's {@code Validation-Token} handshake) first. */
  Subscription create(Request request);

  /** Extends the subscription's life by its original {@code expiresIn}; throws when it is gone or blacklisted. */
  Subscription renew(String id);

  /** Deletes the subscription; deleting one that is already gone is not an error. */
  void delete(String id);

  /**
   * A delivery address as it may be shown: scheme, host, port and path, with {@code ?…} for a query and no user info
   * (RingCentral's own examples put {@code ?auth_token=…} in webhook URLs).
   */
  static String shown(URI address) {
    if (address == null) {
      return null;
    }
    String port = address.getPort() < 0 ? "" : ":" + address.getPort();
    return address.getScheme() + "://" + address.getHost() + port + (address.getRawPath() == null ? "" : address.getRawPath())
        + (address.getRawQuery() == null ? "" : "?…");
  }
}

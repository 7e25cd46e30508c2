package io.rcsync.testkit.sim.ringcentral;

import java.time.Instant;
import java.util.List;

/**
 * One WebHook subscription as the RingCentral simulator holds it, for tests to inspect
 * ({@link RingCentralSimulator#subscriptions()}).
 *
 * @param status {@code Active}, {@code Suspended} (deliveries failing) or {@code Blacklisted}
 * @param failedDeliveries failed deliveries in a row (a success resets it)
 */
public record SimSubscription(String id, List<String> eventFilters, String address, String status,
    Instant creationTime, Instant expirationTime, int failedDeliveries) {

  public SimSubscription {
    eventFilters = List.copyOf(eventFilters);
  }
}

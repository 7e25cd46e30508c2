package io.rcsync.core.port.in;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of the push service for {@code GET /healthz} and logs. Healthy means: the service is running, its
 * subscription is {@code Active} and not past its expiry, the last sync succeeded, and no ingest failed after it.
 *
 * @param healthy the verdict above
 * @param problems why not healthy, one short phrase each (empty when healthy)
 * @param subscription the subscription events arrive by, when one is known
 * @param lastSync the last sync the service ran (start-up catch-up, safety net or a store change), when any
 * @param lastIngest the last batch of pushed texts written, when any
 * @param eventsReceived every event {@link PushUseCase#accept accepted}, of any kind
 * @param instantMessages inbound texts pushed whole
 * @param storeChanges message-store change events
 * @param syncsCoalesced store-change events folded into a sync already queued
 * @param other events of a kind rcsync does not act on
 * @param unreadable bodies the decoder could not read (logged with the reason)
 * @param refused deliveries refused before decoding (bad verification token, too large, not JSON)
 * @param messagesIngested pushed texts the ingest use case accounted for without failure
 * @param queueDepth texts waiting for their batch plus writes queued on the worker
 */
public record PushHealth(
    boolean healthy,
    java.util.List<String> problems,
    Optional<SubscriptionFacts> subscription,
    Optional<RunFacts> lastSync,
    Optional<RunFacts> lastIngest,
    long eventsReceived,
    long instantMessages,
    long storeChanges,
    long syncsCoalesced,
    long other,
    long unreadable,
    long refused,
    long messagesIngested,
    int queueDepth) {

  public PushHealth {
    problems = java.util.List.copyOf(problems);
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(lastSync, "lastSync");
    Objects.requireNonNull(lastIngest, "lastIngest");
  }

  /**
   * The subscription as last seen (never its verification token).
   *
   * @param status RingCentral's status name (ACTIVE, SUSPENDED, BLACKLISTED, EXPIRED)
   * @param lastError the last failed subscription action, when the latest one failed
   */
  public record SubscriptionFacts(String id, String status, Instant expiresAt, Optional<String> lastError) {}

  /**
   * One finished sync or ingest.
   *
   * @param at when it finished
   * @param succeeded it ran to the end with no per-record failure and no abort
   * @param outcome one line: counts, or the error
   */
  public record RunFacts(Instant at, boolean succeeded, String outcome) {}
}

package io.rcsync.core.port.in;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of the push service for {@code GET /healthz} and logs. Healthy means: the service is running, its
 * subscription is {@code Active} and not past its expiry, the last sync succeeded, and no ingest failed after it.
 * "Failed" means a system failure (an exception, Salesforce or RingCentral unreachable, a stopped run); texts that
 * Salesforce or the roster rejects one by one (e.g. a member without {@code sfUserId}) are counted in
 * {@code recordFailures} and do not make the service unhealthy: re-reading cannot repair them.
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
 * @param recordFailures texts a pushed batch or a sync could not write, of any cause (each logged or in the failures
 *     file with its reason)
 * @param duplicateDeliveries instant events for a text already in the lingering batch (RingCentral re-delivered it):
 *     dropped, the text is written once
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
    long recordFailures,
    long duplicateDeliveries,
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
   * @param succeeded it ran to the end without a system failure: no exception, no abort, no text left unwritten by a
   *     failed call (texts rejected one by one do not count)
   * @param outcome one line: counts, or the error
   */
  public record RunFacts(Instant at, boolean succeeded, String outcome) {}
}

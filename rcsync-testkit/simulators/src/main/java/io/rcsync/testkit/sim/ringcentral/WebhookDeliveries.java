package io.rcsync.testkit.sim.ringcentral;

/**
 * The RingCentral simulator's webhook delivery counters ({@link RingCentralSimulator#webhookDeliveries()}); the
 * {@code Validation-Token} handshakes of subscription creation are counted apart.
 *
 * @param attempted event POSTs started
 * @param succeeded event POSTs answered 200–299
 * @param failed event POSTs answered otherwise, timed out or not connected
 * @param handshakes {@code Validation-Token} handshakes attempted (one per create request that reached it)
 */
public record WebhookDeliveries(long attempted, long succeeded, long failed, long handshakes) {}

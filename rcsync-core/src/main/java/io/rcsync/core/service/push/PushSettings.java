package io.rcsync.core.service.push;

import io.rcsync.core.domain.ExtensionId;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the push service runs.
 *
 * @param wave the wave whose extensions are subscribed to and synced (the config's {@code activeWave} by default)
 * @param extensions the wave's RingCentral extension ids (at least one): the subscription covers them, and pushed texts and
 *     store-change events of any other extension are counted as {@code other}, never written
 * @param address the webhook URL RingCentral delivers to ({@code --public-url} + {@code /ringcentral/webhook})
 * @param syncInterval the safety-net incremental sync of every extension ({@code pollWindows.hot.intervalMinutes})
 * @param linger how long the first pushed text of a batch waits for others (default 200 ms); see {@code maxLinger}
 * @param maxLinger the longest a batch ever waits after its first text (default 1 s, at least {@code linger}; equal to
 *     {@code linger} turns stretching off). <b>The stretching rule:</b> when a batch's linger ends and at least a
 *     quarter of {@code maxBatch} texts joined it during that linger, it waits one more {@code linger} (cut to end at
 *     {@code maxLinger} after its first text), and so on; otherwise, or at {@code maxLinger}, it is written. A batch
 *     is written at once when it holds {@code maxBatch} texts. So a trickle (a few texts per linger) keeps the
 *     {@code linger} latency, and a burst delivered at a few hundred texts a second fills whole batches instead of
 *     leaving half full (the tail of a burst waits at most one more {@code linger})
 * @param maxBatch a batch is written as soon as it holds this many texts (default 200: one sObject Collections call)
 * @param subscriptionLifetime the {@code expiresIn} asked for when creating a subscription (default 7 days); a
 *     subscription is renewed once less than a third of this is left
 * @param subscriptionCheck how often the subscription is checked and renewed or re-created (default 1 minute)
 * @param closeDeadline how long {@code close()} waits for writes in flight and the queued batch (default 10 s)
 * @param storeChangeDelay how long a message-store event waits before it is answered by a sync (default 1 s): long
 *     enough for the instant event of the same inbound text, which RingCentral may deliver after it, to arrive and
 *     make the sync unnecessary; every extension that changed meanwhile is synced in the same round
 */
public record PushSettings(String wave, Set<ExtensionId> extensions, URI address, Duration syncInterval,
    Duration linger, Duration maxLinger, int maxBatch, Duration subscriptionLifetime, Duration subscriptionCheck,
    Duration closeDeadline, Duration storeChangeDelay) {
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX_LINGER = Duration.ofSeconds(1);
  public static final int DEFAULT_MAX_BATCH = 200;
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
  public static final Duration DEFAULT_CHECK = Duration.ofMinutes(1);
  public static final Duration DEFAULT_CLOSE_DEADLINE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_STORE_CHANGE_DELAY = Duration.ofSeconds(1);

  public PushSettings {
    Objects.requireNonNull(wave, "wave");
    extensions = Set.copyOf(extensions);
    Objects.requireNonNull(address, "address");
    positive(syncInterval, "syncInterval");
    positive(linger, "linger");
    Objects.requireNonNull(maxLinger, "maxLinger");
    if (maxLinger.compareTo(linger) < 0) {
      throw new IllegalArgumentException("maxLinger (" + maxLinger.toMillis() + " ms) must be at least linger ("
          + linger.toMillis() + " ms)");
    }
    positive(subscriptionLifetime, "subscriptionLifetime");
    positive(subscriptionCheck, "subscriptionCheck");
    positive(closeDeadline, "closeDeadline");
    positive(storeChangeDelay, "storeChangeDelay");
    if (extensions.isEmpty()) {
      throw new IllegalArgumentException("wave " + wave + " has no RingCentral extension to subscribe to: give a roster "
          + "member an extensionId or extensionNumber");
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive");
    }
  }

  /** The defaults above for a wave, its extensions, the webhook address and the hot-tier interval. */
  public static PushSettings of(String wave, Set<ExtensionId> extensions, URI address, Duration syncInterval) {
    return new PushSettings(wave, extensions, address, syncInterval, DEFAULT_LINGER, DEFAULT_MAX_LINGER, DEFAULT_MAX_BATCH,
        DEFAULT_LIFETIME, DEFAULT_CHECK, DEFAULT_CLOSE_DEADLINE, DEFAULT_STORE_CHANGE_DELAY);
  }

  /**
   * Another linger and batch size; {@code maxLinger} is kept, or raised to the new linger when it is shorter (never
   * stretched then).
   */
  public PushSettings withLinger(Duration value, int batch) {
    Duration max = maxLinger.compareTo(value) < 0 ? value : maxLinger;
    return new PushSettings(wave, extensions, address, syncInterval, value, max, batch, subscriptionLifetime,
        subscriptionCheck, closeDeadline, storeChangeDelay);
  }

  /** Another longest wait of a batch (at least {@code linger}; equal to it turns stretching off). */
  public PushSettings withMaxLinger(Duration value) {
    return new PushSettings(wave, extensions, address, syncInterval, linger, value, maxBatch, subscriptionLifetime,
        subscriptionCheck, closeDeadline, storeChangeDelay);
  }

  public PushSettings withCloseDeadline(Duration value) {
    return new PushSettings(wave, extensions, address, syncInterval, linger, maxLinger, maxBatch,
        subscriptionLifetime, subscriptionCheck, value, storeChangeDelay);
  }

  public PushSettings withSubscriptionLifetime(Duration value) {
    return new PushSettings(wave, extensions, address, syncInterval, linger, maxLinger, maxBatch, value,
        subscriptionCheck, closeDeadline, storeChangeDelay);
  }

  public PushSettings withSubscriptionCheck(Duration value) {
    return new PushSettings(wave, extensions, address, syncInterval, linger, maxLinger, maxBatch,
        subscriptionLifetime, value, closeDeadline, storeChangeDelay);
  }

  public PushSettings withStoreChangeDelay(Duration value) {
    return new PushSettings(wave, extensions, address, syncInterval, linger, maxLinger, maxBatch,
        subscriptionLifetime, subscriptionCheck, closeDeadline, value);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}

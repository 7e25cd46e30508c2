package io.rcsync.testkit.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} tests set and advance by hand. A {@link #at fixed} one never moves on its own; a
 * {@link #ticking ticking} one also moves with real time between jumps (demos: durations stay real). Thread-safe.
 */
public final class MutableClock extends Clock {
  private record State(Instant base, long baseNanos) {}

  private final AtomicReference<State> state;
  private final boolean ticking;
  private final ZoneId zone;

  public MutableClock(Instant start) {
    this(new AtomicReference<>(new State(Objects.requireNonNull(start, "start"), System.nanoTime())), false, ZoneOffset.UTC);
  }

  private MutableClock(AtomicReference<State> state, boolean ticking, ZoneId zone) {
    this.state = state;
    this.ticking = ticking;
    this.zone = zone;
  }

  public static MutableClock at(Instant start) {
    return new MutableClock(start);
  }

  public static MutableClock at(String isoInstant) {
    return new MutableClock(Instant.parse(isoInstant));
  }

  /** Starts at {@code start}, then runs with real time; {@link #advance} and {@link #set} still jump. */
  public static MutableClock ticking(Instant start) {
    return new MutableClock(new AtomicReference<>(new State(Objects.requireNonNull(start, "start"), System.nanoTime())),
        true, ZoneOffset.UTC);
  }

  public void set(Instant instant) {
    state.set(new State(Objects.requireNonNull(instant), System.nanoTime()));
  }

  public Instant advance(Duration by) {
    State s = state.updateAndGet(t -> new State(now(t).plus(by), System.nanoTime()));
    return s.base();
  }

  @Override
  public Instant instant() {
    return now(state.get());
  }

  private Instant now(State s) {
    return ticking ? s.base().plusNanos(System.nanoTime() - s.baseNanos()) : s.base();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(state, ticking, zone);
  }

  @Override
  public String toString() {
    return "MutableClock[" + instant() + (ticking ? ", ticking" : "") + "]";
  }
}

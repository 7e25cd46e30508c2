package io.rcsync.testkit.fake;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.PushSubscriptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * RingCentral's webhook subscriptions in memory, as https://developers.ringcentral.com/guide/notifications/webhooks/creating-webhooks
 * describes them: {@code create} validates the address first (an optional hook, e.g. a {@code Validation-Token}
 * round trip) and grants the asked {@code expiresIn} up to a cap; {@code renew} extends by the original lifetime and
 * fails for a blacklisted or deleted subscription; {@code list} reports a subscription past its
 * {@code expirationTime} as {@link Status#EXPIRED} and keeps it listed. Tests blacklist, suspend or remove
 * subscriptions and make the next calls fail. Every call counts one {@link ApiCalls#RINGCENTRAL} request. Thread-safe.
 */
public final class InMemoryPushSubscriptions implements PushSubscriptions {
  private record Entry(Subscription subscription, Duration lifetime) {}

  private final Clock clock;
  private final ApiCalls apiCalls;
  private final Map<String, Entry> byId = new LinkedHashMap<>();
  private final List<String> log = new ArrayList<>();
  private Consumer<Request> validator = r -> {};
  private Duration maxLifetime = Duration.ofDays(3650);
  private int failNext;
  private int next = 1;

  public InMemoryPushSubscriptions(Clock clock, ApiCalls apiCalls) {
    this.clock = Objects.requireNonNull(clock);
    this.apiCalls = Objects.requireNonNull(apiCalls);
  }

  public InMemoryPushSubscriptions(Clock clock) {
    this(clock, new ApiCalls());
  }

  /** Runs before every create, like RingCentral's validation request; throw to refuse the address. */
  public synchronized InMemoryPushSubscriptions validateWith(Consumer<Request> check) {
    this.validator = Objects.requireNonNull(check);
    return this;
  }

  /** The longest lifetime granted (RingCentral may grant less than asked). */
  public synchronized InMemoryPushSubscriptions maxLifetime(Duration max) {
    this.maxLifetime = Objects.requireNonNull(max);
    return this;
  }

  /** The next {@code calls} calls of any method fail with a CONNECTION error. */
  public synchronized InMemoryPushSubscriptions failNext(int calls) {
    this.failNext = calls;
    return this;
  }

  /** A subscription made elsewhere (an earlier run), as RingCentral would list it. */
  public synchronized Subscription existing(java.util.Set<ExtensionId> extensions, URI address, String token,
      Instant expiresAt, Status status) {
    Subscription s = new Subscription(nextId(), extensions, filters(extensions), Optional.of(address),
        Optional.ofNullable(token), expiresAt, status);
    byId.put(s.id(), new Entry(s, Duration.between(clock.instant(), expiresAt)));
    return s;
  }

  public synchronized void setStatus(String id, Status status) {
    Entry e = entry(id);
    Subscription s = e.subscription();
    byId.put(id, new Entry(new Subscription(s.id(), s.extensions(), s.eventFilters(), s.address(),
        s.verificationToken(), s.expiresAt(), status), e.lifetime()));
  }

  /** Removes a subscription without a call, as if another tool deleted it. */
  public synchronized void forget(String id) {
    byId.remove(id);
  }

  /** Every call made, e.g. {@code "create sub-1"}, {@code "renew sub-1"}, {@code "list"}, {@code "delete sub-1"}. */
  public synchronized List<String> calls() {
    return List.copyOf(log);
  }

  /** The subscriptions held now, as {@link #list()} would report them (without counting a call). */
  public synchronized List<Subscription> current() {
    return byId.values().stream().map(e -> withExpiry(e.subscription())).toList();
  }

  /** The verification token a subscription was created with, as RingCentral echoes it on every delivery. */
  public synchronized Optional<String> tokenOf(String id) {
    return entry(id).subscription().verificationToken();
  }

  @Override
  public synchronized List<Subscription> list() {
    call("list");
    return current();
  }

  @Override
  public Subscription create(Request request) {
    Consumer<Request> check;
    synchronized (this) {
      call("create");
      check = validator;
    }
    // outside the lock: the validation may call back into the service under test
    check.accept(request);
    synchronized (this) {
      Duration granted = request.expiresIn().compareTo(maxLifetime) > 0 ? maxLifetime : request.expiresIn();
      Subscription s = new Subscription(nextId(), request.extensions(), filters(request.extensions()),
          Optional.of(request.address()), Optional.of(request.verificationToken()), clock.instant().plus(granted),
          Status.ACTIVE);
      byId.put(s.id(), new Entry(s, granted));
      log.set(log.size() - 1, "create " + s.id());
      return s;
    }
  }

  @Override
  public synchronized Subscription renew(String id) {
    call("renew " + id);
    Entry e = byId.get(id);
    if (e == null) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED,
          "subscription " + id + " not found");
    }
    if (e.subscription().status() == Status.BLACKLISTED) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED,
          "subscription " + id + " is blacklisted");
    }
    Subscription s = e.subscription();
    Subscription renewed = new Subscription(s.id(), s.extensions(), s.eventFilters(), s.address(),
        s.verificationToken(), clock.instant().plus(e.lifetime()), Status.ACTIVE);
    byId.put(id, new Entry(renewed, e.lifetime()));
    return renewed;
  }

  @Override
  public synchronized void delete(String id) {
    call("delete " + id);
    byId.remove(id);
  }

  private Subscription withExpiry(Subscription s) {
    if (s.status() == Status.ACTIVE && !s.expiresAt().isAfter(clock.instant())) {
      return new Subscription(s.id(), s.extensions(), s.eventFilters(), s.address(), s.verificationToken(),
          s.expiresAt(), Status.EXPIRED);
    }
    return s;
  }

  private void call(String what) {
    apiCalls.increment(ApiCalls.RINGCENTRAL);
    log.add(what);
    if (failNext > 0) {
      failNext--;
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.CONNECTION,
          "RingCentral could not be reached (injected by InMemoryPushSubscriptions)");
    }
  }

  private Entry entry(String id) {
    Entry e = byId.get(id);
    if (e == null) {
      throw new IllegalArgumentException("no subscription " + id);
    }
    return e;
  }

  private String nextId() {
    return "sub-" + next++;
  }

  private static List<String> filters(java.util.Set<ExtensionId> extensions) {
    List<String> f = new ArrayList<>();
    for (ExtensionId e : extensions.stream().sorted(java.util.Comparator.comparing(ExtensionId::value)).toList()) {
      f.add("/restapi/v1.0/account/~/extension/" + e.value() + "/message-store/instant?type=SMS");
      f.add("/restapi/v1.0/account/~/extension/" + e.value() + "/message-store");
    }
    return f;
  }
}

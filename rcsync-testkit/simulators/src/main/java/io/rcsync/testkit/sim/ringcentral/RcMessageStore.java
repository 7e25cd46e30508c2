package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The extensions' message stores and the message-store query: records filtered by date range, type, direction and
 * conversation, newest first. Records are core messages (rendered on the way out) or raw JSON kept exactly as given.
 *
 * <p>Every add, status change, delete and purge takes the next number of one store-wide change sequence and stamps
 * the record with it ({@link Entry#changed()}): Message Sync's incremental answer is every record stamped after the
 * position its token holds ({@link #changedSince}), and registered {@link Listener}s hear of each change of a core
 * message. Not thread-safe: the simulator calls it under its lock.
 */
final class RcMessageStore {
  /**
   * Told of every change of a core message, after the store holds it: an add ({@code created} true), a status change,
   * a delete, a purge or a removal ({@code created} false; a removed message as it was). Called under the simulator's lock, on the thread that changed the
   * store: a listener must not block, and must not call back into the simulator from another thread and wait for it.
   */
  interface Listener {
    void changed(ExtensionId extension, SmsMessage message, boolean created);
  }

  /**
   * One stored record. {@code creationTime} null (a raw record without a readable one) is served first and in every
   * date range; {@code sequence} orders records of the same time, newest added first.
   */
  record Entry(
      Instant creationTime, String type, String direction, String conversationId, JsonNode raw, SmsMessage message,
      long sequence, long changed) {

    /** The record's availability in lower case: the message's, or what a raw record says (null = not said). */
    String availability() {
      if (message != null) {
        return message.availability().label().toLowerCase(Locale.ROOT);
      }
      JsonNode a = raw.path("availability");
      return a.isTextual() ? a.asText().toLowerCase(Locale.ROOT) : null;
    }

    String id() {
      return message != null ? message.id().value() : raw.path("id").asText(null);
    }

    /** This entry holding {@code changedMessage}, stamped with change number {@code change}. */
    Entry with(SmsMessage changedMessage, long change) {
      return new Entry(creationTime, type, direction, conversationId, raw, changedMessage, sequence, change);
    }
  }

  /** The availabilities RingCentral knows, in lower case. */
  static final Set<String> KNOWN_AVAILABILITIES = Set.of("alive", "deleted", "purged");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Comparator<Entry> NEWEST_FIRST = Comparator
      .comparing((Entry e) -> e.creationTime == null ? Instant.MAX : e.creationTime).reversed()
      .thenComparing(Comparator.comparingLong((Entry e) -> e.sequence).reversed());

  private final Map<ExtensionId, List<Entry>> stores = new HashMap<>();
  private final Function<String, Instant> timeParser;
  private long sequence;
  /** The last change number handed out (0 = none yet); see {@link #changePosition()}. */
  private long changes;
  /** When each change happened, by the simulator clock: entry {@code n - 1} is change {@code n}. */
  private final List<Instant> changeTimes = new ArrayList<>();
  private final java.util.function.Supplier<Instant> now;
  private final List<Listener> listeners = new ArrayList<>();

  /**
   * {@code timeParser} reads a raw record's {@code creationTime} (null when unreadable); {@code now} is the simulator
   * clock, which dates every change.
   */
  RcMessageStore(Function<String, Instant> timeParser, java.util.function.Supplier<Instant> now) {
    this.timeParser = timeParser;
    this.now = now;
  }

  /** The next change number, dated now. */
  private long nextChange() {
    changeTimes.add(now.get());
    return ++changes;
  }

  /**
   * The change position just before the first change made at or after {@code t}: an incremental sync from it returns
   * every change from {@code t} on. {@link #changePosition()} when nothing changed since {@code t}.
   */
  long positionBefore(Instant t) {
    for (int i = 0; i < changeTimes.size(); i++) {
      if (!changeTimes.get(i).isBefore(t)) {
        return i;
      }
    }
    return changes;
  }

  /** Adds a listener told of every later change to a core message. */
  void addListener(Listener l) {
    listeners.add(java.util.Objects.requireNonNull(l, "listener"));
  }

  private void notifyListeners(ExtensionId extension, SmsMessage message, boolean created) {
    for (Listener l : listeners) {
      l.changed(extension, message, created);
    }
  }

  /** Makes sure the extension has a (maybe empty) store, so that it is served rather than 404. */
  void open(ExtensionId extension) {
    stores.computeIfAbsent(extension, k -> new ArrayList<>());
  }

  boolean exists(ExtensionId extension) {
    return stores.containsKey(extension);
  }

  void add(ExtensionId extension, List<SmsMessage> messages) {
    List<Entry> store = stores.computeIfAbsent(extension, k -> new ArrayList<>());
    for (SmsMessage m : messages) {
      store.add(new Entry(m.creationTime(), "SMS", m.direction().label(), m.conversationId(), null, m, sequence++,
          nextChange()));
      notifyListeners(extension, m, true);
    }
  }

  /** The number of the last change made (0 before any): a Message Sync token's position. */
  long changePosition() {
    return changes;
  }

  /** Parses a raw record; throws IllegalArgumentException when the text is not JSON at all. */
  static JsonNode parseRaw(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("raw record is not JSON: " + e.getOriginalMessage());
    }
    if (node == null) {
      throw new IllegalArgumentException("raw record is empty");
    }
    return node;
  }

  /** Stores a parsed raw record, filtered and ordered by what it says of itself. */
  void addRaw(ExtensionId extension, JsonNode node) {
    Instant at = null;
    String type = null;
    String direction = null;
    String conversation = null;
    if (node.isObject()) {
      at = timeParser.apply(node.path("creationTime").asText(null));
      type = node.path("type").isTextual() ? node.path("type").asText() : null;
      direction = node.path("direction").isTextual() ? node.path("direction").asText() : null;
      conversation = node.path("conversation").path("id").asText(node.path("conversationId").asText(null));
    }
    stores.computeIfAbsent(extension, k -> new ArrayList<>())
        .add(new Entry(at, type, direction, conversation, node, null, sequence++, nextChange()));
  }

  /**
   * Replaces a stored core message by {@code how(message)}.
   *
   * @throws IllegalArgumentException when the extension holds no core message with that id
   */
  void change(ExtensionId extension, String id, java.util.function.UnaryOperator<SmsMessage> how) {
    List<Entry> store = stores.getOrDefault(extension, List.of());
    for (int i = 0; i < store.size(); i++) {
      Entry e = store.get(i);
      if (e.message() != null && e.message().id().value().equals(id)) {
        SmsMessage changed = how.apply(e.message());
        store.set(i, e.with(changed, nextChange()));
        notifyListeners(extension, changed, false);
        return;
      }
    }
    throw new IllegalArgumentException("extension " + extension + " holds no message " + id);
  }

  /** The core message with this id in the extension's store, or null. */
  SmsMessage find(ExtensionId extension, String id) {
    for (Entry e : stores.getOrDefault(extension, List.of())) {
      if (e.message() != null && e.message().id().value().equals(id)) {
        return e.message();
      }
    }
    return null;
  }

  /** Removes a record (core or raw) by id, as the physical deletion after a purge would; false when none. */
  boolean remove(ExtensionId extension, String id) {
    List<Entry> store = stores.getOrDefault(extension, new ArrayList<>());
    for (int i = 0; i < store.size(); i++) {
      Entry e = store.get(i);
      if (id.equals(e.id())) {
        store.remove(i);
        if (e.message() != null) {
          notifyListeners(extension, e.message(), false);
        }
        return true;
      }
    }
    return false;
  }

  void clear() {
    stores.values().forEach(List::clear);
  }

  int count(ExtensionId extension) {
    return stores.getOrDefault(extension, List.of()).size();
  }

  /**
   * The extension's records in [dateFrom, dateTo] of the given types and directions (lower case; empty = any) and
   * conversation (null = any) and availabilities (lower case; empty = alive only, as the API's default), newest
   * first. A record that does not say its type, direction or a known availability matches any.
   */
  List<Entry> query(ExtensionId extension, Instant dateFrom, Instant dateTo, Set<String> types,
      Set<String> directions, String conversation, Set<String> availabilities) {
    Set<String> wanted = availabilities.isEmpty() ? Set.of("alive") : availabilities;
    return stores.getOrDefault(extension, List.of()).stream()
        // RingCentral documents both bounds without saying whether they are inclusive; the simulator includes
        // both, so clients must treat dateTo as inclusive and filter their own half-open window
        .filter(e -> e.creationTime == null || (!e.creationTime.isBefore(dateFrom) && !e.creationTime.isAfter(dateTo)))
        .filter(e -> types.isEmpty() || e.type == null || types.contains(e.type.toLowerCase(Locale.ROOT)))
        .filter(e -> directions.isEmpty() || e.direction == null
            || directions.contains(e.direction.toLowerCase(Locale.ROOT)))
        .filter(e -> conversation == null || conversation.equals(e.conversationId))
        .filter(e -> e.availability() == null || !KNOWN_AVAILABILITIES.contains(e.availability())
            || wanted.contains(e.availability()))
        .sorted(NEWEST_FIRST)
        .toList();
  }

  /**
   * The extension's records stamped after change {@code position} and created at or after {@code dateFrom} (a raw
   * record without a readable time counts as inside), of the given types (lower case; empty = any), whatever their
   * availability, newest first: the incremental Message Sync answer.
   */
  List<Entry> changedSince(ExtensionId extension, long position, Instant dateFrom, Set<String> types) {
    return stores.getOrDefault(extension, List.of()).stream()
        .filter(e -> e.changed > position)
        .filter(e -> e.creationTime == null || !e.creationTime.isBefore(dateFrom))
        .filter(e -> types.isEmpty() || e.type == null || types.contains(e.type.toLowerCase(Locale.ROOT)))
        .sorted(NEWEST_FIRST)
        .toList();
  }
}

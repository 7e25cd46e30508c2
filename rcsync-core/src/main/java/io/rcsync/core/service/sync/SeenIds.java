package io.rcsync.core.service.sync;

import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.TextSource;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The message ids a run has seen, for its dedupe (issue 13 item 2: bounded memory), keyed by source and id
 * ({@link MessageId} equality). RingCentral message ids are numeric, so each is kept as a {@code long} in an
 * open-addressing table (8–16 bytes an id, against ~110 for a {@code HashSet<MessageId>}: a 1,000,000-text backfill
 * keeps ~16 MB instead of ~110 MB); any other RingCentral id (test data, a leading zero, more than 18 digits) goes to a
 * plain set, and the ids of every other source (issue 15: SMS-Magic record Ids, 18 characters) to a set of that
 * source's own, so no id is ever confused with another: an SMS-Magic record Id never collides with a RingCentral id of
 * the same text. Not thread-safe.
 */
public final class SeenIds {
  private static final long EMPTY = 0L; // a numeric id without a leading zero is never 0
  private long[] table = new long[1 << 10];
  private int size;
  private final Set<String> others = new HashSet<>();
  /** Ids of the sources other than RingCentral, one set per source. */
  private final java.util.Map<TextSource, Set<String>> bySource = new java.util.EnumMap<>(TextSource.class);

  /** Marks the id seen; false when it was seen before. */
  public boolean add(MessageId id) {
    if (id.source() != TextSource.RINGCENTRAL) {
      return bySource.computeIfAbsent(id.source(), k -> new HashSet<>()).add(id.value());
    }
    long n = numeric(id.value());
    if (n == EMPTY) {
      return others.add(id.value());
    }
    if ((size + 1) * 2L > table.length) {
      grow();
    }
    if (!insert(table, n)) {
      return false;
    }
    size++;
    return true;
  }

  /** Whether the id was seen. */
  public boolean contains(MessageId id) {
    if (id.source() != TextSource.RINGCENTRAL) {
      Set<String> ids = bySource.get(id.source());
      return ids != null && ids.contains(id.value());
    }
    long n = numeric(id.value());
    if (n == EMPTY) {
      return others.contains(id.value());
    }
    int mask = table.length - 1;
    for (int i = slot(n, mask); ; i = (i + 1) & mask) {
      if (table[i] == n) {
        return true;
      }
      if (table[i] == EMPTY) {
        return false;
      }
    }
  }

  /** How many ids were seen, of every source. */
  public int size() {
    return size + others.size() + bySource.values().stream().mapToInt(Set::size).sum();
  }

  /** The id as a positive long when it is 1–18 digits without a leading zero, else 0 (kept as text). */
  static long numeric(String v) {
    int len = v.length();
    if (len == 0 || len > 18 || v.charAt(0) == '0') {
      return EMPTY;
    }
    long n = 0;
    for (int i = 0; i < len; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return EMPTY;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static boolean insert(long[] t, long n) {
    int mask = t.length - 1;
    for (int i = slot(n, mask); ; i = (i + 1) & mask) {
      if (t[i] == n) {
        return false;
      }
      if (t[i] == EMPTY) {
        t[i] = n;
        return true;
      }
    }
  }

  private void grow() {
    long[] bigger = new long[table.length * 2];
    Arrays.stream(table).filter(v -> v != EMPTY).forEach(v -> insert(bigger, v));
    table = bigger;
  }

  private static int slot(long n, int mask) {
    long h = n * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}

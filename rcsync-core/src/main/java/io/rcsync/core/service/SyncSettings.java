package io.rcsync.core.service;

import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.TopicMap;
import java.time.Duration;
import java.util.Objects;

/**
 * The rules a sync applies, independent of where messages come from or go.
 *
 * @param lookback overlap an incremental run re-reads before each watermark (hot-tier lookbackMinutes)
 * @param chunkSize messages gathered (across extensions) before their numbers are looked up in one batch;
 *     bounds memory and keeps Salesforce calls per message low
 */
public record SyncSettings(
    Roster roster, IntakerFilter intakerFilter, TopicMap topics, LitifySchema schema, Duration lookback, int chunkSize) {
  public static final int DEFAULT_CHUNK_SIZE = 2000;

  public SyncSettings {
    Objects.requireNonNull(roster, "roster");
    Objects.requireNonNull(intakerFilter, "intakerFilter");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(lookback, "lookback");
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be positive");
    }
  }
}

package io.rcsync.core.config;

import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.service.SyncSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole config file (design.md §1), validated. Build it with {@link ConfigLoader}.
 *
 * @param source where it was read from, for messages
 * @param warnings non-fatal findings (roster members without extension, duplicate extensions ...)
 */
public record SyncConfig(
    String source,
    String activeWave,
    Roster roster,
    IntakerFilter intakerFilter,
    TopicMap topicMap,
    LitifySchema schema,
    Map<String, PollWindow> pollWindows,
    Map<String, String> testRecordIds,
    Optional<String> targetOrg,
    String apiVersion,
    String rcCredentialsFile,
    Optional<String> rcServer,
    int maxDelete,
    List<String> warnings) {

  public static final String DEFAULT_PATH = "config/sync-config.json";
  public static final String DEFAULT_API_VERSION = "v67.0";
  public static final String DEFAULT_RC_CREDENTIALS = ".credentials/rc-credentials.json";

  public SyncConfig {
    pollWindows = Map.copyOf(pollWindows);
    testRecordIds = Map.copyOf(testRecordIds);
    warnings = List.copyOf(warnings);
  }

  /** The hot tier (used by incremental runs and the schedule). */
  public PollWindow hotWindow() {
    return pollWindows.get("hot");
  }

  public SyncSettings toSettings() {
    return new SyncSettings(roster, intakerFilter, topicMap, schema, hotWindow().lookback(), SyncSettings.DEFAULT_CHUNK_SIZE);
  }
}

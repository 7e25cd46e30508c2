package io.rcsync.core.config;

import io.rcsync.core.domain.AttachmentPolicy;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SmsMagicSettings;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.service.SyncSettings;
import java.util.List;
import java.util.Map;

/**
 * Core's settings from the config file (design.md §1), validated: the roster, matching and Note settings a sync
 * needs. Build it with {@link ConfigLoader}. How to reach RingCentral and Salesforce (the file's {@code salesforce.targetOrg},
 * {@code salesforce.apiVersion}, {@code ringcentral.*} keys) is the adapters' business and lives beside this in
 * {@link ConfigFile}; the Salesforce object and field names stay here because core's matching and Notes use them.
 *
 * @param source where it was read from, for messages
 * @param warnings non-fatal findings (roster members without extension, duplicate extensions ...)
 * @param unmatchedRetryDays {@code unmatchedRetryDays} (default 30): days after its creation an unmatched text is
 *     re-checked by incremental runs for a late match; 0 turns late matching off
 * @param attachments {@code attachments.*} (issue 12; applied by the sync when it copies MMS media into Salesforce Files):
 *     whether and which MMS media go to Salesforce Files; {@link AttachmentPolicy#defaults()} when absent
 * @param timeZone {@code timeZone} (issue 14; an IANA zone id such as {@code America/Kentucky/Louisville}): the firm's
 *     time zone, in which a transcript shows times; empty = the system's zone ({@link #zone()})
 * @param overlap {@code sync.overlap} (default true; issue 13 item 3): a sync's Salesforce work runs on a worker
 *     thread while the next pages are read; false runs one step after the other, for debugging
 * @param writeLanes {@code sync.writeLanes} (default {@value io.rcsync.core.service.SyncSettings#DEFAULT_WRITE_LANES};
 *     issue 13 item 3): how many Note write calls may be in flight at once, 1 to
 *     {@value io.rcsync.core.service.sync.NoteWriter#MAX_LANES}; 1 sends them one after the other
 * @param smsmagic the {@code smsmagic} section (issue 15: {@code rcsync import-smsmagic}); every key defaulted when
 *     absent ({@link SmsMagicSettings#defaults()}); the import itself requires {@code smsmagic.defaultOwner}
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
    int maxDelete,
    List<String> warnings,
    int unmatchedRetryDays,
    AttachmentPolicy attachments,
    java.util.Optional<java.time.ZoneId> timeZone,
    boolean overlap,
    int writeLanes,
    SmsMagicSettings smsmagic) {

  public static final String DEFAULT_PATH = "config/sync-config.json";

  /** With the default {@code unmatchedRetryDays} (30). */
  public SyncConfig(String source, String activeWave, Roster roster, IntakerFilter intakerFilter, TopicMap topicMap,
      LitifySchema schema, Map<String, PollWindow> pollWindows, Map<String, String> testRecordIds, int maxDelete,
      List<String> warnings) {
    this(source, activeWave, roster, intakerFilter, topicMap, schema, pollWindows, testRecordIds, maxDelete, warnings,
        SyncSettings.DEFAULT_UNMATCHED_RETRY_DAYS);
  }

  /** With the default {@code attachments.*} ({@link AttachmentPolicy#defaults()}). */
  public SyncConfig(String source, String activeWave, Roster roster, IntakerFilter intakerFilter, TopicMap topicMap,
      LitifySchema schema, Map<String, PollWindow> pollWindows, Map<String, String> testRecordIds, int maxDelete,
      List<String> warnings, int unmatchedRetryDays) {
    this(source, activeWave, roster, intakerFilter, topicMap, schema, pollWindows, testRecordIds, maxDelete, warnings,
        unmatchedRetryDays, AttachmentPolicy.defaults());
  }

  /** With no {@code timeZone} (the system's zone) and {@code sync.overlap} on (the default). */
  public SyncConfig(String source, String activeWave, Roster roster, IntakerFilter intakerFilter, TopicMap topicMap,
      LitifySchema schema, Map<String, PollWindow> pollWindows, Map<String, String> testRecordIds, int maxDelete,
      List<String> warnings, int unmatchedRetryDays, AttachmentPolicy attachments) {
    this(source, activeWave, roster, intakerFilter, topicMap, schema, pollWindows, testRecordIds, maxDelete, warnings,
        unmatchedRetryDays, attachments, java.util.Optional.empty(), true);
  }

  /** With {@code sync.overlap} on (the default). */
  public SyncConfig(String source, String activeWave, Roster roster, IntakerFilter intakerFilter, TopicMap topicMap,
      LitifySchema schema, Map<String, PollWindow> pollWindows, Map<String, String> testRecordIds, int maxDelete,
      List<String> warnings, int unmatchedRetryDays, AttachmentPolicy attachments,
      java.util.Optional<java.time.ZoneId> timeZone) {
    this(source, activeWave, roster, intakerFilter, topicMap, schema, pollWindows, testRecordIds, maxDelete, warnings,
        unmatchedRetryDays, attachments, timeZone, true);
  }

  /** With the default {@code sync.writeLanes} ({@value io.rcsync.core.service.SyncSettings#DEFAULT_WRITE_LANES}). */
  public SyncConfig(String source, String activeWave, Roster roster, IntakerFilter intakerFilter, TopicMap topicMap,
      LitifySchema schema, Map<String, PollWindow> pollWindows, Map<String, String> testRecordIds, int maxDelete,
      List<String> warnings, int unmatchedRetryDays, AttachmentPolicy attachments,
      java.util.Optional<java.time.ZoneId> timeZone, boolean overlap) {
    this(source, activeWave, roster, intakerFilter, topicMap, schema, pollWindows, testRecordIds, maxDelete, warnings,
        unmatchedRetryDays, attachments, timeZone, overlap, SyncSettings.DEFAULT_WRITE_LANES);
  }

  /** Without an {@code smsmagic} section ({@link SmsMagicSettings#defaults()}). */
  public SyncConfig(String source, String activeWave, Roster roster, IntakerFilter intakerFilter, TopicMap topicMap,
      LitifySchema schema, Map<String, PollWindow> pollWindows, Map<String, String> testRecordIds, int maxDelete,
      List<String> warnings, int unmatchedRetryDays, AttachmentPolicy attachments,
      java.util.Optional<java.time.ZoneId> timeZone, boolean overlap, int writeLanes) {
    this(source, activeWave, roster, intakerFilter, topicMap, schema, pollWindows, testRecordIds, maxDelete, warnings,
        unmatchedRetryDays, attachments, timeZone, overlap, writeLanes, SmsMagicSettings.defaults());
  }

  /** With no {@code timeZone} (the system's zone). */
  public SyncConfig(String source, String activeWave, Roster roster, IntakerFilter intakerFilter, TopicMap topicMap,
      LitifySchema schema, Map<String, PollWindow> pollWindows, Map<String, String> testRecordIds, int maxDelete,
      List<String> warnings, int unmatchedRetryDays, AttachmentPolicy attachments, boolean overlap) {
    this(source, activeWave, roster, intakerFilter, topicMap, schema, pollWindows, testRecordIds, maxDelete, warnings,
        unmatchedRetryDays, attachments, java.util.Optional.empty(), overlap);
  }

  public SyncConfig {
    pollWindows = Map.copyOf(pollWindows);
    testRecordIds = Map.copyOf(testRecordIds);
    warnings = List.copyOf(warnings);
    java.util.Objects.requireNonNull(attachments, "attachments");
    timeZone = timeZone == null ? java.util.Optional.empty() : timeZone;
    smsmagic = smsmagic == null ? SmsMagicSettings.defaults() : smsmagic;
  }

  /** The firm's time zone: {@code timeZone} when the file sets it, else the system's default zone. */
  public java.time.ZoneId zone() {
    return timeZone.orElseGet(java.time.ZoneId::systemDefault);
  }

  /** The hot tier (used by incremental runs and the schedule). */
  public PollWindow hotWindow() {
    return pollWindows.get("hot");
  }

  public SyncSettings toSettings() {
    return new SyncSettings(roster, intakerFilter, topicMap, schema, hotWindow().lookback(), SyncSettings.DEFAULT_CHUNK_SIZE,
        java.time.Duration.ofDays(unmatchedRetryDays), attachments,
        overlap ? io.rcsync.core.service.sync.FetchHandoff.DEFAULT_AHEAD_PAGES : 0, writeLanes);
  }
}

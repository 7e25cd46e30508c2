package io.rcsync.core.domain;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The config file's {@code smsmagic} section (issue 15): how {@code rcsync import-smsmagic} reads the retired
 * SMS-Magic package's history and turns it into Notes. Bound and checked by {@code config.ConfigLoader}; every key is
 * optional in the file, but an import refuses to start without {@link #defaultOwner}.
 *
 * @param defaultOwner {@code smsmagic.defaultOwner}: the Salesforce User Id ({@code 005...}) that owns an imported
 *     Note whose record names no sender, or one the org does not know as an active user; empty when not set
 * @param dedupWindow {@code smsmagic.dedupWindowMinutes} (default {@value #DEFAULT_DEDUP_WINDOW_MINUTES}, 0..1440):
 *     how far apart in time a history record and an {@code rc_msg_} Note of the same text may be and still be one
 *     text; also the window for migration copies inside the history
 * @param failedStatuses {@code smsmagic.failedStatuses} (default FAILED, ERROR, UNDELIVERED; compared
 *     case-insensitively): delivery statuses that mean an outbound text was not delivered, written with the failed
 *     topic as RingCentral's {@code DeliveryFailed} texts are; held upper-cased
 * @param fields {@code smsmagic.objects}: the object and field API names read ({@link SmsMagicFieldMap#defaults()}
 *     overridden name by name)
 * @param queryBatchSize {@code smsmagic.queryBatchSize} (default {@value #DEFAULT_QUERY_BATCH_SIZE}, 200..2000): the
 *     SOQL batch size the org source asks for ({@code Sforce-Query-Options: batchSize}); Salesforce may return fewer
 * @param configuredCsvZone {@code smsmagic.csvZone} as the config file gives it (an IANA zone id); empty when the file
 *     does not set it, so a caller can fall back to the config's {@code timeZone} ({@link #csvZone()} falls back to UTC)
 */
public record SmsMagicSettings(
    Optional<SalesforceId> defaultOwner,
    Duration dedupWindow,
    Set<String> failedStatuses,
    SmsMagicFieldMap fields,
    int queryBatchSize,
    Optional<ZoneId> configuredCsvZone) {
  public static final int DEFAULT_DEDUP_WINDOW_MINUTES = 5;
  public static final int MAX_DEDUP_WINDOW_MINUTES = 1440;
  public static final int DEFAULT_QUERY_BATCH_SIZE = 2000;
  public static final int MIN_QUERY_BATCH_SIZE = 200;
  public static final Set<String> DEFAULT_FAILED_STATUSES = Set.of("FAILED", "ERROR", "UNDELIVERED");

  public SmsMagicSettings {
    defaultOwner = defaultOwner == null ? Optional.empty() : defaultOwner;
    Objects.requireNonNull(dedupWindow, "dedupWindow");
    if (dedupWindow.isNegative() || dedupWindow.compareTo(Duration.ofMinutes(MAX_DEDUP_WINDOW_MINUTES)) > 0) {
      throw new IllegalArgumentException("dedupWindow must be 0 to " + MAX_DEDUP_WINDOW_MINUTES + " minutes, got "
          + dedupWindow);
    }
    Set<String> upper = new LinkedHashSet<>();
    for (String s : failedStatuses) {
      upper.add(s.strip().toUpperCase(Locale.ROOT));
    }
    failedStatuses = Set.copyOf(upper);
    // the sources pick a record's status by these (a failed value in any status field wins): one truth, here
    fields = Objects.requireNonNull(fields, "fields").withFailedStatuses(failedStatuses);
    if (queryBatchSize < MIN_QUERY_BATCH_SIZE || queryBatchSize > DEFAULT_QUERY_BATCH_SIZE) {
      throw new IllegalArgumentException("queryBatchSize must be " + MIN_QUERY_BATCH_SIZE + " to "
          + DEFAULT_QUERY_BATCH_SIZE + ", got " + queryBatchSize);
    }
    configuredCsvZone = configuredCsvZone == null ? Optional.empty() : configuredCsvZone;
  }

  /**
   * The zone of date-times without an offset in a Data Loader CSV export: {@link #configuredCsvZone}, else UTC (Data
   * Loader's own exports carry {@code Z}).
   */
  public ZoneId csvZone() {
    return configuredCsvZone.orElse(ZoneOffset.UTC);
  }

  /** Every default: no default owner, 5 minutes, FAILED/ERROR/UNDELIVERED, SMS-Magic's names, 2000, UTC. */
  public static SmsMagicSettings defaults() {
    return new SmsMagicSettings(Optional.empty(), Duration.ofMinutes(DEFAULT_DEDUP_WINDOW_MINUTES),
        DEFAULT_FAILED_STATUSES, SmsMagicFieldMap.defaults(), DEFAULT_QUERY_BATCH_SIZE, Optional.empty());
  }

  /** These settings with {@code owner} as {@link #defaultOwner}. */
  public SmsMagicSettings withDefaultOwner(SalesforceId owner) {
    return new SmsMagicSettings(Optional.of(owner), dedupWindow, failedStatuses, fields, queryBatchSize, configuredCsvZone);
  }

  /** These settings with another de-dup window. */
  public SmsMagicSettings withDedupWindow(Duration window) {
    return new SmsMagicSettings(defaultOwner, window, failedStatuses, fields, queryBatchSize, configuredCsvZone);
  }

  /** True when {@code status} (trimmed, any case) is one of {@link #failedStatuses}. */
  public boolean isFailed(String status) {
    return status != null && !status.isBlank() && failedStatuses.contains(status.strip().toUpperCase(Locale.ROOT));
  }
}

package io.rcsync.cli.output;

import io.rcsync.core.port.out.ApiQuota.Usage;
import java.util.Locale;
import java.util.Optional;

/**
 * The Salesforce org's daily API usage around one run (issue 13), from {@code Sforce-Limit-Info}: before (after the
 * login check, the run's first call) and after the run. Written to the JSON report as
 * {@code salesforceApi: {usedBefore, usedAfter, max, reservePercent}} (null where Salesforce reported nothing) and as
 * one console line.
 *
 * @param before usage after the run's first Salesforce call, empty when not reported
 * @param after usage after the run's last Salesforce call, empty when not reported
 * @param reservePercent {@code salesforce.apiReservePercent}
 */
public record SalesforceApiUsage(Optional<Usage> before, Optional<Usage> after, int reservePercent) {
  /** The JSON shape. */
  record Json(Long usedBefore, Long usedAfter, Long max, int reservePercent) {}

  /** False when Salesforce reported no usage at all (the in-memory demo): then nothing is written. */
  public boolean known() {
    return before.isPresent() || after.isPresent();
  }

  Json json() {
    return new Json(before.map(Usage::used).orElse(null), after.map(Usage::used).orElse(null),
        after.or(() -> before).map(Usage::max).orElse(null), reservePercent);
  }

  /**
   * "Salesforce API usage: 13,400 of 15,000 before the run, 13,600 after (10% reserve: 1,500)".
   */
  public String line() {
    Usage last = after.or(() -> before).orElseThrow();
    return String.format(Locale.ROOT, "Salesforce API usage: %s of %,d before the run, %s after (%d%% reserve: %,d)",
        before.map(u -> String.format(Locale.ROOT, "%,d", u.used())).orElse("unknown"), last.max(),
        after.map(u -> String.format(Locale.ROOT, "%,d", u.used())).orElse("unknown"), reservePercent,
        last.reserve(reservePercent));
  }
}

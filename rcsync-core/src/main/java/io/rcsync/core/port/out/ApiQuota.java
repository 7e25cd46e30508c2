package io.rcsync.core.port.out;

import java.util.Optional;

/**
 * The Salesforce org's daily API usage as last reported by Salesforce (its {@code Sforce-Limit-Info: api-usage=used/max}
 * header, sent on every REST answer except the version list), for run reports and {@code doctor}. Implementations are
 * thread-safe and keep only the latest figures; they never call out themselves.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm">API Usage header</a>
 */
public interface ApiQuota {
  /** No usage known (in-memory ports, or before the first Salesforce answer). */
  ApiQuota NONE = Optional::empty;

  /** The latest usage, empty until a Salesforce answer carried it. */
  Optional<Usage> usage();

  /**
   * Calls counted toward the org's rolling 24-hour allowance. {@code used} can exceed {@code max} (the limit is soft).
   *
   * @param used calls used in the last 24 hours, &ge; 0
   * @param max the org's allowance, &gt; 0
   */
  record Usage(long used, long max) {
    public Usage {
      if (used < 0 || max <= 0) {
        throw new IllegalArgumentException("API usage must be used >= 0 and max > 0, was " + used + "/" + max);
      }
    }

    /** The calls kept in reserve for {@code reservePercent} (0..90) of {@code max}, rounded down. */
    public long reserve(int reservePercent) {
      return max * reservePercent / 100;
    }

    /** True when {@code used} has reached {@code max - reserve(reservePercent)}: no further call should be spent. */
    public boolean withinReserve(int reservePercent) {
      return used >= max - reserve(reservePercent);
    }

    /**
     * "Salesforce API usage 13,600 of 15,000 today is within the 10% reserve (1,500)" or "... leaves 3,000 calls
     * before the 10% reserve (1,500)".
     */
    public String describe(int reservePercent) {
      String head = String.format(java.util.Locale.ROOT, "Salesforce API usage %,d of %,d today", used, max);
      long reserve = reserve(reservePercent);
      if (withinReserve(reservePercent)) {
        return head + String.format(java.util.Locale.ROOT, " is within the %d%% reserve (%,d)", reservePercent, reserve);
      }
      return head + String.format(java.util.Locale.ROOT, " leaves %,d calls before the %d%% reserve (%,d)",
          max - reserve - used, reservePercent, reserve);
    }
  }
}

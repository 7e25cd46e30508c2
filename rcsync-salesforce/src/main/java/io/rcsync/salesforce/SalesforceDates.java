package io.rcsync.salesforce;

import io.rcsync.core.support.SalesforceDateTimes;
import java.time.Instant;

/**
 * Reads Salesforce dateTime values from query results ({@code 2024-05-01T13:45:00.000+0000}) through core's
 * {@link SalesforceDateTimes}, failing loudly: a record whose date cannot be read must not pass as "no date".
 */
final class SalesforceDates {
  private SalesforceDates() {}

  /** @throws IllegalArgumentException naming the value when it is no dateTime */
  static Instant parse(String value) {
    return SalesforceDateTimes.parse(value)
        .orElseThrow(() -> new IllegalArgumentException("not a Salesforce dateTime: '" + value + "'"));
  }
}

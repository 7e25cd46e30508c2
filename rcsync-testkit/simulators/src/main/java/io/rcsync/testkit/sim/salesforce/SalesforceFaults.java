package io.rcsync.testkit.sim.salesforce;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Failures a test can inject into a {@link SalesforceSimulator}: whole requests answered with 503 (or any status),
 * and per-record errors on upsert/create (keyed by external id value) or delete (keyed by record id), once, N times
 * or always. Token revocation and the daily API request budget are on the simulator itself.
 *
 * <pre>{@code
 * sim.faults().failNextRequests(2);                      // next two requests: 503 SERVER_UNAVAILABLE
 * sim.faults().unableToLockRow("rc_msg_42", 1);          // first write of rc_msg_42 fails, the retry succeeds
 * sim.faults().failRecordAlways("rc_msg_43", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Topic is required");
 * }</pre>
 */
public final class SalesforceFaults {
  /** {@code times} for a fault that never wears off. */
  public static final int ALWAYS = -1;

  private record RequestFault(int status, String errorCode, String message) {}

  private static final class RecordFault {
    final RecordError error;
    int remaining;

    RecordFault(RecordError error, int remaining) {
      this.error = error;
      this.remaining = remaining;
    }
  }

  private final java.util.ArrayDeque<RequestFault> requestFaults = new java.util.ArrayDeque<>();
  private final Map<String, RecordFault> byExternalId = new HashMap<>();
  private final Map<String, RecordFault> byDeleteId = new HashMap<>();

  SalesforceFaults() {}

  /** The next {@code n} requests (any endpoint) get 503 SERVER_UNAVAILABLE before anything else is checked. */
  public synchronized SalesforceFaults failNextRequests(int n) {
    return failNextRequests(n, 503, "SERVER_UNAVAILABLE", "Server temporarily unavailable, please retry");
  }

  /** The next {@code n} requests get this status and {@code [{"message","errorCode"}]} body. */
  public synchronized SalesforceFaults failNextRequests(int n, int httpStatus, String errorCode, String message) {
    for (int i = 0; i < n; i++) {
      requestFaults.add(new RequestFault(httpStatus, errorCode, message));
    }
    return this;
  }

  /**
   * The record with this external id value fails with UNABLE_TO_LOCK_ROW (a transient error callers should retry)
   * the next {@code times} times it is written ({@link #ALWAYS} for every time).
   */
  public SalesforceFaults unableToLockRow(String externalId, int times) {
    return failRecord(externalId, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", times);
  }

  /** The record with this external id value fails with the given status code the next {@code times} writes. */
  public synchronized SalesforceFaults failRecord(String externalId, String statusCode, String message, int times) {
    if (times == 0) {
      byExternalId.remove(externalId.toLowerCase(Locale.ROOT));
      return this;
    }
    byExternalId.put(externalId.toLowerCase(Locale.ROOT), new RecordFault(new RecordError(statusCode, message,
        java.util.List.of()), times));
    return this;
  }

  public SalesforceFaults failRecordAlways(String externalId, String statusCode, String message) {
    return failRecord(externalId, statusCode, message, ALWAYS);
  }

  /** Deleting the record with this id fails with the given status code the next {@code times} times. */
  public synchronized SalesforceFaults failDelete(String id, String statusCode, String message, int times) {
    if (times == 0) {
      byDeleteId.remove(SalesforceIds.key(id));
      return this;
    }
    byDeleteId.put(SalesforceIds.key(id), new RecordFault(new RecordError(statusCode, message, java.util.List.of()),
        times));
    return this;
  }

  /** Removes every injected fault. */
  public synchronized void reset() {
    requestFaults.clear();
    byExternalId.clear();
    byDeleteId.clear();
  }

  synchronized Optional<SalesforceApiException> nextRequestFailure() {
    RequestFault f = requestFaults.poll();
    return f == null ? Optional.empty() : Optional.of(new SalesforceApiException(f.status(), f.errorCode(),
        f.message()));
  }

  OrgStore.RecordFaults recordFaults() {
    return new OrgStore.RecordFaults() {
      @Override
      public Optional<RecordError> forExternalId(String value) {
        return take(byExternalId, value.toLowerCase(Locale.ROOT));
      }

      @Override
      public Optional<RecordError> forDelete(String id) {
        return take(byDeleteId, SalesforceIds.key(id));
      }
    };
  }

  private synchronized Optional<RecordError> take(Map<String, RecordFault> faults, String key) {
    RecordFault f = faults.get(key);
    if (f == null) {
      return Optional.empty();
    }
    if (f.remaining > 0 && --f.remaining == 0) {
      faults.remove(key);
    }
    return Optional.of(f.error);
  }
}

package io.rcsync.core.port.out;

/**
 * RingCentral refused a Message Sync token (expired, invalid, or issued for another sync frame). Not fatal: the
 * caller falls back to a full sync from the last good sync time. The message never contains the token.
 */
public class SyncTokenRejectedException extends ExternalSystemException {
  public SyncTokenRejectedException(String system, String message) {
    super(system, Kind.REJECTED, message);
  }
}

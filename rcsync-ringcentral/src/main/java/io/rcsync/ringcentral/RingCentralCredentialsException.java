package io.rcsync.ringcentral;

/**
 * The RingCentral credentials could not be loaded: missing file, unreadable JSON, missing field. The message is
 * one line naming the file and field and never contains a secret value.
 */
public class RingCentralCredentialsException extends IllegalArgumentException {
  public RingCentralCredentialsException(String message) {
    super(message);
  }
}

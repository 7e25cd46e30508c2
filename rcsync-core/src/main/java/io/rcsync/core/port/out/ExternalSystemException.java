package io.rcsync.core.port.out;

/**
 * An external system could not serve a port call. The message is one line an operator can act on and never
 * contains a secret.
 */
public class ExternalSystemException extends RuntimeException {
  /** What went wrong, which decides whether the run can go on and the CLI's exit code. */
  public enum Kind {
    /** Credentials rejected or missing: nothing further will work (exit 3). */
    AUTHENTICATION,
    /** Network failure or the service kept failing after the bounded retries (exit 3). */
    CONNECTION,
    /** Rate limit still exhausted after waiting as long as allowed. */
    RATE_LIMITED,
    /** A daily quota is spent (Salesforce REQUEST_LIMIT_EXCEEDED): stop cleanly now. */
    QUOTA_EXCEEDED,
    /** The request itself was refused (bad field, bad query): a configuration problem. */
    REJECTED
  }

  private final String system;
  private final Kind kind;

  public ExternalSystemException(String system, Kind kind, String message) {
    this(system, kind, message, null);
  }

  public ExternalSystemException(String system, Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.system = system;
    this.kind = kind;
  }

  public String system() {
    return system;
  }

  public Kind kind() {
    return kind;
  }

  /** True when the whole run must stop (no further call can succeed). */
  public boolean fatalToRun() {
    return kind == Kind.AUTHENTICATION || kind == Kind.QUOTA_EXCEEDED;
  }
}

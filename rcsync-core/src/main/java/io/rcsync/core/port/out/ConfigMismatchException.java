package io.rcsync.core.port.out;

import io.rcsync.core.domain.ApiCalls;
import java.util.Objects;

/**
 * A setting of the config file that is well-formed but that the org contradicts: a {@code smsmagic.defaultOwner} that
 * is not an active standard User of the org, an object or field named explicitly in {@code smsmagic.objects} that the
 * org's describe does not list. Nothing has been written when it is thrown; it is a configuration error (the CLI exits
 * 2 with its one line, prefixed by the config file's name), never a per-record failure.
 */
public final class ConfigMismatchException extends ExternalSystemException {
  private final String key;
  private final String problem;

  /**
   * @param key the config key, e.g. {@code smsmagic.defaultOwner} or {@code smsmagic.objects.outgoing.body}
   * @param problem what is wrong and what to do, e.g. {@code "005... is not an active User of the org; set it to ..."}
   */
  public ConfigMismatchException(String key, String problem) {
    super(ApiCalls.SALESFORCE, Kind.REJECTED, Objects.requireNonNull(key, "key") + ": "
        + Objects.requireNonNull(problem, "problem"));
    this.key = key;
    this.problem = problem;
  }

  /** The config key at fault. */
  public String key() {
    return key;
  }

  /** The problem and the fix, without the key. */
  public String problem() {
    return problem;
  }
}

package io.rcsync.core.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/** Recognises lead texts that Intaker's own pipeline already pushes to Salesforce, by a body-prefix regex. */
public record IntakerFilter(Pattern bodyPrefix) {
  public IntakerFilter {
    Objects.requireNonNull(bodyPrefix, "bodyPrefix");
  }

  public static IntakerFilter of(String regex) {
    return new IntakerFilter(Pattern.compile(regex));
  }

  /** True when the body starts with the configured prefix (leading whitespace ignored). */
  public boolean matches(String body) {
    return body != null && bodyPrefix.matcher(body.stripLeading()).lookingAt();
  }
}

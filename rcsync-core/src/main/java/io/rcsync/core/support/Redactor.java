package io.rcsync.core.support;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Masks known secret values (client secrets, JWTs, access tokens, secret environment variables) in any text that may
 * reach a console line, a report, a log line or an exception, e.g. an error description a server sent back.
 *
 * <p>One rule for the whole tool, in core because the adapters (scrubbing server text before it becomes an
 * exception) and the CLI (masking everything it prints or writes) both need it and must agree: a value of
 * {@value #MIN_SECRET_LENGTH} or more characters is masked as {@value #MASK} wherever it occurs. Shorter values are
 * left alone: real client secrets, JWTs and access tokens are far longer, while a short value (a "2026", a "1234")
 * also occurs in dates, counts and message ids, and masking it would garble reports and ids that scripts act on.
 * (The CLI used 6 and the RingCentral adapter 4 before they shared this class; the CLI's rule won because its
 * output is what operators and scripts read.) Longer secrets are
 * replaced first, so a secret that contains another is never left half visible.
 *
 * <p>Thread-safe: an adapter adds each new access token while other threads scrub.
 */
public final class Redactor {
  /** The shortest value that is masked. */
  public static final int MIN_SECRET_LENGTH = 6;
  /** What a masked value reads as. */
  public static final String MASK = "****";

  private final Set<String> secrets = new CopyOnWriteArraySet<>();

  public Redactor(Collection<String> initial) {
    initial.forEach(this::add);
  }

  /** Masks {@code secret} from now on; null and too-short values are ignored. */
  public void add(String secret) {
    if (isMaskable(secret)) {
      secrets.add(secret);
    }
  }

  /** The text with every known secret masked; null stays null. */
  public String scrub(String text) {
    return mask(text, secrets);
  }

  /** {@code text} with each of {@code secrets} that is long enough masked; null stays null. */
  public static String mask(String text, Collection<String> secrets) {
    if (text == null) {
      return null;
    }
    List<String> longestFirst = secrets.stream().filter(Redactor::isMaskable)
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    String out = text;
    for (String s : longestFirst) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }

  /** True when {@code value} is long enough to be masked ({@value #MIN_SECRET_LENGTH}+ characters). */
  public static boolean isMaskable(String value) {
    return value != null && value.length() >= MIN_SECRET_LENGTH;
  }
}

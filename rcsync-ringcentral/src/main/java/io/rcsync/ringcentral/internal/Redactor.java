package io.rcsync.ringcentral.internal;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Scrubs known secret values (client secret, JWT, access tokens) out of any text that may reach an exception or a
 * log line, such as an error description the server sent back.
 */
public final class Redactor {
  private static final int MIN_SECRET_LENGTH = 4;
  private final Set<String> secrets = new CopyOnWriteArraySet<>();

  public Redactor(Collection<String> initial) {
    initial.forEach(this::add);
  }

  public void add(String secret) {
    if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
      secrets.add(secret);
    }
  }

  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) {
        out = out.replace(s, "****");
      }
    }
    return out;
  }
}

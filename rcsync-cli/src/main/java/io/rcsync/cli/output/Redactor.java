package io.rcsync.cli.output;

import java.util.List;

/** Masks known secret values in text before it is printed or written to a report. */
public final class Redactor {
  private Redactor() {}

  public static String mask(String text, List<String> secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      if (s != null && s.length() >= 6) {
        out = out.replace(s, "****");
      }
    }
    return out;
  }
}

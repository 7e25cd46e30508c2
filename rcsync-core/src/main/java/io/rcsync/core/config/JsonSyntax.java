package io.rcsync.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors as the plain reason an operator can act on: "the file ends before the closing }" rather
 * than "Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED …])". The
 * location (line, column) comes from the exception; this only words the reason.
 */
final class JsonSyntax {
  private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
  private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '([^']*)'");
  private static final Pattern SOURCE = Pattern.compile("\\s*\\((?:start marker at )?\\[Source:.*$|\\s*at \\[Source:.*$");

  private JsonSyntax() {}

  /** The reason in plain words, never Jackson's source or location suffix. */
  static String plainReason(JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (m.startsWith("Unexpected end-of-input")) {
      if (m.contains("close marker for Object")) {
        return "the file ends before the closing }";
      }
      if (m.contains("close marker for Array")) {
        return "the file ends before the closing ]";
      }
      if (m.contains("closing quote")) {
        return "the file ends inside a quoted text (a \" is missing)";
      }
      return "the file ends too early";
    }
    Matcher u = UNRECOGNIZED.matcher(m);
    if (u.find()) {
      return "'" + u.group(1) + "' is not a JSON value (put text in double quotes; true, false and null are lower case)";
    }
    Matcher c = UNEXPECTED_CHAR.matcher(m);
    if (c.find()) {
      String ch = c.group(1);
      if (m.contains("double-quote to start field name")) {
        return "found " + ch + " where a key in double quotes was expected"
            + ("}".equals(ch) ? " (remove the comma before })" : "");
      }
      if (m.contains("expected a valid value")) {
        return "found " + ch + " where a value was expected" + ("]".equals(ch) ? " (remove the comma before ])" : "");
      }
      if (m.contains("colon to separate")) {
        return "found " + ch + " where a : after the key was expected";
      }
      if (m.contains("comma to separate")) {
        return "found " + ch + " where a comma between entries was expected";
      }
      return "unexpected " + ch;
    }
    return SOURCE.matcher(m).replaceFirst("").strip();
  }
}

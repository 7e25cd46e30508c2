package io.rcsync.testkit.sim.ringcentral;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads request query strings and form bodies the way the RingCentral API reads its parameters. */
final class RcQueryParams {
  private RcQueryParams() {}

  static Map<String, List<String>> parse(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  /** The first value, stripped; null when absent or blank. */
  static String first(Map<String, List<String>> q, String name) {
    List<String> v = q.get(name);
    return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).strip();
  }

  /** Multi-valued parameter, repeated ({@code a=1&a=2}) or comma-separated. */
  static Set<String> multi(Map<String, List<String>> q, String name) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : q.getOrDefault(name, List.of())) {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  static Set<String> lower(Set<String> in) {
    Set<String> out = new HashSet<>();
    in.forEach(s -> out.add(s.toLowerCase(Locale.ROOT)));
    return out;
  }

  /**
   * A date-time parameter read with {@code parser} (null = unreadable), or {@code fallback} when absent.
   *
   * @throws IllegalArgumentException with the API's message when the value is unreadable
   */
  static Instant date(Map<String, List<String>> q, String name, Instant fallback, Function<String, Instant> parser) {
    String v = first(q, name);
    if (v == null) {
      return fallback;
    }
    Instant t = parser.apply(v);
    if (t == null) {
      throw new IllegalArgumentException("Parameter [" + name + "] value is invalid");
    }
    return t;
  }

  /**
   * An integer parameter, or {@code fallback} when absent.
   *
   * @throws IllegalArgumentException with the API's message when the value is not a number
   */
  static int integer(Map<String, List<String>> q, String name, int fallback) {
    String v = first(q, name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Parameter [" + name + "] value is invalid");
    }
  }

  static String encode(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }
}

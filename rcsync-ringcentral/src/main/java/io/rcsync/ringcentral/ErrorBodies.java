package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the code and message out of RingCentral's REST and OAuth error bodies.
 */
final class ErrorBodies {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX = 200;

  private ErrorBodies() {}

  /** {@code " CODE: message"} or {@code ""}. Never returns raw non-JSON bodies (they may echo the request). */
  static String describe(String body) {
    JsonNode json = parse(body);
    if (json == null) {
      return "";
    }
    String code = text(json, "errorCode");
    String message = text(json, "message");
    JsonNode errors = json.path("errors");
    if ((code == null || message == null) && errors.isArray() && errors.size() > 0) {
      code = code == null ? text(errors.get(0), "errorCode") : code;
      message = message == null ? text(errors.get(0), "message") : message;
    }
    if (code == null && message == null) {
      code = text(json, "error");
      message = text(json, "error_description");
    }
    if (code == null && message == null) {
      return "";
    }
    String out = " " + (code == null ? "" : code + (message == null ? "" : ": ")) + (message == null ? "" : message);
    return out.length() > MAX ? out.substring(0, MAX) + "…" : out;
  }

  /**
   * The {@code errorCode}/{@code message} pairs of an API error body: the top-level pair, then each of
   * {@code errors[]}; empty when the body is not a JSON object. A missing half is null.
   */
  static java.util.List<String[]> errors(String body) {
    java.util.List<String[]> out = new java.util.ArrayList<>();
    JsonNode json = parse(body);
    if (json == null) {
      return out;
    }
    if (text(json, "errorCode") != null || text(json, "message") != null) {
      out.add(new String[] {text(json, "errorCode"), text(json, "message")});
    }
    for (JsonNode e : json.path("errors")) {
      out.add(new String[] {text(e, "errorCode"), text(e, "message")});
    }
    return out;
  }

  /** The OAuth {@code error} field (e.g. {@code invalid_grant}), or null. */
  static String oauthError(String body) {
    JsonNode json = parse(body);
    return json == null ? null : text(json, "error");
  }

  /** The OAuth {@code error_description} field, or the first {@code errors[].message}, or null. */
  static String oauthDescription(String body) {
    JsonNode json = parse(body);
    if (json == null) {
      return null;
    }
    String d = text(json, "error_description");
    if (d == null && json.path("errors").isArray() && json.path("errors").size() > 0) {
      d = text(json.path("errors").get(0), "message");
    }
    if (d != null && d.length() > MAX) {
      d = d.substring(0, MAX) + "…";
    }
    return d;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(body);
      return n != null && n.isObject() ? n : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText().strip();
    return s.isEmpty() ? null : s;
  }
}

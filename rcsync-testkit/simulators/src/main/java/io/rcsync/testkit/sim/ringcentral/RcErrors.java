package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RingCentral's error bodies: API errors ({@code errorCode}, {@code message} and {@code errors[]}) and OAuth errors
 * ({@code error}/{@code error_description} plus RingCentral's {@code errors[]}).
 */
final class RcErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RcErrors() {}

  static String apiError(String code, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("errorCode", code);
    n.put("message", message);
    ObjectNode e = n.putArray("errors").addObject();
    e.put("errorCode", code);
    e.put("message", message);
    return n.toString();
  }

  static String oauthError(String error, String description, String code) {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", error);
    n.put("error_description", description);
    ObjectNode e = n.putArray("errors").addObject();
    e.put("errorCode", code);
    e.put("message", description);
    return n.toString();
  }

  static RcResponse api(int status, String code, String message) {
    return RcResponse.json(status, apiError(code, message));
  }

  static RcResponse oauth(int status, String error, String description, String code) {
    return RcResponse.json(status, oauthError(error, description, code));
  }

  static RcResponse methodNotAllowed() {
    return api(405, "CMN-405", "Method not allowed");
  }

  /** 404 CMN-102 for an unknown account, extension or path ({@code parameter} names which). */
  static RcResponse notFound(String parameter) {
    return api(404, "CMN-102", "Resource for parameter [" + parameter + "] is not found");
  }

  /** 400 CMN-101 for an invalid query or path parameter; {@code message} names it. */
  static RcResponse invalidParameter(String message) {
    return api(400, "CMN-101", message);
  }
}

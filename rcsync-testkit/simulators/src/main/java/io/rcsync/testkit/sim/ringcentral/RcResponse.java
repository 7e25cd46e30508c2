package io.rcsync.testkit.sim.ringcentral;

import java.util.LinkedHashMap;
import java.util.Map;

/** One answer of the RingCentral simulator: status, JSON body and extra response headers (in insertion order). */
final class RcResponse {
  final int status;
  final String body;
  final Map<String, String> headers = new LinkedHashMap<>();

  private RcResponse(int status, String body) {
    this.status = status;
    this.body = body;
  }

  static RcResponse json(int status, String body) {
    return new RcResponse(status, body);
  }
}

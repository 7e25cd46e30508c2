package io.rcsync.testkit.sim.ringcentral;

import java.util.LinkedHashMap;
import java.util.Map;

/** One answer of the RingCentral simulator: status, JSON body and extra response headers (in insertion order). */
final class RcResponse {
  final int status;
  final String body;
  final Map<String, String> headers = new LinkedHashMap<>();
  /**
   * When set, the real answer: computed by the router after it has let go of the simulator's lock (a subscription's
   * webhook handshake calls out over HTTP and must not hold the lock).
   */
  java.util.function.Supplier<RcResponse> afterUnlock;
  /** When set, the body is this content (streamed with its own Content-Type and length) instead of {@link #body}. */
  SimAttachmentContent content;

  private RcResponse(int status, String body) {
    this.status = status;
    this.body = body;
  }

  static RcResponse json(int status, String body) {
    return new RcResponse(status, body);
  }

  /** A 200 whose body is {@code content}, streamed as it is read (Get Message Content). */
  static RcResponse binary(SimAttachmentContent content) {
    RcResponse r = new RcResponse(200, "");
    r.content = content;
    return r;
  }

  /** An answer worked out after the lock is released (see {@link #afterUnlock}). */
  static RcResponse afterUnlock(java.util.function.Supplier<RcResponse> then) {
    RcResponse r = new RcResponse(202, "");
    r.afterUnlock = then;
    return r;
  }
}

package io.rcsync.ringcentral.internal;

/**
 * Hands out the current bearer token and learns when the server rejected one.
 *
 * <p>Internal: not API. Public only because {@code io.rcsync.ringcentral.RingCentralAuth} implements it.
 */
public interface AccessTokenProvider {
  /** A token valid for a while yet; fetches one when none is cached or the cached one is about to expire. */
  String accessToken();

  /** The server answered 401 to this token: forget it, so the next {@link #accessToken()} fetches a new one. */
  void tokenRejected(String token);
}

package io.rcsync.ringcentral;

/**
 * Hands out the current bearer token and learns when the server rejected one.
 *
 * <p>{@link RingCentralAuth} implements it (its {@code accessToken()} and {@code tokenRejected(String)} are public
 * there) and {@link ApiClient} calls it; nothing outside this package needs the interface itself.
 */
interface AccessTokenProvider {
  /** A token valid for a while yet; fetches one when none is cached or the cached one is about to expire. */
  String accessToken();

  /** The server answered 401 to this token: forget it, so the next {@link #accessToken()} fetches a new one. */
  void tokenRejected(String token);
}

package io.rcsync.core.port.in;

import io.rcsync.core.domain.PushEvent;

/**
 * Texts as they happen (issue 11 item 4): what a webhook endpoint hands pushed events to. An embedder's own HTTP
 * service can reuse it exactly as {@code rcsync serve} does: check the {@code Verification-Token} header with
 * {@link #verificationTokenMatches}, decode the body with the source's {@code PushEventDecoder}, {@link #accept} the
 * event and answer 200 at once.
 *
 * <p>Every method returns without waiting for RingCentral or Salesforce: writes happen on the service's own worker.
 */
public interface PushUseCase {

  /**
   * Takes one decoded event; never blocks on a write.
   *
   * @return false when the service is closing or closed and took nothing. Answer 503, but do not count on a
   *     re-delivery: RingCentral documents none, and may blacklist a webhook that keeps failing to answer 200
   *     (https://developers.ringcentral.com/guide/notifications/webhooks/troubleshooting). Nothing is lost: the
   *     start-up sync of the next run re-reads the text from the message store.
   */
  boolean accept(PushEvent event);

  /**
   * Counts a delivery the endpoint refused before decoding (a missing or wrong verification token, a body too large
   * or not JSON), so {@link #health()} shows it.
   *
   * @param reason one line without any token or body, e.g. "wrong Verification-Token"
   */
  void refused(String reason);

  /**
   * Whether a delivery's {@code Verification-Token} header is the one the live subscription was created with.
   * Compared in constant time; false for null and while no subscription is known.
   */
  boolean verificationTokenMatches(String presented);

  /** The facts a health check answers from; cheap, safe from any thread. */
  PushHealth health();
}

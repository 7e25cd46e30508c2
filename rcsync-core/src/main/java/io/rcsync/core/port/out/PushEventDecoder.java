package io.rcsync.core.port.out;

import io.rcsync.core.domain.PushEvent;

/**
 * Turns the body of one webhook delivery into a {@link PushEvent}. Implemented by the source adapter, which owns the
 * vendor's JSON.
 */
public interface PushEventDecoder {

  /**
   * Decodes one delivery.
   *
   * @param body the request body as received (UTF-8 JSON for RingCentral)
   * @return the event; {@link PushEvent.Unreadable} (never an exception) for a body that is not a readable event
   */
  PushEvent decode(byte[] body);
}

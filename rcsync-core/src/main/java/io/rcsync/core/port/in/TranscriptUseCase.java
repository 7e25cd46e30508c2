package io.rcsync.core.port.in;

import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.report.Transcript;
import java.util.Optional;

/**
 * A Matter's or Intake's texts as a conversation (issue 14): its rcsync Notes in message-time order, grouped by
 * counterparty, with staff names and MMS files. Reads only; writes nothing anywhere.
 */
public interface TranscriptUseCase {
  /**
   * The record's transcript.
   *
   * @param record a Matter or Intake id, 15 or 18 characters
   * @return empty when neither the Matter nor the Intake object holds the record; a transcript with no
   *     conversations when the record has no rcsync Notes
   * @throws io.rcsync.core.port.out.ExternalSystemException when Salesforce cannot serve a lookup
   */
  Optional<Transcript> transcript(SalesforceId record);
}

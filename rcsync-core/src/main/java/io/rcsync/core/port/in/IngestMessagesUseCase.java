package io.rcsync.core.port.in;

import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.report.RunReport;
import java.util.List;

/**
 * Mirror messages that were pushed to us (a webhook) rather than polled: the same filter, match and write
 * rules as {@link SyncMessagesUseCase}, for one message or a few.
 */
public interface IngestMessagesUseCase {
  RunReport ingest(List<SmsMessage> messages, boolean dryRun);
}

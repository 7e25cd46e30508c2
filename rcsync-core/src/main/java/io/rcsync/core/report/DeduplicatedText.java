package io.rcsync.core.report;

import java.util.Objects;

/**
 * An SMS-Magic history record an import did not write because the same text already has a Note or a record that wins
 * (issue 15): a row of the import's de-duplicated CSV.
 *
 * @param historyKey the record's Note key, {@code smsmagic_{18-character record Id}}
 * @param keptKey what it duplicates: the {@code rc_msg_...} external id of RingCentral's Note, or for a migration copy
 *     the {@code smsmagic_...} key of the Incoming SMS record that is imported instead
 * @param counterparty the client's number as the record holds it (normalised to 10 digits when it is a US number)
 * @param reason why, e.g. {@code "same text as rc_msg_123 (time 40 s apart)"} or {@code "copy in SMS History"}
 */
public record DeduplicatedText(String historyKey, String keptKey, String counterparty, String reason) {
  public DeduplicatedText {
    Objects.requireNonNull(historyKey, "historyKey");
    Objects.requireNonNull(keptKey, "keptKey");
    counterparty = counterparty == null ? "" : counterparty;
    Objects.requireNonNull(reason, "reason");
  }
}

package io.rcsync.core.report;

/**
 * A message that was not mirrored, with why: a row of the failures or unmatched CSV.
 *
 * @param counterparty the other party's number as RingCentral gave it (normalised when it could be)
 */
public record MessageIssue(String messageId, String extension, String counterparty, String reason) {}

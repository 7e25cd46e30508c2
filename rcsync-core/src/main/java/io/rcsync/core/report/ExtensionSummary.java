package io.rcsync.core.report;

import java.time.Instant;
import java.util.Optional;

/**
 * One extension's row of a run report.
 *
 * @param error why fetching stopped early for this extension, when it did
 */
public record ExtensionSummary(
    String extension, String staffName, Instant windowFrom, Instant windowTo, Counts counts, Optional<String> error) {}

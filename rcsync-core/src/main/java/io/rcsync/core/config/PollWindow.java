package io.rcsync.core.config;

import java.time.Duration;

/** A polling tier: how often incremental runs go and how far back each re-reads (the overlap). */
public record PollWindow(Duration interval, Duration lookback) {}

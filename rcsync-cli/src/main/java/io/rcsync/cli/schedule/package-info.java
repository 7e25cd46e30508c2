/**
 * The launchd agent and crontab line that {@code rcsync schedule} writes to run {@code sync --incremental} every hot
 * interval. Depends on the JDK and {@code store} only; never on {@code command}.
 */
package io.rcsync.cli.schedule;

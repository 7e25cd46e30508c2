/**
 * The sync use case as small named steps, each one job: {@link io.rcsync.core.service.sync.SyncTargets} (who is
 * read), {@link io.rcsync.core.service.sync.WatermarkPolicy} (which window, which watermark next),
 * {@link io.rcsync.core.service.sync.MessageFetch} (paging and the stop rules),
 * {@link io.rcsync.core.service.sync.TextClassifier} (dedupe, Intaker filter, counterparty),
 * {@link io.rcsync.core.service.sync.CaseMatcher} (batched, cached lookup and the match policy),
 * {@link io.rcsync.core.service.sync.NoteWriter} (batched upserts) and the
 * {@link io.rcsync.core.service.sync.RunLedger} that accounts for every message and yields the report.
 * {@link io.rcsync.core.service.sync.TextPipeline} carries texts from one step to the next in batches.
 *
 * <p>{@code SyncService} and {@code VerifyService} compose these steps; embedders use {@code RcSync}. The steps
 * are public so both services (one package up), the CLI (target resolution) and the testkit's tests can reach
 * them; a step holds per-run state unless its docs say otherwise, so compose new ones for every run.
 */
package io.rcsync.core.service.sync;

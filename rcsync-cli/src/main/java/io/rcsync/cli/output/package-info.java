/**
 * What a run leaves for the operator: console tables and progress, and the report files ({@code ReportWriter}: JSON
 * documents in {@code ReportJson}, Data Loader–style CSVs in {@code ReportCsv}), with secrets masked. May depend on
 * core (report types, progress events) and {@code store} (atomic writes, report names); never on {@code command}.
 */
package io.rcsync.cli.output;

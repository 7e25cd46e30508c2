/**
 * Local files the CLI owns or reads: sync state (watermarks), rollback manifests, the run lock, report file names,
 * atomic writes, and SMS-Magic Data Loader exports read as a history source ({@code CsvHistorySource}, issue 15;
 * jackson-dataformat-csv). The bottom of the CLI: depends on core, the JDK and Jackson, on no other CLI package.
 */
package io.rcsync.cli.store;

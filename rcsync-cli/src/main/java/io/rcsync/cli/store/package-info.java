/**
 * Local files the CLI owns: sync state (watermarks), rollback manifests, the run lock, report file names and atomic
 * writes. The bottom of the CLI: depends on core and the JDK only, on no other CLI package.
 */
package io.rcsync.cli.store;

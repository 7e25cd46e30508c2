/**
 * The picocli verbs ({@code sync}, {@code verify}, {@code rollback}, {@code restore}, {@code demo}, {@code doctor},
 * {@code schedule}), the mapping of failures to exit codes and the option converters. The top of the CLI: it may
 * depend on every other CLI package, and none of them depends on it.
 */
package io.rcsync.cli.command;

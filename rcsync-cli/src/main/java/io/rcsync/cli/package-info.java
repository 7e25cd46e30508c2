/**
 * The {@code rcsync} entry point: {@link io.rcsync.cli.Main} runs the picocli command line of {@code command} in the
 * process environment of {@code wiring}. Nothing in the CLI depends on this package.
 */
package io.rcsync.cli;

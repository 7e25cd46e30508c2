/**
 * {@code rcsync serve}'s HTTP endpoint on Undertow: the RingCentral webhook (handshake, verification token, size and
 * type limits) and {@code /healthz}. Hands decoded events to core's push service; depends on nothing else in the CLI.
 */
package io.rcsync.cli.serve;

/**
 * Builds core's ports from the environment: process environment and clock ({@code CliEnvironment}), the live
 * RingCentral and Salesforce adapters and the ports bundles the verbs take. May depend on core and the adapter
 * modules; never on {@code command}.
 */
package io.rcsync.cli.wiring;

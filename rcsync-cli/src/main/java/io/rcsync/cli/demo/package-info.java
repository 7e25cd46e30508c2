/**
 * The worlds {@code rcsync demo} runs against: in-memory fakes, or the RingCentral and Salesforce simulators behind the
 * live adapters. May depend on core, the testkit's fakes and simulators, {@code wiring} and {@code store}; never on
 * {@code command}.
 */
package io.rcsync.cli.demo;

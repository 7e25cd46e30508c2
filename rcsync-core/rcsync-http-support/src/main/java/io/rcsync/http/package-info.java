/**
 * HTTP plumbing the RingCentral and Salesforce adapters share, written once: {@link io.rcsync.http.Sleeper} (every
 * wait between attempts goes through one, so tests never sleep), {@link io.rcsync.http.RetryPolicy} (attempts and
 * exponential back-off as a named value) and {@link io.rcsync.http.HttpRetry} (the resilience4j-retry set-up).
 *
 * <p>Its own module rather than part of core: core is pure JDK (plus Jackson for the config file) and must not know
 * resilience4j, and core itself never waits or retries, so none of this is a port of core. Its own module rather
 * than part of either adapter: each adapter must stay free of the other. It depends on resilience4j-retry only.
 */
package io.rcsync.http;

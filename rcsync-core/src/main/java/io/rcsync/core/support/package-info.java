/**
 * Small pure-JDK text helpers that core, both adapters and the CLI share: {@link io.rcsync.core.support.Durations}
 * (how a duration reads in a report, on the console and in an adapter's error), {@link io.rcsync.core.support.Redactor}
 * (secrets out of any text that may be printed) and {@link io.rcsync.core.support.IsoInstants} (the ISO-8601 times
 * RingCentral writes). They live in core because core is the one module every other module already depends on, and
 * because each of them must behave the same wherever it is used: one copy, one behaviour.
 */
package io.rcsync.core.support;

/**
 * RingCentral adapter of rcsync: reads SMS from the message store and lists extensions over RingCentral's REST API.
 *
 * <pre>{@code
 * RingCentralCredentials credentials =
 *     RingCentralCredentials.load(Path.of(".credentials/rc-credentials.json"), System.getenv());
 * credentials.warnings().forEach(System.err::println);          // e.g. file readable by others
 * RingCentralAuth auth = new RingCentralAuth(RingCentralConfig.ofDefaults(credentials), apiCalls);
 * MessageSource source = new RingCentralMessageSource(auth);     // one login shared by both
 * ExtensionDirectory directory = new RingCentralExtensionDirectory(auth);
 * }</pre>
 *
 * <p>{@link io.rcsync.ringcentral.RingCentralAdapters} does the same in one call, as {@code SalesforceAdapters} does
 * for Salesforce.
 *
 * <p>Every request is counted in the core {@code ApiCalls} under {@code ringcentral}. Failures surface as core's
 * {@code ExternalSystemException}: {@code AUTHENTICATION} (credentials or token refused), {@code RATE_LIMITED}
 * (429 beyond the retry budget), {@code CONNECTION} (5xx or network beyond the retry budget) and {@code REJECTED}
 * (any other 4xx), each one line that names what failed and how far a fetch got, never a secret. HTTP plumbing lives
 * in {@code io.rcsync.ringcentral.internal} and is not API.
 */
package io.rcsync.ringcentral;

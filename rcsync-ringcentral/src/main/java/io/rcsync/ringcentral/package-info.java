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
 * (any other 4xx), each one line that names what failed and how far a fetch got, never a secret.
 *
 * <p>The API is the public classes above. The HTTP plumbing they are built on ({@code HttpTransport} for retries and
 * rate limits, {@code ApiClient} for authenticated JSON GETs, {@code Pages}, {@code MessageRecordMapper},
 * {@code ErrorBodies}, {@code RateLimitHeaders}, {@code AccessTokenProvider}) is package-private in this package, as
 * buckpal keeps one package-private adapter per technology: the compiler, not a naming convention, keeps it out of
 * reach. There is no {@code internal} sub-package: the plumbing reads {@link io.rcsync.ringcentral.RingCentralConfig}
 * and the adapters read the plumbing, which across two packages would be a package cycle.
 */
package io.rcsync.ringcentral;

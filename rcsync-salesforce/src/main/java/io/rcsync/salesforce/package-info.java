/**
 * Salesforce adapter of rcsync, over the Salesforce REST API
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/): finds Litify Matters and Intakes by
 * phone number ({@link io.rcsync.salesforce.SalesforceCaseDirectory}), writes Notes
 * ({@link io.rcsync.salesforce.SalesforceNoteSink}), reads the Notes rcsync wrote for rollback, restore and verify
 * ({@link io.rcsync.salesforce.SalesforceNoteStore}) and checks objects and fields
 * ({@link io.rcsync.salesforce.SalesforceDescribe}). {@link io.rcsync.salesforce.SalesforceAdapters} builds them on
 * one session and one HTTP client; the session comes from a {@link io.rcsync.salesforce.SalesforceAuth} ({@code sf}
 * CLI or {@code SF_ACCESS_TOKEN} + {@code SF_INSTANCE_URL}), the settings from
 * {@link io.rcsync.salesforce.SalesforceConfig}.
 *
 * <p>Every request is counted in the core {@code ApiCalls} under {@code salesforce}. Failures surface as core's
 * {@code ExternalSystemException}: {@code AUTHENTICATION} (no session to be had, or 401 again after renewing it),
 * {@code QUOTA_EXCEEDED} (403 {@code REQUEST_LIMIT_EXCEEDED}, the org's daily API allowance), {@code RATE_LIMITED}
 * (429), {@code CONNECTION} (a 5xx answer or no answer, once the bounded retries of 502/503/504 and I/O errors are
 * spent) and {@code REJECTED} (any other refused request), each one line that names what was being done, never the
 * access token.
 *
 * <p>The API is the public classes above. The plumbing they are built on ({@code SalesforceHttp} for bearer auth,
 * retries and error mapping, {@code CollectionsUpsert}, {@code Soql}, {@code SalesforceDates}) is package-private in
 * this package, as buckpal keeps one package-private adapter per technology: the compiler, not a naming convention,
 * keeps it out of reach. There is no {@code internal} sub-package: the plumbing reads {@code SalesforceConfig},
 * {@code SalesforceAuth} and {@code SalesforceSession} and the adapters read the plumbing, which across two packages
 * would be a package cycle.
 */
package io.rcsync.salesforce;

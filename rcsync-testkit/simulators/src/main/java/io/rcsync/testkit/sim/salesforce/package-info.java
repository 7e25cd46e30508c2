/**
 * An embedded Salesforce REST API for offline tests and demos: {@link
 * io.rcsync.testkit.sim.salesforce.SalesforceSimulator} runs a JDK HTTP server on a free localhost port, backed by
 * an in-memory org whose objects and fields an {@link io.rcsync.testkit.sim.salesforce.OrgSchema} declares
 * ({@link io.rcsync.testkit.sim.salesforce.OrgSchema#litifyDefaults} builds Litify's Note, Matter, Intake and User).
 *
 * <p>It answers what rcsync's Salesforce adapter and a curious user would send: SOQL through {@code /query},
 * {@code /queryAll} and {@code nextRecordsUrl} paging (a tokenizer, recursive-descent parser and evaluator, see
 * {@code SoqlParser} for the grammar), sObject Collections create/upsert/delete with per-record results, the
 * Composite resource (up to 25 subrequests, five of them queries, in one API call), describe, versions and
 * limits, with Salesforce's status codes and error bodies. Tests steer it through {@link
 * io.rcsync.testkit.sim.salesforce.SalesforceFaults} (503s, per-record UNABLE_TO_LOCK_ROW or any code), token
 * revocation, the DailyApiRequests budget and per-endpoint call counters.
 */
package io.rcsync.testkit.sim.salesforce;

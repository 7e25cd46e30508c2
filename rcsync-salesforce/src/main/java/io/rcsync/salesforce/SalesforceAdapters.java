package io.rcsync.salesforce;

import io.rcsync.core.domain.ApiCalls;
import java.util.Objects;

/**
 * Builds the Salesforce ports on one shared HTTP client, session and API-call counter:
 *
 * <pre>{@code
 * SalesforceAuth auth = SalesforceAuth.fromEnvironment(System.getenv(), Optional.of("LITIFY_ORG"));
 * SalesforceAdapters sf = SalesforceAdapters.create(SalesforceConfig.builder().schema(schema).build(), auth, apiCalls);
 * CaseDirectory cases = sf.newCaseDirectory();   // one per run: it caches lookups
 * NoteSink sink = sf.noteSink();
 * NoteStore store = sf.noteStore();
 * SalesforceDescribe describe = sf.describe();   // doctor: do the objects and fields exist and are they writable?
 * }</pre>
 */
public final class SalesforceAdapters {
  private final SalesforceHttp http;

  private SalesforceAdapters(SalesforceHttp http) {
    this.http = http;
  }

  public static SalesforceAdapters create(SalesforceConfig config, SalesforceAuth auth, ApiCalls apiCalls) {
    return new SalesforceAdapters(new SalesforceHttp(Objects.requireNonNull(config), Objects.requireNonNull(auth),
        Objects.requireNonNull(apiCalls)));
  }

  /** A fresh directory with an empty cache: use one per run. */
  public SalesforceCaseDirectory newCaseDirectory() {
    return new SalesforceCaseDirectory(http);
  }

  public SalesforceNoteSink noteSink() {
    return new SalesforceNoteSink(http);
  }

  public SalesforceNoteStore noteStore() {
    return new SalesforceNoteStore(http);
  }

  /** Object and field metadata on the same session, client and call counter as the ports. */
  public SalesforceDescribe describe() {
    return new SalesforceDescribe(http);
  }

  public SalesforceConfig config() {
    return http.config();
  }
}

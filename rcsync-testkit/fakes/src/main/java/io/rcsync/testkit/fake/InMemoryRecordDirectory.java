package io.rcsync.testkit.fake;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.RecordDirectory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory {@link RecordDirectory}: Matters and Intakes with their names, users with theirs. Counts one
 * Salesforce call per {@link #findCase} object asked (as the Salesforce adapter: Matter, then Intake) and one per
 * {@link #userNames} call with ids; {@link #fileUrl} answers {@code https://example.invalid/lightning/r/...} so links
 * can be checked without an org.
 */
public final class InMemoryRecordDirectory implements RecordDirectory {
  /** The instance address {@link #fileUrl} uses. */
  public static final String INSTANCE = "https://example.invalid";

  private final Map<String, CaseSummary> cases = new LinkedHashMap<>();
  private final Map<String, String> users = new LinkedHashMap<>();
  private final ApiCalls calls;

  public InMemoryRecordDirectory(ApiCalls calls) {
    this.calls = calls;
  }

  /** Adds a Matter or Intake under a name (its Litify number). */
  public synchronized InMemoryRecordDirectory add(CaseRecord record, String name) {
    cases.put(record.id().shortForm(), new CaseSummary(record.id(), record.kind(), name, record.phoneValues()));
    return this;
  }

  /** Adds a Salesforce user's name. */
  public synchronized InMemoryRecordDirectory addUser(SalesforceId user, String name) {
    users.put(user.shortForm(), name);
    return this;
  }

  @Override
  public synchronized Optional<CaseSummary> findCase(SalesforceId id) {
    CaseSummary c = cases.get(id.shortForm());
    calls.increment(ApiCalls.SALESFORCE);
    if (c == null || c.kind() == io.rcsync.core.domain.CaseKind.INTAKE) {
      calls.increment(ApiCalls.SALESFORCE); // the Intake object is asked after the Matter object
    }
    return Optional.ofNullable(c);
  }

  @Override
  public synchronized Map<String, String> userNames(Collection<SalesforceId> ids) {
    Map<String, String> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    calls.increment(ApiCalls.SALESFORCE);
    for (SalesforceId id : ids) {
      String n = users.get(id.shortForm());
      if (n != null) {
        out.put(id.shortForm(), n);
      }
    }
    return out;
  }

  @Override
  public Optional<String> fileUrl(SalesforceId contentDocumentId) {
    return Optional.of(INSTANCE + "/lightning/r/ContentDocument/" + contentDocumentId.value() + "/view");
  }
}

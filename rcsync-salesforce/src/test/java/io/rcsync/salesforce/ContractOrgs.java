package io.rcsync.salesforce;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.port.out.CaseDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Fake orgs for the contract tests, closed after each test. */
final class ContractOrgs implements AutoCloseable {
  private static final DateTimeFormatter SF_DATETIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

  private final List<FakeSalesforceOrg> orgs = new ArrayList<>();

  CaseDirectory directory(List<CaseRecord> records, LitifySchema schema, boolean composite) {
    FakeSalesforceOrg org;
    try {
      org = new FakeSalesforceOrg();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    orgs.add(org);
    for (CaseRecord r : records) {
      String object = r.kind() == CaseKind.MATTER ? schema.matterObject() : schema.intakeObject();
      org.add(object, r.id().value(), r.status(), SF_DATETIME.format(r.createdDate()), r.phoneValues());
    }
    SalesforceConfig config = SalesforceConfig.builder().schema(schema).compositeQueries(composite).build();
    return new SalesforceCaseDirectory(config, new StaticTokenAuth(org.baseUrl(), "00Dx!tok"), new ApiCalls());
  }

  @Override
  public void close() {
    orgs.forEach(FakeSalesforceOrg::close);
    orgs.clear();
  }
}

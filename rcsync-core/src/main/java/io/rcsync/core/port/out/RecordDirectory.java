package io.rcsync.core.port.out;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.SalesforceId;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a record's transcript (issue 14) needs from Salesforce besides its Notes and Files: the Matter or Intake
 * itself (its Name for the heading, its phone fields for the counterparty), the names of the Notes' owners that the
 * roster does not name, and the address staff open a file at.
 *
 * <p>Every method throws {@link ExternalSystemException} when Salesforce cannot serve it.
 */
public interface RecordDirectory {

  /**
   * A Matter or Intake as the transcript's heading shows it.
   *
   * @param id the record's id as Salesforce returned it (18 characters from the Salesforce adapter)
   * @param kind Matter or Intake, by the object the record was found in
   * @param name the record's {@code Name} (Litify: the Matter or Intake number, e.g. {@code MAT-26-000123}); empty
   *     string when blank
   * @param phoneValues the configured phone fields' values as typed (blank ones left out), by field API name
   */
  record CaseSummary(SalesforceId id, CaseKind kind, String name, Map<String, String> phoneValues) {
    public CaseSummary {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      name = name == null ? "" : name;
      phoneValues = Map.copyOf(phoneValues);
    }
  }

  /**
   * The Matter or Intake with this id (15 or 18 characters), empty when neither object holds it. Salesforce: one
   * query of the Matter object and, when that finds nothing, one of the Intake object.
   */
  Optional<CaseSummary> findCase(SalesforceId id);

  /**
   * The {@code Name} of each of these users that exists, keyed by the 15-character id ({@link SalesforceId#shortForm()});
   * none makes no call. Salesforce: one {@code SELECT Id, Name FROM User WHERE Id IN (...)} per 200 ids.
   */
  Map<String, String> userNames(Collection<SalesforceId> users);

  /**
   * Where a user opens a Salesforce File in the browser (Lightning Experience's record page of the ContentDocument),
   * e.g. {@code https://acme.my.salesforce.com/lightning/r/ContentDocument/069.../view}. No call; empty when this
   * directory has no browser address (an in-memory org).
   */
  Optional<String> fileUrl(SalesforceId contentDocumentId);
}

package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.RecordDirectory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Matter or Intake, user names and file addresses a transcript (issue 14) needs, in as few calls as possible:
 *
 * <ul>
 *   <li>{@link #findCase}: {@code SELECT Id, Name, <phone fields> FROM <Matter object> WHERE Id = :id} and, only when
 *       that finds nothing, the same on the Intake object (one call for a Matter, two for an Intake). A phone field
 *       the object lacks ({@code INVALID_FIELD}) is not asked again: the statement is retried with {@code Id, Name}.
 *   <li>{@link #userNames}: {@code SELECT Id, Name FROM User WHERE Id IN (...)}, 200 ids a statement.
 *   <li>{@link #fileUrl}: no call; Lightning Experience's record page of the ContentDocument on this instance,
 *       {@code /lightning/r/{objectApiName}/{recordId}/view} (the {@code standard__recordPage} URL format,
 *       https://developer.salesforce.com/docs/atlas.en-us.220.0.lightning.meta/lightning/components_navigation_page_definitions.htm).
 *       A My Domain instance URL ({@code https://acme.my.salesforce.com}) redirects it to the Lightning domain.
 * </ul>
 */
public final class SalesforceRecordDirectory implements RecordDirectory {
  private static final int IDS_PER_QUERY = 200;

  private final SalesforceHttp http;
  private final LitifySchema schema;

  SalesforceRecordDirectory(SalesforceHttp http) {
    this.http = Objects.requireNonNull(http);
    this.schema = http.config().schema();
  }

  @Override
  public Optional<CaseSummary> findCase(SalesforceId id) {
    Objects.requireNonNull(id, "id");
    for (CaseKind kind : List.of(CaseKind.MATTER, CaseKind.INTAKE)) {
      String object = Soql.identifier(kind == CaseKind.MATTER ? schema.matterObject() : schema.intakeObject(),
          kind == CaseKind.MATTER ? "Matter object" : "Intake object");
      Set<String> fields = new LinkedHashSet<>(List.of("Id", "Name"));
      schema.phoneFields().forEach(f -> fields.add(Soql.identifier(f, "phone field")));
      List<JsonNode> rows;
      try {
        rows = query("SELECT " + String.join(", ", fields) + " FROM " + object + " WHERE Id = "
            + Soql.literal(id.value()), "lookup of " + object + " " + id.value());
      } catch (io.rcsync.core.port.out.ExternalSystemException e) {
        if (!String.valueOf(e.getMessage()).contains("INVALID_FIELD")) {
          throw e;
        }
        // the config has one phone-field list for both objects; this object lacks one of them
        rows = query("SELECT Id, Name FROM " + object + " WHERE Id = " + Soql.literal(id.value()),
            "lookup of " + object + " " + id.value());
      }
      if (!rows.isEmpty()) {
        JsonNode r = rows.get(0);
        Map<String, String> phones = new LinkedHashMap<>();
        for (String f : schema.phoneFields()) {
          JsonNode v = r.get(f);
          if (v != null && !v.isNull() && !v.asText().isBlank()) {
            phones.put(f, v.asText());
          }
        }
        return Optional.of(new CaseSummary(SalesforceId.of(r.path("Id").asText()), kind, r.path("Name").asText(""),
            phones));
      }
    }
    return Optional.empty();
  }

  @Override
  public Map<String, String> userNames(Collection<SalesforceId> users) {
    List<String> ids = users.stream().map(SalesforceId::shortForm).distinct().sorted().toList();
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
      List<String> group = ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY));
      List<String> literals = new ArrayList<>();
      group.forEach(g -> literals.add(Soql.literal(g)));
      for (JsonNode r : query("SELECT Id, Name FROM User WHERE Id IN (" + String.join(",", literals) + ")",
          "lookup of user names")) {
        String id = r.path("Id").asText("");
        if (id.length() >= 15) {
          out.put(id.substring(0, 15), r.path("Name").asText(""));
        }
      }
    }
    return out;
  }

  @Override
  public Optional<String> fileUrl(SalesforceId contentDocumentId) {
    String base = http.instanceUrl();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return Optional.of(base + "/lightning/r/ContentDocument/" + contentDocumentId.value() + "/view");
  }

  private List<JsonNode> query(String soql, String what) {
    return http.queryAll(soql, what);
  }
}

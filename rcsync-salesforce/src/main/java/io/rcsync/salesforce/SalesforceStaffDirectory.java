package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.StaffDirectory;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The org's active standard users, for {@code rcsync init}: one SOQL query,
 * {@value #SOQL}, every page read through {@code nextRecordsUrl}
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm). {@code UserType =
 * 'Standard'} keeps internal, licensed users and leaves out partner and customer-portal users, guest and automated
 * process users (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_user.htm).
 * A record without a usable User id cannot own a Note: it is skipped with a warning naming it.
 */
public final class SalesforceStaffDirectory implements StaffDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(SalesforceStaffDirectory.class);
  /** The statement sent. */
  public static final String SOQL = "SELECT Id, Name, FirstName, LastName, Email, Username FROM User"
      + " WHERE IsActive = true AND UserType = 'Standard'";

  private final SalesforceHttp http;

  SalesforceStaffDirectory(SalesforceHttp http) {
    this.http = http;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One API call per page of up to 2,000 users.
   */
  @Override
  public List<SalesforceUser> activeUsers() {
    String what = "query on User";
    JsonNode page = http.get(http.config().dataPath() + "/query?q=" + Soql.encode(SOQL), what);
    List<SalesforceUser> out = new ArrayList<>();
    int pages = 1;
    while (true) {
      JsonNode records = page.path("records");
      if (!records.isArray()) {
        throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.CONNECTION,
            what + ": page " + pages + " has no 'records' array");
      }
      for (JsonNode r : records) {
        String id = text(r, "Id");
        SalesforceId userId;
        try {
          userId = SalesforceId.of(id);
        } catch (IllegalArgumentException | NullPointerException e) {
          userId = null;
        }
        if (userId == null || !id.startsWith("005")) {
          LOG.warn("Salesforce User query: skipped a record with unusable Id '{}' (Username {})", id,
              text(r, "Username"));
          continue;
        }
        out.add(new SalesforceUser(userId, text(r, "Name"), text(r, "FirstName"), text(r, "LastName"),
            text(r, "Email"), text(r, "Username")));
      }
      String next = page.path("nextRecordsUrl").asText("");
      if (page.path("done").asBoolean(true) || next.isEmpty()) {
        break;
      }
      page = http.get(next, what + " (next page)");
      pages++;
    }
    return List.copyOf(out);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }

  @Override
  public String toString() {
    return "SalesforceStaffDirectory[" + http.instanceUrl() + "]";
  }
}

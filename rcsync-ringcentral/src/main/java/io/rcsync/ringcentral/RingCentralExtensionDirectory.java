package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's extensions, so core can resolve roster rows by extension id or number and flag staff who have none.
 *
 * <p>{@code GET /restapi/v1.0/account/~/extension?perPage=1000}, following {@code navigation.nextPage}
 * (https://developers.ringcentral.com/api-reference/Extensions/listExtensions; records {@code id, extensionNumber,
 * name, status, type, contact}, https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1GetExtensionListInfoResponse.html).
 * {@code contact.firstName}, {@code contact.lastName} (user extensions only) and {@code contact.email}
 * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1ContactInfo.html) are what {@code rcsync
 * init} matches Salesforce users by. Every type and status is listed: sync resolves roster rows by number whatever the
 * type, and init keeps the enabled user extensions itself.
 * A record without a usable id cannot be a sync target and is skipped with a warning.
 */
public final class RingCentralExtensionDirectory implements ExtensionDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(RingCentralExtensionDirectory.class);

  private final RingCentralConfig config;
  private final ApiClient api;

  public RingCentralExtensionDirectory(RingCentralAuth auth) {
    this.config = Objects.requireNonNull(auth, "auth").config();
    this.api = auth.api();
  }

  public static RingCentralExtensionDirectory create(RingCentralConfig config, ApiCalls apiCalls) {
    return new RingCentralExtensionDirectory(new RingCentralAuth(config, apiCalls));
  }

  @Override
  public List<Extension> listExtensions() {
    List<Extension> out = new ArrayList<>();
    URI next = URI.create(config.serverUrl() + "/restapi/v1.0/account/~/extension?perPage=" + config.perPage());
    int pages = 0;
    while (next != null) {
      JsonNode body;
      try {
        body = api.getJson(next, "extension-list");
      } catch (ExternalSystemException e) {
        String progress = pages == 0 ? "gave up before the first page"
            : "gave up after " + pages + (pages == 1 ? " page / " : " pages / ") + out.size() + " extensions";
        throw new ExternalSystemException(e.system(), e.kind(), "extension directory: " + progress + ": "
            + e.getMessage(), e);
      }
      pages++;
      JsonNode records = body.path("records");
      if (!records.isArray()) {
        throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.CONNECTION,
            "extension directory: page " + pages + " has no 'records' array");
      }
      for (JsonNode r : records) {
        String id = r.path("id").isValueNode() ? r.path("id").asText().strip() : "";
        ExtensionId extensionId;
        try {
          extensionId = ExtensionId.of(id);
        } catch (IllegalArgumentException e) {
          LOG.warn("RingCentral extension list: skipped a record with unusable id '{}' (number {})", id,
              text(r, "extensionNumber"));
          continue;
        }
        JsonNode contact = r.path("contact");
        out.add(new Extension(extensionId, text(r, "extensionNumber"), text(r, "name"), text(r, "status"),
            text(r, "type"), text(contact, "firstName"), text(contact, "lastName"), text(contact, "email")));
      }
      next = Pages.next(body, next, config.serverUrl()).orElse(null);
    }
    return List.copyOf(out);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }

  @Override
  public String toString() {
    return "RingCentralExtensionDirectory[" + config.serverUrl() + "]";
  }
}

package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.port.out.ExtensionDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /restapi/v1.0/account/{accountId}/extension}: the account's extensions, filtered by {@code status},
 * {@code type}, {@code email} (each repeatable) and {@code extensionNumber}, paged
 * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1ListExtensionsParameters.html). Not thread-safe: the simulator calls it under its lock.
 */
final class RcExtensionListEndpoint {
  static final Pattern PATH = Pattern.compile("^/restapi/v1\\.0/account/([^/]+)/extension/?$");

  private final RcDirectory directory;

  RcExtensionListEndpoint(RcDirectory directory) {
    this.directory = directory;
  }

  RcResponse get(String baseUrl, String rawPath, String rawQuery) {
    Matcher m = PATH.matcher(rawPath);
    m.matches();
    if (!directory.isAccount(m.group(1))) {
      return RcErrors.notFound("accountId");
    }
    Map<String, List<String>> q = RcQueryParams.parse(rawQuery);
    RcPaging paging;
    try {
      paging = RcPaging.of(q);
    } catch (IllegalArgumentException e) {
      return RcErrors.invalidParameter(e.getMessage());
    }
    Set<String> statuses = RcQueryParams.multi(q, "status");
    Set<String> types = RcQueryParams.multi(q, "type");
    Set<String> emails = new java.util.HashSet<>();
    RcQueryParams.multi(q, "email").forEach(v -> emails.add(v.strip().toLowerCase(java.util.Locale.ROOT)));
    String number = RcQueryParams.first(q, "extensionNumber");
    List<ExtensionDirectory.Extension> matching = directory.extensions().stream()
        .filter(e -> statuses.isEmpty() || (e.status() != null && statuses.contains(e.status())))
        .filter(e -> types.isEmpty() || types.contains(e.type() == null ? ExtensionDirectory.TYPE_USER : e.type()))
        .filter(e -> emails.isEmpty() || (e.email() != null
            && emails.contains(e.email().strip().toLowerCase(java.util.Locale.ROOT))))
        .filter(e -> number == null || number.equals(e.number()))
        .toList();
    String path = "/restapi/v1.0/account/" + directory.accountId() + "/extension";
    List<JsonNode> records = new ArrayList<>();
    for (ExtensionDirectory.Extension e : paging.slice(matching)) {
      records.add(RcRecords.extension(e, baseUrl + path));
    }
    return RcResponse.json(200, paging.listBody(baseUrl, path, q, matching.size(), records));
  }
}

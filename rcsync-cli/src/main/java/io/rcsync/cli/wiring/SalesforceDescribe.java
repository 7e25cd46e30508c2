package io.rcsync.cli.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.cli.wiring.SalesforcePorts.FieldInfo;
import io.rcsync.cli.wiring.SalesforcePorts.ObjectInfo;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.salesforce.SalesforceAuth;
import io.rcsync.salesforce.SalesforceConfig;
import io.rcsync.salesforce.internal.SalesforceHttp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one Salesforce call only {@code doctor} makes: describe an object to learn whether it and its fields exist and
 * are writable by the session's user. {@code GET /services/data/vXX.X/sobjects/{object}/describe}; a 404 means the
 * object does not exist for this user. Field properties {@code createable}, {@code updateable}, {@code externalId}:
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm and
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm
 * Goes through the adapter's HTTP client, so 401 renewal, retries and call counting are the same as for a sync.
 */
final class SalesforceDescribe {
  private final SalesforceHttp http;
  private final String dataPath;

  SalesforceDescribe(SalesforceAuth auth, SalesforceConfig config, ApiCalls apiCalls) {
    this.http = new SalesforceHttp(config, auth, apiCalls);
    this.dataPath = config.dataPath();
  }

  Optional<ObjectInfo> object(String name) {
    SalesforceHttp.Response r = http.exchange("GET", dataPath + "/sobjects/" + name + "/describe", null);
    if (r.status() == 404) {
      return Optional.empty();
    }
    JsonNode body = http.require(r, "describe of " + name);
    Map<String, FieldInfo> fields = new LinkedHashMap<>();
    for (JsonNode f : body.path("fields")) {
      String field = f.path("name").asText();
      fields.put(field, new FieldInfo(field, f.path("type").asText("?"), f.path("createable").asBoolean(),
          f.path("updateable").asBoolean(), f.path("externalId").asBoolean()));
    }
    return Optional.of(new ObjectInfo(body.path("name").asText(name), body.path("createable").asBoolean(),
        body.path("updateable").asBoolean(), body.path("deletable").asBoolean(), fields));
  }
}

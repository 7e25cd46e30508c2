package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the org has the objects and fields a sync writes and reads, and whether the session's user may write them:
 * what {@code rcsync doctor} checks before a first sync. Get one from {@link SalesforceAdapters#describe()}; it shares
 * that set's session, HTTP client and API-call counter, so 401 renewal, retries and counting are the same as for a
 * sync (one call per object described).
 *
 * <p>{@code GET /services/data/vXX.X/sobjects/{object}/describe}; a 404 means the object does not exist for this user.
 * Object properties {@code createable}, {@code updateable}, {@code deletable}; field properties {@code name},
 * {@code type}, {@code createable}, {@code updateable}, {@code externalId}:
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm and
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm
 */
public final class SalesforceDescribe {
  private final SalesforceHttp http;

  SalesforceDescribe(SalesforceHttp http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  /**
   * The object's metadata (one describe call), empty when the org has no such object for this user.
   *
   * @throws io.rcsync.core.port.out.ExternalSystemException when Salesforce refuses the describe or cannot be reached
   */
  public Optional<ObjectInfo> object(String apiName) {
    SalesforceHttp.Response r = http.exchange("GET", http.config().dataPath() + "/sobjects/" + apiName + "/describe", null);
    if (r.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(parse(http.require(r, "describe of " + apiName), apiName));
  }

  /** Reads a describe answer's body ({@code {"name", "createable", ..., "fields":[...]}}). */
  static ObjectInfo parse(JsonNode body, String apiName) {
    Map<String, FieldInfo> fields = new LinkedHashMap<>();
    for (JsonNode f : body.path("fields")) {
      String field = f.path("name").asText();
      fields.put(field, new FieldInfo(field, f.path("type").asText("?"), f.path("createable").asBoolean(),
          f.path("updateable").asBoolean(), f.path("externalId").asBoolean(), isRichText(f)));
    }
    return new ObjectInfo(body.path("name").asText(apiName), body.path("createable").asBoolean(),
        body.path("updateable").asBoolean(), body.path("deletable").asBoolean(), fields);
  }

  /**
   * A Rich Text Area: {@code extraTypeInfo: "richtextarea"} or {@code htmlFormatted: true} (a plain Long Text Area
   * has {@code extraTypeInfo: "plaintextarea"} and {@code htmlFormatted: false}), per DescribeSObjectResult's Field:
   * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm
   */
  static boolean isRichText(JsonNode field) {
    return "richtextarea".equalsIgnoreCase(field.path("extraTypeInfo").asText(""))
        || field.path("htmlFormatted").asBoolean(false);
  }

  /** What a describe says of an object: its API name, what the user may do with its records, and its fields by name. */
  public record ObjectInfo(String name, boolean createable, boolean updateable, boolean deletable,
      Map<String, FieldInfo> fields) {
    public ObjectInfo {
      fields = Map.copyOf(fields);
    }
  }

  /**
   * What a describe says of a field: API name, type ({@code string}, {@code reference} ...), the user's rights, and
   * whether it is a Rich Text Area (HTML values: {@link io.rcsync.core.domain.NoteBodyFormat#RICH_TEXT}).
   */
  public record FieldInfo(String name, String type, boolean createable, boolean updateable, boolean externalId,
      boolean richText) {
    /** A field that is not a Rich Text Area. */
    public FieldInfo(String name, String type, boolean createable, boolean updateable, boolean externalId) {
      this(name, type, createable, updateable, externalId, false);
    }
  }

  @Override
  public String toString() {
    return "SalesforceDescribe[" + http.config().apiVersion() + "]";
  }
}

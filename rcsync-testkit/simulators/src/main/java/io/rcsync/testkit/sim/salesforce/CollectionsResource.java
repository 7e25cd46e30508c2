package io.rcsync.testkit.sim.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sObject Collections: create ({@code POST .../composite/sobjects}), upsert on an external id
 * ({@code PATCH .../composite/sobjects/{object}/{externalIdField}}) and delete ({@code DELETE
 * .../composite/sobjects?ids=}), up to 200 records, each with its own result unless allOrNone.
 */
final class CollectionsResource {
  private final SalesforceSimulator sim;
  private final ObjectMapper json;
  private final SObjectResource sobjects;

  CollectionsResource(SalesforceSimulator sim, ObjectMapper json, SObjectResource sobjects) {
    this.sim = sim;
    this.json = json;
    this.sobjects = sobjects;
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm */
  List<Map<String, Object>> create(JsonNode body, String user) {
    boolean allOrNone = body.path("allOrNone").asBoolean(false);
    List<OrgStore.Prepared> prepared = new ArrayList<>();
    for (JsonNode rec : records(body)) {
      String typeName = rec.path("attributes").path("type").asText(null);
      if (typeName == null) {
        throw new SalesforceApiException(400, "INVALID_TYPE", "Must specify a type in the attributes map of each "
            + "record");
      }
      SObjectType t = sim.schema().object(typeName).orElseThrow(() -> new SalesforceApiException(400,
          "INVALID_TYPE", "sObject type '" + typeName + "' is not supported."));
      prepared.add(prepare(t, rec));
    }
    synchronized (sim.store) {
      return sim.store.create(prepared, allOrNone, OrgStore.Mode.API, user).stream()
          .map(r -> result(r, false)).toList();
    }
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm */
  List<Map<String, Object>> upsert(String objectName, String fieldName, JsonNode body, String user) {
    SObjectType t = sobjects.object(objectName);
    SObjectField field = t.field(fieldName).orElseThrow(() -> new SalesforceApiException(404, "NOT_FOUND",
        "Provided external ID field does not exist or is not accessible: " + fieldName));
    if (!field.externalId()) {
      throw new SalesforceApiException(400, "INVALID_FIELD", "Field " + field.name() + " is not an External ID field"
          + (field.is("Id") ? " (sObject Collections upsert matches on external ids only)" : ""));
    }
    boolean allOrNone = body.path("allOrNone").asBoolean(false);
    List<OrgStore.Prepared> prepared = new ArrayList<>();
    for (JsonNode rec : records(body)) {
      String typeName = rec.path("attributes").path("type").asText(null);
      if (typeName == null || !typeName.equalsIgnoreCase(t.name())) {
        throw new SalesforceApiException(400, "INVALID_TYPE", "Each record must have an attributes map with type '"
            + t.name() + "' (the object in the request URI)" + (typeName == null ? "" : ", not '" + typeName + "'"));
      }
      prepared.add(prepare(t, rec));
    }
    synchronized (sim.store) {
      return sim.store.upsert(t, field, prepared, allOrNone, OrgStore.Mode.API, user).stream()
          .map(r -> result(r, true)).toList();
    }
  }

  /**
   * Update by id: each record has an {@code attributes.type} and an {@code id}; only the fields it carries change
   * (LastModifiedDate moves for each record written, none for a record not sent). Results in request order.
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
   */
  List<Map<String, Object>> update(JsonNode body, String user) {
    boolean allOrNone = body.path("allOrNone").asBoolean(false);
    List<Map.Entry<String, OrgStore.Prepared>> prepared = new ArrayList<>();
    for (JsonNode rec : records(body)) {
      String typeName = rec.path("attributes").path("type").asText(null);
      if (typeName == null) {
        throw new SalesforceApiException(400, "INVALID_TYPE", "Must specify a type in the attributes map of each "
            + "record");
      }
      SObjectType t = sim.schema().object(typeName).orElseThrow(() -> new SalesforceApiException(400,
          "INVALID_TYPE", "sObject type '" + typeName + "' is not supported."));
      String id = null;
      for (Map.Entry<String, JsonNode> e : rec.properties()) {
        if (e.getKey().equalsIgnoreCase("id")) {
          id = e.getValue().asText(null);
        }
      }
      prepared.add(Map.entry(id == null ? "" : id, prepare(t, rec)));
    }
    synchronized (sim.store) {
      return sim.store.updateById(prepared, allOrNone, OrgStore.Mode.API, user).stream()
          .map(r -> result(r, false)).toList();
    }
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm */
  List<Map<String, Object>> delete(String idsParam, String allOrNoneParam) {
    if (idsParam == null || idsParam.isBlank()) {
      throw new SalesforceApiException(400, "MISSING_ARGUMENT", "ids parameter not specified");
    }
    List<String> ids = Arrays.stream(idsParam.split(",")).map(String::trim).toList();
    if (ids.size() > SalesforceSimulator.MAX_COLLECTION_SIZE) {
      throw tooManyRecords();
    }
    boolean allOrNone = Boolean.parseBoolean(allOrNoneParam);
    synchronized (sim.store) {
      return sim.store.delete(ids, allOrNone).stream().map(r -> result(r, false)).toList();
    }
  }

  private List<JsonNode> records(JsonNode body) {
    JsonNode records = body.get("records");
    if (records == null || !records.isArray()) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "The request body must be an object with a "
          + "records array");
    }
    if (records.size() > SalesforceSimulator.MAX_COLLECTION_SIZE) {
      throw tooManyRecords();
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : records) {
      if (!r.isObject()) {
        throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Each element of records must be an object");
      }
      out.add(r);
    }
    sim.countRecordsWritten(out.size());
    return out;
  }

  private OrgStore.Prepared prepare(SObjectType t, JsonNode rec) {
    Map<String, Object> raw = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : rec.properties()) {
      if (!e.getKey().equals("attributes")) {
        raw.put(e.getKey(), json.convertValue(e.getValue(), Object.class));
      }
    }
    try {
      return sim.store.prepare(t, raw);
    } catch (IllegalArgumentException e) {
      throw new SalesforceApiException(400, "JSON_PARSER_ERROR", e.getMessage());
    }
  }

  private static SalesforceApiException tooManyRecords() {
    return new SalesforceApiException(400, "EXCEEDED_ID_LIMIT",
        "record limit reached. cannot submit more than " + SalesforceSimulator.MAX_COLLECTION_SIZE
            + " records into this call");
  }

  private static Map<String, Object> result(SaveResult r, boolean upsert) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (r.success()) {
      out.put("id", r.id());
    }
    out.put("success", r.success());
    List<Map<String, Object>> errors = new ArrayList<>();
    for (RecordError e : r.errors()) {
      Map<String, Object> err = new LinkedHashMap<>();
      err.put("statusCode", e.statusCode());
      err.put("message", e.message());
      err.put("fields", e.fields());
      errors.add(err);
    }
    out.put("errors", errors);
    if (upsert && r.success()) {
      out.put("created", r.created());
    }
    return out;
  }
}

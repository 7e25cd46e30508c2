package io.rcsync.testkit.sim.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sObject resources: describe global ({@code .../sobjects}), an object's describe, and retrieving a record by id. */
final class SObjectResource {
  private final SalesforceSimulator sim;

  SObjectResource(SalesforceSimulator sim) {
    this.sim = sim;
  }

  /** The object named in the path, else 404 NOT_FOUND. */
  SObjectType object(String name) {
    return sim.schema().object(name).orElseThrow(SalesforceHttpHandler::notFound);
  }

  Map<String, Object> describeGlobal(String v) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (SObjectType t : sim.schema().objects()) {
      Map<String, Object> o = objectSummary(t, v);
      objects.add(o);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("encoding", "UTF-8");
    out.put("maxBatchSize", SalesforceSimulator.MAX_COLLECTION_SIZE);
    out.put("sobjects", objects);
    return out;
  }

  private Map<String, Object> objectSummary(SObjectType t, String v) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", t.name());
    o.put("label", t.label());
    o.put("keyPrefix", t.keyPrefix());
    o.put("custom", t.custom());
    o.put("createable", true);
    o.put("updateable", true);
    o.put("deletable", !t.name().equals(OrgSchema.USER));
    o.put("queryable", true);
    o.put("urls", Map.of("sobject", "/services/data/v" + v + "/sobjects/" + t.name(),
        "describe", "/services/data/v" + v + "/sobjects/" + t.name() + "/describe",
        "rowTemplate", "/services/data/v" + v + "/sobjects/" + t.name() + "/{ID}"));
    return o;
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm */
  Map<String, Object> describe(String v, SObjectType t) {
    Map<String, Object> out = objectSummary(t, v);
    List<Map<String, Object>> fields = new ArrayList<>();
    for (SObjectField f : t.fields()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", f.name());
      d.put("label", f.label());
      d.put("type", f.type().describeName());
      d.put("soapType", f.type().soapType());
      d.put("length", f.length());
      // Field.extraTypeInfo / htmlFormatted: "richtextarea" + true for a Rich Text Area, "plaintextarea" for a plain
      // one (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm)
      d.put("extraTypeInfo", f.type() == FieldType.RICHTEXTAREA ? "richtextarea"
          : f.type() == FieldType.TEXTAREA ? "plaintextarea" : null);
      d.put("htmlFormatted", f.type() == FieldType.RICHTEXTAREA);
      d.put("createable", f.createable());
      d.put("updateable", f.updateable());
      d.put("nillable", f.nillable());
      d.put("defaultedOnCreate", f.autoNumber() || f.type() == FieldType.BOOLEAN || f.is("Id")
          || f.is("OwnerId") || f.is("CreatedDate") || f.is("LastModifiedDate") || f.is("SystemModstamp")
          || f.is("CreatedById") || f.is("LastModifiedById"));
      d.put("externalId", f.externalId());
      d.put("unique", f.unique());
      d.put("idLookup", f.is("Id") || f.externalId() || f.unique());
      d.put("caseSensitive", false);
      d.put("autoNumber", f.autoNumber());
      d.put("calculated", false);
      d.put("custom", f.custom());
      d.put("filterable", f.filterable());
      d.put("sortable", f.sortable());
      d.put("groupable", f.groupable());
      d.put("referenceTo", f.referenceTo());
      d.put("relationshipName", f.relationshipName());
      d.put("restrictedPicklist", f.restrictedPicklist());
      List<Map<String, Object>> values = new ArrayList<>();
      for (String p : f.picklistValues()) {
        values.add(Map.of("value", p, "label", p, "active", true, "defaultValue", false));
      }
      d.put("picklistValues", values);
      fields.add(d);
    }
    out.put("fields", fields);
    return out;
  }

  /**
   * One record: 201 {@code {"id","success":true,"errors":[]}}, or 400 with the REST error body. Salesforce Files'
   * ContentDocument cannot be created (it comes with its first ContentVersion).
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
   */
  SalesforceHttpHandler.Reply create(SObjectType t, com.fasterxml.jackson.databind.JsonNode body,
      com.fasterxml.jackson.databind.ObjectMapper json, String user) {
    if (t.name().equals(OrgSchema.CONTENT_DOCUMENT)) {
      throw new SalesforceApiException(405, "METHOD_NOT_ALLOWED", "HTTP Method 'POST' not allowed. Allowed are "
          + "GET,HEAD (a ContentDocument is created with its first ContentVersion)");
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : body.properties()) {
      if (!e.getKey().equals("attributes")) {
        raw.put(e.getKey(), json.convertValue(e.getValue(), Object.class));
      }
    }
    synchronized (sim.store) {
      OrgStore.Prepared p;
      try {
        p = sim.store.prepare(t, raw);
      } catch (IllegalArgumentException e) {
        throw new SalesforceApiException(400, "JSON_PARSER_ERROR", e.getMessage());
      }
      if (!p.unknownFields().isEmpty()) {
        throw new SalesforceApiException(400, "INVALID_FIELD", "No such column '" + p.unknownFields().get(0)
            + "' on sobject of type " + t.name());
      }
      SaveResult r = sim.store.create(List.of(p), true, OrgStore.Mode.API, user).get(0);
      if (!r.success()) {
        return SalesforceFiles.failed(r.errors().get(0));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", r.id());
      out.put("success", true);
      out.put("errors", List.of());
      return new SalesforceHttpHandler.Reply(201, out);
    }
  }

  /**
   * Deletes one record: 204, or 404 / 400 with the error body. A ContentDocument takes its versions and links with it.
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_delete_record.htm
   */
  SalesforceHttpHandler.Reply delete(SObjectType t, String id) {
    synchronized (sim.store) {
      if (sim.store.byId(id).filter(r -> r.type == t && !r.deleted).isEmpty()) {
        throw SalesforceHttpHandler.notFound();
      }
      SaveResult r = sim.store.delete(List.of(id), true).get(0);
      if (!r.success()) {
        return SalesforceFiles.failed(r.errors().get(0));
      }
      return new SalesforceHttpHandler.Reply(204, null);
    }
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve.htm */
  Map<String, Object> retrieve(String v, SObjectType t, String id, String fieldList) {
    synchronized (sim.store) {
      StoredRecord r = sim.store.byId(id).filter(x -> x.type == t).orElseThrow(SalesforceHttpHandler::notFound);
      if (r.deleted) {
        throw new SalesforceApiException(404, "ENTITY_IS_DELETED", "entity is deleted");
      }
      List<SObjectField> fields = t.fields();
      if (fieldList != null && !fieldList.isBlank()) {
        fields = new ArrayList<>();
        for (String name : fieldList.split(",")) {
          String n = name.trim();
          fields.add(t.field(n).orElseThrow(() -> new SalesforceApiException(400, "INVALID_FIELD",
              "No such column '" + n + "' on sobject of type " + t.name())));
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("attributes", Map.of("type", t.name(), "url", "/services/data/v" + v + "/sobjects/" + t.name() + "/"
          + r.id));
      for (SObjectField f : fields) {
        out.put(f.name(), ValueCodec.toJson(r.get(f)));
      }
      return out;
    }
  }
}

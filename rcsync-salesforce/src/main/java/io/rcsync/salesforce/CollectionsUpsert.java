package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts records by external id through sObject Collections:
 * {@code PATCH /services/data/vXX.X/composite/sobjects/{Object}/{ExternalIdField}} with
 * {@code {"allOrNone":false,"records":[{"attributes":{"type":...},...}]}}, at most 200 records a call
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm).
 * Results come back in request order as {@code {"id","success","created","errors":[{"statusCode","message","fields"}]}},
 * so each is matched to its record by position.
 *
 * <p>{@link #update} writes records by id through sObject Collections update:
 * {@code PATCH /services/data/vXX.X/composite/sobjects} with {@code {"allOrNone":false,"records":[{"attributes":
 * {"type":...},"id":...,<only the fields to change>}]}}, at most 200 records, results in request order
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm).
 *
 * <p>With {@link SalesforceConfig#compositeBatching()} (the default) up to five such collections (1,000 records) go in
 * one {@code POST /composite} call, each as a Collections subrequest with its own {@code allOrNone:false}, so one API
 * call writes 1,000 records and each record still has its own result; a subrequest refused as a whole fails only its
 * records, with its error. Without it, each collection is its own call.
 *
 * <p>Records that failed with {@code UNABLE_TO_LOCK_ROW} (another transaction held the parent Matter/Intake) are
 * sent again, only they, up to {@link SalesforceConfig#lockRowRetries()} times with backoff; every other error is
 * final and reported for its record only.
 */
final class CollectionsUpsert {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionsUpsert.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String UNABLE_TO_LOCK_ROW = "UNABLE_TO_LOCK_ROW";

  private final SalesforceHttp http;
  private final SalesforceConfig config;

  CollectionsUpsert(SalesforceHttp http) {
    this.http = Objects.requireNonNull(http);
    this.config = http.config();
  }

  /** One record to upsert: its external id and its field values (without {@code attributes}). */
  record Row(String externalId, Map<String, Object> fields) {}

  /**
   * One outcome per row, in row order. More than 200 rows are split into collections of 200; with
   * {@link SalesforceConfig#compositeBatching()} up to five collections travel in one {@code POST /composite} call
   * (1,000 rows), else each collection is its own call.
   */
  List<WriteOutcome> upsert(String object, String externalIdField, List<Row> rows) {
    return send(object, config.dataPath() + "/composite/sobjects/" + object + "/" + externalIdField, "upsert", rows);
  }

  /**
   * Updates records by id: each row's fields must hold {@code id} and only the fields to write. One outcome per row,
   * in row order (UPDATED or FAILED). Split and grouped into calls as {@link #upsert} does.
   */
  List<WriteOutcome> update(String object, List<Row> rows) {
    return send(object, config.dataPath() + "/composite/sobjects", "update", rows);
  }

  /** Collections of 200 rows, grouped {@link #collectionsPerCall()} to a call. */
  private List<WriteOutcome> send(String object, String path, String verb, List<Row> rows) {
    List<List<Row>> collections = new ArrayList<>();
    for (int i = 0; i < rows.size(); i += SalesforceConfig.MAX_COLLECTION_SIZE) {
      collections.add(rows.subList(i, Math.min(rows.size(), i + SalesforceConfig.MAX_COLLECTION_SIZE)));
    }
    List<WriteOutcome> out = new ArrayList<>(rows.size());
    int group = collectionsPerCall();
    for (int i = 0; i < collections.size(); i += group) {
      sendCall(object, path, verb, collections.subList(i, Math.min(collections.size(), i + group))).forEach(out::addAll);
    }
    return out;
  }

  /** Collections one call carries: five in a composite call, or one when composite batching is off. */
  int collectionsPerCall() {
    return config.compositeBatching() ? SalesforceConfig.MAX_COMPOSITE_QUERIES : 1;
  }

  /**
   * Writes up to five collections in one call per round, then again only the records that hit
   * {@code UNABLE_TO_LOCK_ROW} (each collection keeps its own records). One outcome list per collection, in row
   * order.
   *
   * <p>Round one: a call refused as a whole (quota, authentication, HTTP 5xx after the retries, 429, a malformed
   * request) throws, nothing having been written; one collection refused on its own inside a composite call
   * (its subresponse's {@code httpStatusCode} 400 or more) fails its records with its error while the others stand,
   * unless every collection of the call was refused, which throws like a refused call. Later rounds: such a failure
   * ends the retries of the records concerned, reported as still locked.
   */
  private List<List<WriteOutcome>> sendCall(String object, String path, String verb, List<List<Row>> collections) {
    List<Map<Integer, WriteOutcome>> outcomes = new ArrayList<>();
    List<List<Integer>> pending = new ArrayList<>();
    for (List<Row> c : collections) {
      outcomes.add(new LinkedHashMap<>());
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < c.size(); i++) {
        all.add(i);
      }
      pending.add(all);
    }
    for (int round = 0; pending.stream().anyMatch(p -> !p.isEmpty()); round++) {
      if (round > 0) {
        sleep(round);
      }
      List<Integer> active = new ArrayList<>();
      for (int k = 0; k < collections.size(); k++) {
        if (!pending.get(k).isEmpty()) {
          active.add(k);
        }
      }
      List<ObjectNode> bodies = new ArrayList<>();
      int records = 0;
      for (int k : active) {
        bodies.add(body(object, collections.get(k), pending.get(k)));
        records += pending.get(k).size();
      }
      String what = verb + " of " + records + " " + object + " records";
      List<SalesforceHttp.Response> answers;
      try {
        answers = active.size() == 1
            ? List.of(new SalesforceHttp.Response(200, http.send("PATCH", path, bodies.get(0), what), ""))
            : composite(path, bodies, what);
      } catch (ExternalSystemException e) {
        if (round == 0) {
          throw e; // nothing of this call was written
        }
        // a retry round failed: earlier rounds' results stand, the records still locked are reported failed
        for (int k : active) {
          stillLocked(outcomes.get(k), collections.get(k), pending.get(k), e.getMessage());
          pending.set(k, List.of());
        }
        break;
      }
      if (round == 0 && active.size() > 1 && answers.stream().noneMatch(SalesforceHttp.Response::ok)) {
        // every collection refused: the same failure a refused single collection call is
        throw http.rejected(answers.get(0), what);
      }
      int retrying = 0;
      int sent = 0;
      for (int a = 0; a < active.size(); a++) {
        int k = active.get(a);
        SalesforceHttp.Response answer = answers.get(a);
        List<Row> batch = collections.get(k);
        List<Integer> rows = pending.get(k);
        sent += rows.size();
        if (!answer.ok()) {
          String message = http.rejected(answer, verb + " of " + rows.size() + " " + object + " records").getMessage();
          if (round == 0) {
            String code = answer.errors().isEmpty() ? "HTTP_" + answer.status() : answer.errors().get(0).code();
            for (int index : rows) {
              outcomes.get(k).put(index, WriteOutcome.failed(batch.get(index).externalId(), code, message, List.of()));
            }
          } else {
            stillLocked(outcomes.get(k), batch, rows, message);
          }
          pending.set(k, List.of());
          continue;
        }
        JsonNode results = answer.body();
        List<Integer> retry = new ArrayList<>();
        for (int j = 0; j < rows.size(); j++) {
          int index = rows.get(j);
          JsonNode r = results.isArray() && j < results.size() ? results.get(j) : null;
          WriteOutcome o = outcome(batch.get(index).externalId(), r);
          if (!o.succeeded() && UNABLE_TO_LOCK_ROW.equals(o.errorCode()) && round < config.lockRowRetries()) {
            retry.add(index);
          } else {
            outcomes.get(k).put(index, o);
          }
        }
        retrying += retry.size();
        pending.set(k, retry);
      }
      if (retrying > 0) {
        LOG.info("{} of {} records hit UNABLE_TO_LOCK_ROW; retrying just those", retrying, sent);
      }
    }
    List<List<WriteOutcome>> ordered = new ArrayList<>();
    for (int k = 0; k < collections.size(); k++) {
      List<WriteOutcome> one = new ArrayList<>(collections.get(k).size());
      for (int i = 0; i < collections.get(k).size(); i++) {
        one.add(outcomes.get(k).get(i));
      }
      ordered.add(one);
    }
    return ordered;
  }

  /** {@code {"allOrNone":false,"records":[{"attributes":{"type":object},...}]}} of the given rows. */
  private static ObjectNode body(String object, List<Row> batch, List<Integer> indexes) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("allOrNone", false);
    var records = body.putArray("records");
    for (int index : indexes) {
      ObjectNode rec = records.addObject();
      rec.putObject("attributes").put("type", object);
      batch.get(index).fields().forEach((k, v) -> rec.set(k, v == null ? rec.nullNode() : JSON.valueToTree(v)));
    }
    return body;
  }

  /**
   * One {@code POST /composite} call carrying each body as a Collections subrequest ({@code PATCH path},
   * referenceIds {@code c0}..{@code c4}), top-level {@code allOrNone:false} so each subrequest keeps its own
   * {@code allOrNone:false} and its per-record results
   * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm:
   * up to 25 subrequests of which at most five sObject Collections or query operations; the whole call counts as one
   * API request). {@code collateSubrequests} is not sent: it needs v48.0 and the adapter accepts v46.0.
   *
   * @return each subrequest's status and body, in body order (matched by referenceId); a subresponse the answer lacks
   *     reads as HTTP 500 {@code NO_RESULT}
   */
  private List<SalesforceHttp.Response> composite(String path, List<ObjectNode> bodies, String what) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("allOrNone", false);
    ArrayNode subs = request.putArray("compositeRequest");
    for (int k = 0; k < bodies.size(); k++) {
      subs.addObject().put("method", "PATCH").put("url", path).put("referenceId", "c" + k).set("body", bodies.get(k));
    }
    JsonNode answer = http.send("POST", config.dataPath() + "/composite", request, "composite " + what);
    Map<String, JsonNode> byRef = new HashMap<>();
    for (JsonNode sub : answer.path("compositeResponse")) {
      byRef.put(sub.path("referenceId").asText(), sub);
    }
    List<SalesforceHttp.Response> out = new ArrayList<>();
    for (int k = 0; k < bodies.size(); k++) {
      JsonNode sub = byRef.get("c" + k);
      out.add(sub == null
          ? new SalesforceHttp.Response(500, JSON.createArrayNode().add(JSON.createObjectNode().put("errorCode",
              "NO_RESULT").put("message", "Salesforce's composite answer lacks subrequest c" + k)), "")
          : new SalesforceHttp.Response(sub.path("httpStatusCode").asInt(500), sub.path("body"), ""));
    }
    return out;
  }

  private static void stillLocked(Map<Integer, WriteOutcome> outcomes, List<Row> batch, List<Integer> rows,
      String why) {
    for (int index : rows) {
      outcomes.put(index, WriteOutcome.failed(batch.get(index).externalId(), UNABLE_TO_LOCK_ROW,
          "row stayed locked; retry stopped: " + why, List.of()));
    }
  }

  private static WriteOutcome outcome(String externalId, JsonNode r) {
    if (r == null || !r.isObject()) {
      return WriteOutcome.failed(externalId, "NO_RESULT", "Salesforce returned no result for this record", List.of());
    }
    if (r.path("success").asBoolean(false)) {
      String id = r.path("id").asText("");
      if (id.isEmpty() || !id.matches("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}")) {
        return WriteOutcome.failed(externalId, "NO_ID", "Salesforce reported success without a record id", List.of());
      }
      return r.path("created").asBoolean(false)
          ? WriteOutcome.created(externalId, SalesforceId.of(id))
          : WriteOutcome.updated(externalId, SalesforceId.of(id));
    }
    List<SalesforceHttp.ApiError> errors = SalesforceHttp.errorsOf(r.path("errors"));
    if (errors.isEmpty()) {
      return WriteOutcome.failed(externalId, "UNKNOWN_ERROR", "Salesforce reported failure without an error", List.of());
    }
    SalesforceHttp.ApiError first = errors.get(0);
    String message = first.message();
    if (errors.size() > 1) {
      message += " (+" + (errors.size() - 1) + " more: "
          + String.join("; ", errors.subList(1, errors.size()).stream().map(SalesforceHttp.ApiError::describe).toList()) + ")";
    }
    return WriteOutcome.failed(externalId, first.code(), message, first.fields());
  }

  private void sleep(int round) {
    try {
      config.sleeper().sleep(config.backoff(round));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalSystemException(io.rcsync.core.domain.ApiCalls.SALESFORCE,
          ExternalSystemException.Kind.CONNECTION, "interrupted while waiting to retry locked rows");
    }
  }
}

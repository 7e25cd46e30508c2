package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.ArrayList;
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

  /** One outcome per row, in row order. More than 200 rows are split over several calls. */
  List<WriteOutcome> upsert(String object, String externalIdField, List<Row> rows) {
    List<WriteOutcome> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i += SalesforceConfig.MAX_COLLECTION_SIZE) {
      out.addAll(upsertBatch(object, externalIdField,
          rows.subList(i, Math.min(rows.size(), i + SalesforceConfig.MAX_COLLECTION_SIZE))));
    }
    return out;
  }

  /**
   * Updates records by id: each row's fields must hold {@code id} and only the fields to write. One outcome per row,
   * in row order (UPDATED or FAILED). More than 200 rows are split over several calls.
   */
  List<WriteOutcome> update(String object, List<Row> rows) {
    List<WriteOutcome> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i += SalesforceConfig.MAX_COLLECTION_SIZE) {
      out.addAll(sendBatch(object, config.dataPath() + "/composite/sobjects", "update",
          rows.subList(i, Math.min(rows.size(), i + SalesforceConfig.MAX_COLLECTION_SIZE))));
    }
    return out;
  }

  private List<WriteOutcome> upsertBatch(String object, String externalIdField, List<Row> batch) {
    return sendBatch(object, config.dataPath() + "/composite/sobjects/" + object + "/" + externalIdField, "upsert",
        batch);
  }

  private List<WriteOutcome> sendBatch(String object, String path, String verb, List<Row> batch) {
    Map<Integer, WriteOutcome> outcomes = new LinkedHashMap<>();
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      pending.add(i);
    }
    for (int round = 0; !pending.isEmpty(); round++) {
      if (round > 0) {
        sleep(round);
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("allOrNone", false);
      var records = body.putArray("records");
      for (int index : pending) {
        ObjectNode rec = records.addObject();
        rec.putObject("attributes").put("type", object);
        batch.get(index).fields().forEach((k, v) -> rec.set(k, v == null ? rec.nullNode() : JSON.valueToTree(v)));
      }
      JsonNode results;
      try {
        results = http.send("PATCH", path, body, verb + " of " + pending.size() + " " + object + " records");
      } catch (ExternalSystemException e) {
        if (round == 0) {
          throw e; // nothing of this batch was written
        }
        // a retry round failed: earlier rounds' results stand, the records still locked are reported failed
        for (int index : pending) {
          outcomes.put(index, WriteOutcome.failed(batch.get(index).externalId(), UNABLE_TO_LOCK_ROW,
              "row stayed locked; retry stopped: " + e.getMessage(), List.of()));
        }
        break;
      }
      List<Integer> retry = new ArrayList<>();
      for (int k = 0; k < pending.size(); k++) {
        int index = pending.get(k);
        String externalId = batch.get(index).externalId();
        JsonNode r = results.isArray() && k < results.size() ? results.get(k) : null;
        WriteOutcome o = outcome(externalId, r);
        if (!o.succeeded() && UNABLE_TO_LOCK_ROW.equals(o.errorCode()) && round < config.lockRowRetries()) {
          retry.add(index);
        } else {
          outcomes.put(index, o);
        }
      }
      if (!retry.isEmpty()) {
        LOG.info("{} of {} records hit UNABLE_TO_LOCK_ROW; retrying just those", retry.size(), pending.size());
      }
      pending = retry;
    }
    List<WriteOutcome> ordered = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      ordered.add(outcomes.get(i));
    }
    return ordered;
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

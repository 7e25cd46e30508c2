package io.rcsync.salesforce;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.NoteSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes Notes with sObject Collections upsert on the external id field ({@code External_Id__c = rc_msg_{id}}),
 * {@code allOrNone=false}, 200 records a call: one outcome per draft (CREATED, UPDATED or FAILED with Salesforce's
 * status code, message and fields); {@code UNABLE_TO_LOCK_ROW} records are retried alone. Throws
 * {@link io.rcsync.core.port.out.ExternalSystemException} when a whole call is refused (quota spent,
 * authentication lost, service down).
 *
 * <p>Fields written: the external id, {@code OwnerId}, topic, body, the Matter or the Intake lookup (the other
 * one is cleared, so a re-matched Note moves) and, when configured, the message time field (ISO-8601 UTC).
 */
public final class SalesforceNoteSink implements NoteSink {
  private final LitifySchema schema;
  private final CollectionsUpsert upsert;

  public SalesforceNoteSink(SalesforceConfig config, SalesforceAuth auth, ApiCalls apiCalls) {
    this(new SalesforceHttp(config, auth, apiCalls));
  }

  SalesforceNoteSink(SalesforceHttp http) {
    this.schema = Objects.requireNonNull(http.config().schema());
    validate(schema);
    this.upsert = new CollectionsUpsert(http);
  }

  static void validate(LitifySchema s) {
    Soql.identifier(s.noteObject(), "noteObject");
    Soql.identifier(s.noteBodyField(), "noteBodyField");
    Soql.identifier(s.noteTopicField(), "noteTopicField");
    Soql.identifier(s.noteMatterField(), "noteMatterField");
    Soql.identifier(s.noteIntakeField(), "noteIntakeField");
    Soql.identifier(s.noteExternalIdField(), "noteExternalIdField");
    s.messageTimeField().ifPresent(f -> Soql.identifier(f, "messageTimeField"));
  }

  @Override
  public List<WriteOutcome> upsert(List<NoteDraft> notes) {
    if (notes.isEmpty()) {
      return List.of();
    }
    List<CollectionsUpsert.Row> rows = notes.stream().map(this::row).toList();
    return upsert.upsert(schema.noteObject(), schema.noteExternalIdField(), rows);
  }

  @Override
  public int maxBatchSize() {
    return SalesforceConfig.MAX_COLLECTION_SIZE;
  }

  private CollectionsUpsert.Row row(NoteDraft d) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put(schema.noteExternalIdField(), d.externalId());
    f.put("OwnerId", d.owner().value());
    f.put(schema.noteTopicField(), d.topic());
    f.put(schema.noteBodyField(), d.body());
    f.put(schema.noteMatterField(), d.matter().map(SalesforceId::value).orElse(null));
    f.put(schema.noteIntakeField(), d.intake().map(SalesforceId::value).orElse(null));
    schema.messageTimeField().ifPresent(t -> f.put(t, d.messageTime().toString()));
    return new CollectionsUpsert.Row(d.externalId(), f);
  }

  @Override
  public String toString() {
    return "SalesforceNoteSink[" + schema.noteObject() + "." + schema.noteExternalIdField() + "]";
  }
}

package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicFieldMap.MessageObject;
import io.rcsync.core.domain.SmsMagicFieldMap.Setting;
import io.rcsync.core.domain.SmsMagicRow;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.port.out.ConfigMismatchException;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.support.NearestName;
import io.rcsync.core.support.SalesforceDateTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS-Magic history in the org (issue 15): each configured message object (SMS History, Incoming SMS) read with
 * SOQL in {@code CreatedDate, Id} order, page by page through {@code nextRecordsUrl}. Built by
 * {@link SalesforceAdapters#historySource}.
 *
 * <p>Before the first page, each object is described once ({@code GET .../sobjects/{object}/describe}, one call
 * each): a DEFAULT object the org lacks is skipped with a warning (all of them missing is an error: the package is
 * not installed or the user may not read it); a missing DEFAULT optional field (firm number, direction, a further
 * time field, owner, status, message type, name, media URL) is dropped with one warning each, so one field map reads
 * both Converse orgs and older Interact orgs without {@code Direction__c}/{@code Sent_On__c}. An object or field
 * the config names explicitly (any name other than SMS-Magic's default, {@link MessageObject#isDefault}) that the org
 * lacks, a missing body or counterparty, or no time field at all is a {@link ConfigMismatchException} naming the
 * config key and, for a field, the describe's nearest field name ({@link NearestName}): nothing is read then. {@link SmsMagicFieldMap#AUTO} lookups are the
 * reference fields whose describe {@code referenceTo} names the Matter / Intake object (admin-made, unnamespaced:
 * their names differ per org); none = no lookup, two or more = an error naming them.
 *
 * <p>The SELECT names only ONE long text area, the body: "If the SOQL statement selects two or more custom fields of
 * type long text, the batch size can't be greater than 200 records"
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/api/sforce_api_calls_soql_changing_batch_size.htm),
 * so any other configured field that is a long text area is dropped with a warning. Pages are asked for with
 * {@code Sforce-Query-Options: batchSize=N} (200–2,000, default 2,000; Salesforce may return fewer,
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm). Long text areas
 * cannot be filtered on in WHERE, so the query filters only on {@code CreatedDate} (indexed): {@code since} inclusive,
 * {@code until} exclusive; DateTime literals unquoted
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_conditionexpression.htm).
 *
 * <p>A row's values: direction from the direction field ({@code inboundValues} = inbound, any other value =
 * outbound, empty = the object's fixed direction); time = the first non-empty time field; sender = the first
 * non-empty owner field; status = the first non-empty status field; MMS when the message type is {@code MMS}. A row
 * that cannot be read (no time, a time that is not a date-time, an Id or user lookup that is not a Salesforce Id) is
 * returned in {@link Page#rejected()} with one line naming object, record, field and what to do.
 *
 * <p>Cursors: {@code "<object index>"} (start of that object) or {@code "<object index>:<nextRecordsUrl>"}; pass the
 * same {@link Query} with each. Every request is counted in the adapter set's {@link ApiCalls}.
 */
final class SalesforceHistorySource implements HistorySource {
  private static final Logger LOG = LoggerFactory.getLogger(SalesforceHistorySource.class);
  /** Salesforce's default, and largest, query batch. */
  static final int DEFAULT_BATCH_SIZE = 2_000;
  static final int MIN_BATCH_SIZE = 200;

  private final SalesforceHttp http;
  private final SmsMagicFieldMap fieldMap;
  private final int batchSize;
  private final List<String> warnings = new ArrayList<>();
  private List<Plan> plans;

  SalesforceHistorySource(SalesforceHttp http, SmsMagicFieldMap fieldMap, int batchSize) {
    this.http = Objects.requireNonNull(http, "http");
    this.fieldMap = Objects.requireNonNull(fieldMap, "fieldMap");
    if (batchSize < MIN_BATCH_SIZE || batchSize > DEFAULT_BATCH_SIZE) {
      throw new IllegalArgumentException("config smsmagic.queryBatchSize: " + batchSize + " is outside "
          + MIN_BATCH_SIZE + ".." + DEFAULT_BATCH_SIZE + " (Sforce-Query-Options batchSize); use 2000");
    }
    if (fieldMap.objects().isEmpty()) {
      throw new IllegalArgumentException("config smsmagic.objects: no message object to read");
    }
    this.batchSize = batchSize;
  }

  /** One configured object after describe: the fields the org has, and the SELECT list. */
  private record Plan(
      int index,
      MessageObject config,
      boolean present,
      String body,
      String counterparty,
      Optional<String> firmNumber,
      Optional<String> direction,
      List<String> time,
      List<String> owner,
      List<String> status,
      Optional<String> matter,
      Optional<String> intake,
      Optional<String> messageType,
      Optional<String> name,
      Optional<String> mediaUrl) {
    String object() {
      return config.object();
    }

    /** The configured object with the names this org has: lookups resolved, missing optional fields dropped. */
    MessageObject resolved() {
      return new MessageObject(config.label(), config.object(), body, counterparty, firmNumber, direction,
          config.inboundValues(), config.fixedDirection(), time, owner, status, matter, intake, messageType, name)
          .withMediaUrl(mediaUrl);
    }

    List<String> select() {
      List<String> out = new ArrayList<>();
      List<String> seen = new ArrayList<>();
      List<String> all = new ArrayList<>(List.of("Id", body, counterparty));
      firmNumber.ifPresent(all::add);
      direction.ifPresent(all::add);
      all.addAll(time);
      all.addAll(owner);
      all.addAll(status);
      matter.ifPresent(all::add);
      intake.ifPresent(all::add);
      messageType.ifPresent(all::add);
      name.ifPresent(all::add);
      mediaUrl.ifPresent(all::add);
      for (String f : all) {
        String key = f.toLowerCase(Locale.ROOT);
        if (!seen.contains(key)) {
          seen.add(key);
          out.add(Soql.identifier(f, "Id".equals(f) ? "Id" : config.configKey(settingOf(this, f))));
        }
      }
      return out;
    }
  }

  /** What describe says of one field: type, length, whether it is a Rich Text Area, its lookup targets. */
  private record FieldMeta(String name, String type, int length, boolean richText, List<String> referenceTo) {
    boolean longText() {
      return "textarea".equalsIgnoreCase(type) && (richText || length > 255);
    }
  }

  @Override
  public Page read(Query query, Optional<String> cursor) {
    Objects.requireNonNull(query, "query");
    List<Plan> all = plans();
    int index = 0;
    String url = null;
    if (cursor != null && cursor.isPresent()) {
      String c = cursor.get();
      int colon = c.indexOf(':');
      try {
        index = Integer.parseInt(colon < 0 ? c : c.substring(0, colon));
      } catch (NumberFormatException e) {
        index = -1;
      }
      url = colon < 0 ? null : c.substring(colon + 1);
      if (index < 0 || index >= all.size() || url != null && !url.startsWith("/services/data/")) {
        throw new IllegalArgumentException("not a cursor of the SMS-Magic org source: '" + c + "'; start again "
            + "without one");
      }
    }
    while (true) {
      index = nextPresent(all, index);
      if (index >= all.size()) {
        return new Page(List.of(), List.of(), Optional.empty());
      }
      Plan plan = all.get(index);
      Map<String, String> headers = Map.of("Sforce-Query-Options", "batchSize=" + batchSize);
      String path = url != null ? url : http.config().dataPath() + "/query?q=" + Soql.encode(soql(plan, query));
      String what = "query of " + plan.object() + (url != null ? " (next page)" : "");
      JsonNode page = http.require(http.exchange("GET", path, null, headers), what);
      List<SmsMagicRecord> records = new ArrayList<>();
      List<Rejected> rejected = new ArrayList<>();
      for (JsonNode row : page.path("records")) {
        map(plan, row, records, rejected);
      }
      String more = page.path("nextRecordsUrl").asText("");
      Optional<String> next;
      if (!page.path("done").asBoolean(true) && !more.isEmpty()) {
        next = Optional.of(index + ":" + more);
      } else {
        int following = nextPresent(all, index + 1);
        next = following < all.size() ? Optional.of(Integer.toString(following)) : Optional.empty();
      }
      if (records.isEmpty() && rejected.isEmpty() && next.isPresent() && next.get().indexOf(':') < 0) {
        // this object holds nothing in the window: go on to the next one rather than hand back an empty page
        index = Integer.parseInt(next.get());
        url = null;
        continue;
      }
      return new Page(records, rejected, next);
    }
  }

  @Override
  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public String description() {
    return "org: " + String.join(", ", fieldMap.objects().stream().map(MessageObject::object).toList());
  }

  @Override
  public String toString() {
    return "SalesforceHistorySource[" + description() + ", batchSize=" + batchSize + "]";
  }

  private static int nextPresent(List<Plan> all, int from) {
    int i = from;
    while (i < all.size() && !all.get(i).present()) {
      i++;
    }
    return i;
  }

  /** {@code SELECT <fields> FROM <object> [WHERE CreatedDate >= since AND CreatedDate < until] ORDER BY CreatedDate, Id}. */
  static String soql(Plan plan, Query query) {
    StringBuilder q = new StringBuilder("SELECT ").append(String.join(", ", plan.select()))
        .append(" FROM ").append(Soql.identifier(plan.object(), plan.config().configKey(Setting.OBJECT)));
    List<String> where = new ArrayList<>();
    query.since().ifPresent(s -> where.add("CreatedDate >= " + Soql.dateTime(Soql.ceilToSecond(s))));
    query.until().ifPresent(u -> where.add("CreatedDate < " + Soql.dateTime(Soql.ceilToSecond(u))));
    if (!where.isEmpty()) {
      q.append(" WHERE ").append(String.join(" AND ", where));
    }
    return q.append(" ORDER BY CreatedDate, Id").toString();
  }

  /** True: the fixed-inbound objects (Incoming SMS) are read first. */
  @Override
  public boolean fixedInboundFirst() {
    return true;
  }

  // ---- rows -------------------------------------------------------------------------------------------

  /** One row through the shared rules ({@link SmsMagicRow}); a refused row becomes one line naming the config key. */
  private void map(Plan plan, JsonNode row, List<SmsMagicRecord> records, List<Rejected> rejected) {
    String rawId = text(row, "Id");
    String name = plan.name().map(f -> text(row, f)).orElse("");
    String where = plan.object() + " " + (rawId.isEmpty() ? "?" : rawId) + (name.isEmpty() ? "" : " (" + name + ")");
    try {
      records.add(SmsMagicRow.read(plan.resolved(), f -> text(row, f), fieldMap.failedStatuses(),
          (f, v) -> SalesforceDateTimes.parse(v)));
    } catch (SmsMagicRow.BadValue e) {
      String key = e.setting() == null ? "" : plan.config().configKey(e.setting());
      rejected.add(new Rejected(rawId, where + ": " + switch (e.kind()) {
        case NO_ID, BAD_ID -> "Id '" + rawId + "' " + e.problem() + "; the row was not imported: check the object's"
            + " data with the SMS-Magic administrator";
        case NO_TIME -> e.problem() + "; set one on the record or add a time field to " + key;
        case BAD_LOOKUP -> e.field() + " '" + e.value() + "' " + e.problem() + "; correct the record or set " + key
            + " to another field";
        case BAD_TIME, BAD_OWNER -> e.field() + " '" + e.value() + "' " + e.problem() + "; correct the record or"
            + " remove the field from " + key;
      }));
    }
  }

  /** A field's value as text; "" when absent or null. Field names are matched ignoring case, as Salesforce does. */
  private static String text(JsonNode row, String field) {
    JsonNode v = row.get(field);
    if (v == null) {
      var it = row.fieldNames();
      while (it.hasNext()) {
        String n = it.next();
        if (n.equalsIgnoreCase(field)) {
          v = row.get(n);
          break;
        }
      }
    }
    return v == null || v.isNull() ? "" : v.asText("");
  }

  // ---- describe ---------------------------------------------------------------------------------------

  private synchronized List<Plan> plans() {
    if (plans != null) {
      return plans;
    }
    List<Plan> out = new ArrayList<>();
    // fixed-inbound objects (Incoming SMS) first, else as configured: the import then tells an SMS History IN
    // record's migration copy as it arrives instead of holding every one to the end (fixedInboundFirst)
    List<MessageObject> objects = new ArrayList<>(fieldMap.objects());
    objects.sort(java.util.Comparator.comparing(o -> !(o.directionField().isEmpty()
        && o.fixedDirection() == Direction.INBOUND)));
    for (int i = 0; i < objects.size(); i++) {
      out.add(plan(i, objects.get(i)));
    }
    if (out.stream().noneMatch(Plan::present)) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, Kind.REJECTED, "none of the SMS-Magic objects ("
          + String.join(", ", objects.stream().map(MessageObject::object).toList()) + ") is in the org for this "
          + "user: is the SMS-Magic package (namespace smagicinteract) still installed, and may the user read its "
          + "objects? Otherwise import a Data Loader export with --from-csv, or correct smsmagic.objects");
    }
    plans = List.copyOf(out);
    return plans;
  }

  private Plan plan(int index, MessageObject o) {
    String object = Soql.identifier(o.object(), o.configKey(Setting.OBJECT));
    SalesforceHttp.Response r = http.exchange("GET", http.config().dataPath() + "/sobjects/" + object + "/describe",
        null);
    if (r.status() == 404) {
      if (!o.isDefault(Setting.OBJECT, o.object())) {
        // a name the operator typed: skipping it would drop a whole object's texts with exit 0
        MessageObject d = o.label().equals("incoming") ? SmsMagicFieldMap.incomingSms() : SmsMagicFieldMap.smsHistory();
        throw mismatch(o, Setting.OBJECT, "object " + object + " is not in the org for this user"
            + NearestName.closest(object, List.of(d.object())).map(n -> "; did you mean " + n + "?").orElse("")
            + ": correct the object's API name, or give the user read access to it (nothing was read)");
      }
      warn("smsmagic object " + object + " (" + o.label() + ") is not in the org for this user: skipped; remove it "
          + "from smsmagic.objects if the org never had it, or give the user read access to it");
      return new Plan(index, o, false, o.body(), o.counterparty(), Optional.empty(), Optional.empty(), List.of(),
          List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty());
    }
    JsonNode body = http.require(r, "describe of " + object);
    Map<String, FieldMeta> fields = new LinkedHashMap<>();
    for (JsonNode f : body.path("fields")) {
      List<String> refs = new ArrayList<>();
      f.path("referenceTo").forEach(t -> refs.add(t.asText()));
      String n = f.path("name").asText();
      fields.put(n.toLowerCase(Locale.ROOT), new FieldMeta(n, f.path("type").asText(""), f.path("length").asInt(0),
          SalesforceDescribe.isRichText(f), refs));
    }
    String bodyField = required(o, fields, o.body(), Setting.BODY);
    String counterparty = required(o, fields, o.counterparty(), Setting.COUNTERPARTY);
    List<String> time = new ArrayList<>();
    List<String> missingTime = new ArrayList<>();
    for (String t : o.timeFields()) {
      FieldMeta m = fields.get(t.toLowerCase(Locale.ROOT));
      if (m == null) {
        missingTime.add(t);
      } else {
        time.add(m.name());
      }
    }
    if (time.isEmpty()) {
      throw mismatch(o, Setting.TIME_FIELDS, (o.timeFields().size() == 1 ? "time field " : "none of the time fields ")
          + String.join(", ", o.timeFields()) + " is in the org on " + object + "; set it to the object's date/time"
          + " fields (CreatedDate always exists; nothing was read)");
    }
    for (String t : missingTime) {
      missing(o, fields, t, Setting.TIME_FIELDS);
    }
    Optional<String> firm = optional(o, fields, o.firmNumber(), Setting.FIRM_NUMBER);
    Optional<String> direction = optional(o, fields, o.directionField(), Setting.DIRECTION_FIELD);
    List<String> owner = optionals(o, fields, o.ownerFields(), Setting.OWNER_FIELDS);
    List<String> status = optionals(o, fields, o.statusFields(), Setting.STATUS_FIELDS);
    Optional<String> matter = lookup(o, fields, o.matterLookup(), http.config().schema().matterObject(),
        Setting.MATTER_LOOKUP);
    Optional<String> intake = lookup(o, fields, o.intakeLookup(), http.config().schema().intakeObject(),
        Setting.INTAKE_LOOKUP);
    Optional<String> messageType = optional(o, fields, o.messageType(), Setting.MESSAGE_TYPE);
    Optional<String> name = optional(o, fields, o.nameField(), Setting.NAME_FIELD);
    Optional<String> mediaUrl = optional(o, fields, o.mediaUrl(), Setting.MEDIA_URL);
    Plan plan = new Plan(index, o, true, bodyField, counterparty, firm, direction, time, owner, status, matter, intake,
        messageType, name, mediaUrl);
    return withoutSecondLongText(plan, fields);
  }

  /** Drops every selected long text area but the body, with a warning: two would cap pages at 200 records. */
  private Plan withoutSecondLongText(Plan plan, Map<String, FieldMeta> fields) {
    MessageObject o = plan.config();
    java.util.function.Predicate<String> keep = f -> {
      if (f.equalsIgnoreCase(plan.body())) {
        return true;
      }
      FieldMeta m = fields.get(f.toLowerCase(Locale.ROOT));
      if (m != null && m.longText()) {
        warn("smsmagic object " + o.object() + " (" + o.label() + "): " + m.name() + " is a long text area; "
            + "not read, because a query that selects two long text fields is served 200 records a page "
            + "instead of 2,000; remove it from " + o.configKey(settingOf(plan, f)));
        return false;
      }
      return true;
    };
    return new Plan(plan.index(), o, true, plan.body(), plan.counterparty(), plan.firmNumber().filter(keep),
        plan.direction().filter(keep), plan.time().stream().filter(keep).toList(),
        plan.owner().stream().filter(keep).toList(), plan.status().stream().filter(keep).toList(),
        plan.matter().filter(keep), plan.intake().filter(keep), plan.messageType().filter(keep),
        plan.name().filter(keep), plan.mediaUrl().filter(keep));
  }

  /** A field every record needs (body, counterparty): missing, default or configured, is a config error. */
  private String required(MessageObject o, Map<String, FieldMeta> fields, String field, Setting configKey) {
    FieldMeta m = fields.get(field.toLowerCase(Locale.ROOT));
    if (m == null) {
      throw mismatch(o, configKey, "field " + field + " is not in the org on " + o.object() + nearest(field, fields)
          + ": set it to the object's " + (configKey == Setting.BODY ? "message text" : "client number")
          + " field (nothing was read)");
    }
    return m.name();
  }

  private Optional<String> optional(MessageObject o, Map<String, FieldMeta> fields, Optional<String> field,
      Setting configKey) {
    if (field.isEmpty() || field.get().isBlank()) {
      return Optional.empty();
    }
    FieldMeta m = fields.get(field.get().toLowerCase(Locale.ROOT));
    if (m == null) {
      missing(o, fields, field.get(), configKey);
      return Optional.empty();
    }
    return Optional.of(m.name());
  }

  private List<String> optionals(MessageObject o, Map<String, FieldMeta> fields, List<String> names,
      Setting configKey) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      optional(o, fields, Optional.of(n), configKey).ifPresent(out::add);
    }
    return out;
  }

  /** An explicit lookup field, or with {@code auto} the one reference field whose referenceTo names the target. */
  private Optional<String> lookup(MessageObject o, Map<String, FieldMeta> fields, Optional<String> configured,
      String target, Setting configKey) {
    if (configured.isEmpty() || configured.get().isBlank()) {
      return Optional.empty();
    }
    if (!configured.get().equalsIgnoreCase(SmsMagicFieldMap.AUTO)) {
      return optional(o, fields, configured, configKey);
    }
    List<String> candidates = fields.values().stream()
        .filter(m -> m.referenceTo().stream().anyMatch(t -> t.equalsIgnoreCase(target)))
        .map(FieldMeta::name).toList();
    if (candidates.size() > 1) {
      throw mismatch(o, configKey, o.object() + " has " + candidates.size() + " lookups to " + target + " ("
          + String.join(", ", candidates) + "); set it to the one that holds the text's record (nothing was read)");
    }
    if (candidates.isEmpty()) {
      LOG.info("smsmagic object {}: no lookup to {}; its texts are matched by phone number", o.object(), target);
      return Optional.empty();
    }
    return Optional.of(candidates.get(0));
  }

  /**
   * An optional field the org lacks: SMS-Magic's default name (an older org without {@code Direction__c},
   * {@code Sent_On__c}, a status field …) is read without, with a warning; a name the operator configured is a
   * config error naming the key and the org's nearest field name.
   */
  private void missing(MessageObject o, Map<String, FieldMeta> fields, String field, Setting configKey) {
    if (!o.isDefault(configKey, field)) {
      throw mismatch(o, configKey, "field " + field + " is not in the org on " + o.object() + nearest(field, fields)
          + ": correct it, or remove it from the config to read without it (nothing was read)");
    }
    warn("smsmagic object " + o.object() + " (" + o.label() + "): field " + field + " (" + o.configKey(configKey)
        + ") is not in the org; read without it");
  }

  /** "; did you mean NAME?" for the describe's field name closest to {@code field}, or "" when none is close. */
  private static String nearest(String field, Map<String, FieldMeta> fields) {
    return NearestName.closest(field, fields.values().stream().map(FieldMeta::name).toList())
        .map(n -> "; did you mean " + n + "?").orElse("");
  }

  private synchronized void warn(String line) {
    LOG.warn(line);
    warnings.add(line);
  }

  /** A configured name the org contradicts: a config error naming the key (the CLI exits 2, no table). */
  private static ConfigMismatchException mismatch(MessageObject o, Setting setting, String what) {
    return new ConfigMismatchException(o.configKey(setting), what);
  }

  /** Which setting of the object named {@code field} (for the config key in a warning). */
  private static Setting settingOf(Plan plan, String field) {
    java.util.function.Predicate<Optional<String>> is = o -> o.filter(field::equalsIgnoreCase).isPresent();
    java.util.function.Predicate<List<String>> in = l -> l.stream().anyMatch(field::equalsIgnoreCase);
    return is.test(plan.firmNumber()) ? Setting.FIRM_NUMBER : is.test(plan.direction()) ? Setting.DIRECTION_FIELD
        : in.test(plan.time()) ? Setting.TIME_FIELDS : in.test(plan.owner()) ? Setting.OWNER_FIELDS
        : in.test(plan.status()) ? Setting.STATUS_FIELDS : is.test(plan.matter()) ? Setting.MATTER_LOOKUP
        : is.test(plan.intake()) ? Setting.INTAKE_LOOKUP : is.test(plan.messageType()) ? Setting.MESSAGE_TYPE
        : is.test(plan.name()) ? Setting.NAME_FIELD : field.equalsIgnoreCase(plan.body()) ? Setting.BODY
        : Setting.COUNTERPARTY;
  }
}

package io.rcsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Matters and Intakes whose configured phone fields hold any of many numbers, in few queries.
 *
 * <p>Each number becomes {@code (F1 LIKE '%502%813%8900%' OR F2 LIKE ... )} over the phone fields, so
 * {@code (502) 813-8900}, {@code 502.813.8900}, {@code +1 502 813 8900} and {@code Cell: 502–813–8900 x12} (any
 * separator, label or extension: {@code %} spans them) all match; core confirms each candidate by normalising the
 * stored value.
 *
 * <p>Fullwidth digits ({@code ５０２-８１３-８９００}, as East Asian input methods type them) are other characters to
 * Salesforce's LIKE, which folds only letter case. A fullwidth pattern per number would triple the URL-encoded
 * length of every clause (nine characters a digit) and so the calls; instead the run's first statement on each
 * object also asks, once, for every record holding a fullwidth digit 2-9 in a phone field (any NANP number has one:
 * its area code starts 2-9), {@code OR (F1 LIKE '%２%' OR ... OR F4 LIKE '%９%')}. Those records are rare, kept for
 * the run and handed to core for every number whose {@link PhoneNumber#searchForms() fullwidth groups} they hold, so
 * the number of calls stays what it was. As many numbers as fit go into one statement per object, kept under both the
 * SOQL limit ({@link SalesforceConfig#maxSoqlLength()}, 100,000 characters by default) and the URL limit
 * ({@link SalesforceConfig#maxUrlLength()}; Salesforce allows 16,384 bytes of URI plus headers), and every page
 * is read through {@code nextRecordsUrl}. Sources for the limits are on {@link SalesforceConfig}. By default the
 * statements of both objects travel five to a {@code POST /composite} call, which Salesforce counts as one API
 * call; {@code compositeQueries(false)} sends one {@code GET /query} per statement instead.
 *
 * <p>Results are cached for one run ({@link #startRun()} drops them): a number is never queried twice in a run, and a
 * long-running process sees records created between its runs. Object and field
 * names come from config and are validated as API names. A phone field missing on one of the objects (the config
 * has one list for both) is found on the first {@code INVALID_FIELD} answer by describing the object once, and
 * dropped for that object with a warning.
 */
public final class SalesforceCaseDirectory implements CaseDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(SalesforceCaseDirectory.class);

  private final SalesforceHttp http;
  private final SalesforceConfig config;
  private final LitifySchema schema;
  private final Map<PhoneNumber, List<CaseRecord>> cache = new HashMap<>();
  private final Map<CaseKind, List<String>> phoneFields = new EnumMap<>(CaseKind.class);
  private final Set<CaseKind> described = java.util.EnumSet.noneOf(CaseKind.class);
  /** Objects whose records with fullwidth digits have been read in this run, and those records by id. */
  private final Set<CaseKind> fullwidthRead = java.util.EnumSet.noneOf(CaseKind.class);
  private final Map<SalesforceId, CaseRecord> fullwidthHolders = new LinkedHashMap<>();

  public SalesforceCaseDirectory(SalesforceConfig config, SalesforceAuth auth, ApiCalls apiCalls) {
    this(new SalesforceHttp(config, auth, apiCalls));
  }

  SalesforceCaseDirectory(SalesforceHttp http) {
    this.http = Objects.requireNonNull(http);
    this.config = http.config();
    this.schema = config.schema();
    Soql.identifier(schema.matterObject(), "matterObject");
    Soql.identifier(schema.matterStatusField(), "matterStatusField");
    Soql.identifier(schema.intakeObject(), "intakeObject");
    Soql.identifier(schema.intakeStatusField(), "intakeStatusField");
    List<String> fields = new ArrayList<>(new LinkedHashSet<>(schema.phoneFields()));
    for (String f : fields) {
      Soql.identifier(f, "phoneFields");
    }
    phoneFields.put(CaseKind.MATTER, List.copyOf(fields));
    phoneFields.put(CaseKind.INTAKE, List.copyOf(fields));
  }

  @Override
  public synchronized List<CaseRecord> findByPhones(Collection<PhoneNumber> numbers) {
    Set<PhoneNumber> wanted = new LinkedHashSet<>(numbers);
    List<PhoneNumber> unknown = wanted.stream().filter(n -> !cache.containsKey(n)).toList();
    Map<SalesforceId, CaseRecord> extra = new LinkedHashMap<>();
    if (!unknown.isEmpty()) {
      Map<PhoneNumber, List<CaseRecord>> found = new HashMap<>();
      for (CaseRecord r : lookup(unknown)) {
        if (holdsFullwidthDigit(r)) {
          fullwidthHolders.put(r.id(), r); // matched to numbers below, now and on later lookups
          continue;
        }
        boolean assigned = false;
        for (PhoneNumber n : unknown) {
          if (likeMatches(r, n)) {
            found.computeIfAbsent(n, k -> new ArrayList<>()).add(r);
            assigned = true;
          }
        }
        if (!assigned) {
          extra.put(r.id(), r); // Salesforce matched it by rules we do not mirror: hand it to core anyway
        }
      }
      for (PhoneNumber n : unknown) {
        List<CaseRecord> rs = new ArrayList<>(found.getOrDefault(n, List.of()));
        fullwidthHolders.values().stream().filter(r -> likeMatches(r, n)).forEach(rs::add);
        cache.put(n, List.copyOf(rs));
      }
    }
    Map<String, CaseRecord> out = new LinkedHashMap<>();
    for (PhoneNumber n : wanted) {
      for (CaseRecord r : cache.get(n)) {
        out.putIfAbsent(r.id().shortForm(), r);
      }
    }
    extra.values().forEach(r -> out.putIfAbsent(r.id().shortForm(), r));
    return List.copyOf(out.values());
  }

  /**
   * Drops the cached lookups and fullwidth holders (the phone fields learned from describe are kept: they are the
   * org's schema, not its data).
   */
  @Override
  public synchronized void startRun() {
    cache.clear();
    fullwidthRead.clear();
    fullwidthHolders.clear();
  }

  /** Numbers looked up so far in this run. */
  public synchronized int cachedNumbers() {
    return cache.size();
  }

  // ---- querying -----------------------------------------------------------------------------------

  private record Statement(CaseKind kind, String soql) {}

  /** Matters and Intakes for the numbers; a kind whose query hits INVALID_FIELD is described and run again. */
  private List<CaseRecord> lookup(List<PhoneNumber> numbers) {
    List<CaseRecord> out = new ArrayList<>();
    List<CaseKind> kinds = List.of(CaseKind.values());
    while (!kinds.isEmpty()) {
      List<Statement> statements = new ArrayList<>();
      for (CaseKind kind : kinds) {
        List<String> fields = phoneFields.get(kind);
        if (!fields.isEmpty()) {
          String scan = fullwidthRead.contains(kind) ? null : fullwidthClause(fields);
          statements(kind, fields, numbers, scan).forEach(q -> statements.add(new Statement(kind, q)));
        }
      }
      List<SalesforceHttp.Response> responses = run(statements);
      Set<CaseKind> redo = java.util.EnumSet.noneOf(CaseKind.class);
      for (int i = 0; i < statements.size(); i++) {
        SalesforceHttp.Response r = responses.get(i);
        CaseKind kind = statements.get(i).kind();
        if (!r.ok() && r.hasError("INVALID_FIELD") && !described.contains(kind)) {
          redo.add(kind);
        }
      }
      for (CaseKind kind : redo) {
        describe(kind);
      }
      for (int i = 0; i < statements.size(); i++) {
        CaseKind kind = statements.get(i).kind();
        if (redo.contains(kind)) {
          continue; // read again below with the fields that exist
        }
        fullwidthRead.add(kind);
        String what = "query on " + object(kind);
        JsonNode page = http.require(responses.get(i), what);
        while (true) {
          for (JsonNode rec : page.path("records")) {
            out.add(toRecord(kind, rec));
          }
          String next = page.path("nextRecordsUrl").asText("");
          if (page.path("done").asBoolean(true) || next.isEmpty()) {
            break;
          }
          page = http.get(next, what + " (next page)");
        }
      }
      kinds = List.copyOf(redo);
    }
    return out;
  }

  /**
   * Runs the statements: one {@code GET /query} each, or with {@link SalesforceConfig#compositeQueries()} up to
   * five a {@code POST /composite} call ({@code {"allOrNone":false,"compositeRequest":[{"method":"GET","url":...,
   * "referenceId":...}]}}; each subresponse carries its own {@code httpStatusCode} and {@code body}).
   */
  private List<SalesforceHttp.Response> run(List<Statement> statements) {
    List<SalesforceHttp.Response> out = new ArrayList<>();
    int group = config.compositeQueries() ? SalesforceConfig.MAX_COMPOSITE_QUERIES : 1;
    for (int i = 0; i < statements.size(); i += group) {
      List<Statement> batch = statements.subList(i, Math.min(statements.size(), i + group));
      if (batch.size() == 1) {
        out.add(http.exchange("GET", queryPath(batch.get(0).soql()), null));
        continue;
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("allOrNone", false);
      ArrayNode requests = body.putArray("compositeRequest");
      for (int k = 0; k < batch.size(); k++) {
        requests.addObject().put("method", "GET").put("url", queryPath(batch.get(k).soql())).put("referenceId", "q" + k);
      }
      JsonNode answer = http.send("POST", config.dataPath() + "/composite", body,
          "composite lookup of " + batch.size() + " queries");
      Map<String, JsonNode> byRef = new HashMap<>();
      for (JsonNode sub : answer.path("compositeResponse")) {
        byRef.put(sub.path("referenceId").asText(), sub);
      }
      for (int k = 0; k < batch.size(); k++) {
        JsonNode sub = byRef.get("q" + k);
        if (sub == null) {
          throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.CONNECTION,
              "Salesforce's composite answer lacks the result of query q" + k + " on " + object(batch.get(k).kind())
                  + ": run again");
        }
        out.add(new SalesforceHttp.Response(sub.path("httpStatusCode").asInt(500), sub.path("body"), ""));
      }
    }
    return out;
  }

  /**
   * The statements for a set of numbers, each under the SOQL and URL limits; visible for tests.
   *
   * @param leading a clause OR'ed into the first statement before the numbers' (the fullwidth scan), or null
   */
  List<String> statements(CaseKind kind, List<String> fields, List<PhoneNumber> numbers, String leading) {
    String prefix = "SELECT " + String.join(", ", selectFields(kind, fields)) + " FROM " + object(kind) + " WHERE ";
    String or = " OR ";
    int urlBudget = config.maxUrlLength() - urlBaseLength();
    int prefixEncoded = Soql.encodedLength(prefix);
    int orEncoded = Soql.encodedLength(or);
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    int encoded = 0;
    List<String> clauses = new ArrayList<>();
    if (leading != null) {
      clauses.add(leading);
    }
    numbers.forEach(n -> clauses.add(clause(fields, n)));
    for (String clause : clauses) {
      int clauseEncoded = Soql.encodedLength(clause);
      if (prefixEncoded + clauseEncoded > urlBudget || prefix.length() + clause.length() > config.maxSoqlLength()) {
        throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.REJECTED,
            "one phone number's condition on " + object(kind) + " does not fit in a " + config.maxUrlLength()
                + "-character URL: configure fewer phoneFields or raise maxUrlLength");
      }
      if (current != null && (encoded + orEncoded + clauseEncoded > urlBudget
          || current.length() + or.length() + clause.length() > config.maxSoqlLength())) {
        out.add(current.toString());
        current = null;
      }
      if (current == null) {
        current = new StringBuilder(prefix).append(clause);
        encoded = prefixEncoded + clauseEncoded;
      } else {
        current.append(or).append(clause);
        encoded += orEncoded + clauseEncoded;
      }
    }
    if (current != null) {
      out.add(current.toString());
    }
    return out;
  }

  private int urlBaseLength() {
    return http.instanceUrlLength() + config.dataPath().length() + "/query?q=".length();
  }

  private String queryPath(String soql) {
    return config.dataPath() + "/query?q=" + Soql.encode(soql);
  }

  /**
   * {@code (F1 LIKE '%２%' OR ... OR F1 LIKE '%９%' OR F2 ...)}: records holding a fullwidth digit 2-9 (U+FF12-U+FF19)
   * in a phone field; every NANP number written in fullwidth digits has one, its area code's first.
   *
   * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm">LIKE</a>
   */
  private static String fullwidthClause(List<String> fields) {
    List<String> terms = new ArrayList<>();
    for (String f : fields) {
      for (char d = '\uFF12'; d <= '\uFF19'; d++) {
        terms.add(f + " LIKE " + Soql.likeContainsInOrder(List.of(String.valueOf(d))));
      }
    }
    return "(" + String.join(" OR ", terms) + ")";
  }

  private boolean holdsFullwidthDigit(CaseRecord r) {
    return r.phoneValues().values().stream().anyMatch(v -> v.chars().anyMatch(c -> c >= 0xFF10 && c <= 0xFF19));
  }

  private static String clause(List<String> fields, PhoneNumber n) {
    String pattern = Soql.likeContainsInOrder(List.of(n.areaCode(), n.exchange(), n.line()));
    return fields.stream().map(f -> f + " LIKE " + pattern).collect(Collectors.joining(" OR ", "(", ")"));
  }

  private List<String> selectFields(CaseKind kind, List<String> fields) {
    Set<String> s = new LinkedHashSet<>();
    s.add("Id");
    s.add("CreatedDate");
    s.add(statusField(kind));
    s.addAll(fields);
    return List.copyOf(s);
  }

  private CaseRecord toRecord(CaseKind kind, JsonNode rec) {
    Map<String, String> phones = new LinkedHashMap<>();
    for (String f : phoneFields.get(kind)) {
      JsonNode v = rec.get(f);
      if (v != null && !v.isNull()) {
        phones.put(f, v.asText());
      }
    }
    JsonNode status = rec.get(statusField(kind));
    return new CaseRecord(SalesforceId.of(rec.path("Id").asText()), kind,
        status == null || status.isNull() ? null : status.asText(),
        SalesforceDates.parse(rec.path("CreatedDate").asText()), phones);
  }

  /** Mirrors the LIKE pattern: the stored value holds area code, exchange and line in that order, ASCII or fullwidth. */
  private boolean likeMatches(CaseRecord r, PhoneNumber n) {
    for (String v : r.phoneValues().values()) {
      if (n.foundInOrderIn(v)) {
        return true;
      }
    }
    return false;
  }

  /** Keeps only the configured phone fields that exist on the object; checks the status field exists. */
  private void describe(CaseKind kind) {
    described.add(kind);
    String object = object(kind);
    JsonNode d = http.get(config.dataPath() + "/sobjects/" + object + "/describe", "describe of " + object);
    Map<String, String> existing = new HashMap<>();
    for (JsonNode f : d.path("fields")) {
      String name = f.path("name").asText();
      existing.put(name.toLowerCase(Locale.ROOT), name);
    }
    if (!existing.containsKey(statusField(kind).toLowerCase(Locale.ROOT))) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.REJECTED,
          "field " + statusField(kind) + " does not exist on " + object + ": fix "
              + (kind == CaseKind.MATTER ? "matterStatusField" : "intakeStatusField") + " in the config");
    }
    List<String> keep = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String f : phoneFields.get(kind)) {
      String actual = existing.get(f.toLowerCase(Locale.ROOT));
      if (actual != null) {
        keep.add(f);
      } else {
        missing.add(f);
      }
    }
    if (missing.isEmpty()) {
      // the INVALID_FIELD was about something else: report it as it is
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.REJECTED,
          "Salesforce refused the query on " + object + " (INVALID_FIELD) although every configured field exists:"
              + " check field-level security for the rcsync user");
    }
    LOG.warn("phone field(s) {} do not exist on {}: matching on {} there", missing, object,
        keep.isEmpty() ? "no field (its records cannot match)" : keep);
    phoneFields.put(kind, List.copyOf(keep));
    if (phoneFields.values().stream().allMatch(List::isEmpty)) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.REJECTED,
          "none of the phoneFields " + schema.phoneFields() + " exist on " + schema.matterObject() + " or "
              + schema.intakeObject() + ": fix phoneFields in the config");
    }
  }

  private String object(CaseKind kind) {
    return kind == CaseKind.MATTER ? schema.matterObject() : schema.intakeObject();
  }

  private String statusField(CaseKind kind) {
    return kind == CaseKind.MATTER ? schema.matterStatusField() : schema.intakeStatusField();
  }

  @Override
  public String toString() {
    return "SalesforceCaseDirectory[" + schema.matterObject() + ", " + schema.intakeObject() + " on " + schema.phoneFields() + "]";
  }
}

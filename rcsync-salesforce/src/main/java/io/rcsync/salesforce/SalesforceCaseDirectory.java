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
 * the number of calls stays what it was. As many numbers as fit go into one statement per object, kept under the
 * SOQL limit ({@link SalesforceConfig#maxSoqlLength()}, 100,000 characters by default) and, only for statements sent
 * as {@code GET /query}, the URL limit ({@link SalesforceConfig#maxUrlLength()}; Salesforce allows 16,384 bytes of
 * URI plus headers, which a composite subrequest's url, being in the request body, does not count against), and every
 * page is read through {@code nextRecordsUrl}. Sources for the limits are on {@link SalesforceConfig}. By default the
 * statements of both objects travel five to a {@code POST /composite} call, which Salesforce counts as one API
 * call, and the call's free slots carry the Note sink's existence lookups and Note describe
 * ({@link CompositeRiders}); {@code compositeQueries(false)} sends one {@code GET /query} per statement instead.
 *
 * <p>Phone fields the config lists in {@code exactPhoneFields} ({@link LitifySchema#exactPhoneFields()}: normalized
 * 10-digit values on an index) are searched instead with {@code (F5 IN ('5028138900','5025550199') OR F6 IN (...))},
 * which the query optimizer can answer from the index, while a leading-wildcard LIKE is never selective and scans
 * the object. The two kinds of field go in separate statements on each object, because an OR with one unindexed
 * branch makes the whole WHERE a table scan (Salesforce's "Maximizing the Performance of Force.com SOQL":
 * https://developer.salesforce.com/blogs/engineering/2013/07/maximizing-the-performance-of-force-com-soql-reports-and-list-views).
 * So a chunk of numbers costs, per object, one LIKE statement when every field is LIKE, one IN statement when every
 * field is exact, and one of each when both kinds are configured: with composite lookups (the default) the chunk's
 * two to four statements still travel in one {@code POST /composite} call; with {@code compositeQueries(false)} it
 * is one {@code GET /query} per statement (two, or four with both kinds). {@link #explainLookups} asks Salesforce's
 * query plan whether each statement is selective in this org ({@code rcsync doctor}).
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
  /** {@link #kindsOf}'s answers this run, by 15-character id: the kind, or empty for no Matter/Intake. */
  private final Map<String, java.util.Optional<CaseKind>> kinds = new HashMap<>();
  private final Map<CaseKind, List<String>> phoneFields = new EnumMap<>(CaseKind.class);
  private final Set<CaseKind> described = java.util.EnumSet.noneOf(CaseKind.class);
  /** Objects whose records with fullwidth digits have been read in this run, and those records by id. */
  private final Set<CaseKind> fullwidthRead = java.util.EnumSet.noneOf(CaseKind.class);
  private final Map<SalesforceId, CaseRecord> fullwidthHolders = new LinkedHashMap<>();
  private final CompositeRiders riders;

  public SalesforceCaseDirectory(SalesforceConfig config, SalesforceAuth auth, ApiCalls apiCalls) {
    this(new SalesforceHttp(config, auth, apiCalls));
  }

  SalesforceCaseDirectory(SalesforceHttp http) {
    this(http, new CompositeRiders());
  }

  /** A directory whose composite calls also carry the {@code riders}' subrequests in their free slots. */
  SalesforceCaseDirectory(SalesforceHttp http, CompositeRiders riders) {
    this.http = Objects.requireNonNull(http);
    this.riders = Objects.requireNonNull(riders);
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

  /** Ids per {@code Id IN (...)} statement of {@link #kindsOf}: 200 × 21 characters, far under SOQL's limit. */
  static final int IDS_PER_STATEMENT = 200;

  /**
   * Asks {@code SELECT Id FROM <Matter object> WHERE Id IN ('…')} and the same of the Intake object for the ids not
   * asked before in this run, up to {@value #IDS_PER_STATEMENT} ids a statement, the statements of both objects
   * together in one {@code POST /composite} call by default (one API call; the call's free slots carry the Note sink's
   * riders, as a phone lookup's do). An Id of another object (a 005 User) or of a deleted record simply matches no
   * row. Each id is sent in its 18-character form, whose case Salesforce ignores, so a 15-character Id read from an
   * export is found whatever the case its tool left it in
   * (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm, "ID Field Type").
   */
  @Override
  public synchronized java.util.Optional<Map<String, CaseKind>> kindsOf(Collection<SalesforceId> ids) {
    List<SalesforceId> unknown = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (SalesforceId id : ids) {
      if (!kinds.containsKey(id.shortForm()) && seen.add(id.shortForm())) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      List<Statement> statements = new ArrayList<>();
      for (int i = 0; i < unknown.size(); i += IDS_PER_STATEMENT) {
        String in = unknown.subList(i, Math.min(unknown.size(), i + IDS_PER_STATEMENT)).stream()
            .map(id -> Soql.literal(id.shortForm() + SalesforceId.checksum(id.shortForm())))
            .collect(Collectors.joining(",", "(", ")"));
        for (CaseKind kind : CaseKind.values()) {
          statements.add(new Statement(kind, PhoneMatch.EXACT, List.of(), "SELECT Id FROM " + object(kind)
              + " WHERE Id IN " + in));
        }
      }
      List<SalesforceHttp.Response> responses = run(statements);
      Map<String, CaseKind> found = new HashMap<>();
      for (int i = 0; i < statements.size(); i++) {
        CaseKind kind = statements.get(i).kind();
        String what = "check of records' own lookups on " + object(kind);
        JsonNode page = http.require(responses.get(i), what);
        while (true) {
          for (JsonNode rec : page.path("records")) {
            found.put(SalesforceId.of(rec.path("Id").asText()).shortForm(), kind);
          }
          String next = page.path("nextRecordsUrl").asText("");
          if (page.path("done").asBoolean(true) || next.isEmpty()) {
            break;
          }
          page = http.get(next, what + " (next page)");
        }
      }
      for (SalesforceId id : unknown) {
        kinds.put(id.shortForm(), java.util.Optional.ofNullable(found.get(id.shortForm())));
      }
    }
    Map<String, CaseKind> out = new LinkedHashMap<>();
    for (SalesforceId id : ids) {
      kinds.get(id.shortForm()).ifPresent(k -> out.put(id.shortForm(), k));
    }
    return java.util.Optional.of(out);
  }

  /**
   * Drops the cached lookups and fullwidth holders (the phone fields learned from describe are kept: they are the
   * org's schema, not its data).
   */
  @Override
  public synchronized void startRun() {
    cache.clear();
    kinds.clear();
    fullwidthRead.clear();
    fullwidthHolders.clear();
    riders.reset();
  }

  /** Numbers looked up so far in this run. */
  public synchronized int cachedNumbers() {
    return cache.size();
  }

  // ---- querying -----------------------------------------------------------------------------------

  /** How a phone field is searched: {@code LIKE '%502%813%8900%'} (any formatting) or {@code IN ('5028138900')}. */
  public enum PhoneMatch {
    /** A leading-wildcard LIKE: finds any formatting, never uses an index. */
    LIKE,
    /** An exact IN on normalized 10-digit values: can use the field's index. */
    EXACT
  }

  private record Statement(CaseKind kind, PhoneMatch match, List<String> fields, String soql) {}

  /** The statements for a chunk of numbers on one object: LIKE fields and exact fields never share a WHERE. */
  private List<Statement> statementsFor(CaseKind kind, List<PhoneNumber> numbers, boolean scanFullwidth) {
    List<String> like = new ArrayList<>();
    List<String> exact = new ArrayList<>();
    for (String f : phoneFields.get(kind)) {
      (schema.isExactPhoneField(f) ? exact : like).add(f);
    }
    List<Statement> out = new ArrayList<>();
    if (!like.isEmpty()) {
      String scan = scanFullwidth ? fullwidthClause(like) : null;
      statements(kind, like, numbers, scan).forEach(q -> out.add(new Statement(kind, PhoneMatch.LIKE, like, q)));
    }
    if (!exact.isEmpty()) {
      exactStatements(kind, exact, numbers).forEach(q -> out.add(new Statement(kind, PhoneMatch.EXACT, exact, q)));
    }
    return out;
  }

  /** Matters and Intakes for the numbers; a kind whose query hits INVALID_FIELD is described and run again. */
  private List<CaseRecord> lookup(List<PhoneNumber> numbers) {
    Map<String, CaseRecord> out = new LinkedHashMap<>(); // a record found by both a LIKE and an IN statement once
    List<CaseKind> kinds = List.of(CaseKind.values());
    while (!kinds.isEmpty()) {
      List<Statement> statements = new ArrayList<>();
      for (CaseKind kind : kinds) {
        statements.addAll(statementsFor(kind, numbers, !fullwidthRead.contains(kind)));
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
            CaseRecord r = toRecord(kind, rec);
            out.putIfAbsent(r.id().shortForm(), r);
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
    return List.copyOf(out.values());
  }

  /**
   * Runs the statements: one {@code GET /query} each, or with {@link SalesforceConfig#compositeQueries()} up to
   * five a {@code POST /composite} call ({@code {"allOrNone":false,"compositeRequest":[{"method":"GET","url":...,
   * "referenceId":...}]}}; each subresponse carries its own {@code httpStatusCode} and {@code body}). A composite
   * call also carries, in its free slots (five query operations, 25 subrequests), the {@link CompositeRiders rides}
   * queued by the Note sink: its existence lookups for the texts being looked up and its describe of the Note object.
   * Statements sized for the composite body ({@link #inBody()}) always go by composite, even alone.
   */
  private List<SalesforceHttp.Response> run(List<Statement> statements) {
    List<SalesforceHttp.Response> out = new ArrayList<>();
    boolean composite = config.compositeQueries();
    int group = composite ? SalesforceConfig.MAX_COMPOSITE_QUERIES : 1;
    for (int i = 0; i < statements.size(); i += group) {
      List<Statement> batch = statements.subList(i, Math.min(statements.size(), i + group));
      if (!composite) {
        out.add(http.exchange("GET", queryPath(batch.get(0).soql()), null));
        continue;
      }
      List<CompositeRiders.Ride> rides = riders.take(SalesforceConfig.MAX_COMPOSITE_QUERIES - batch.size(),
          SalesforceConfig.MAX_COMPOSITE_SUBREQUESTS - SalesforceConfig.MAX_COMPOSITE_QUERIES);
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("allOrNone", false);
      ArrayNode requests = body.putArray("compositeRequest");
      for (int k = 0; k < batch.size(); k++) {
        requests.addObject().put("method", "GET").put("url", queryPath(batch.get(k).soql())).put("referenceId", "q" + k);
      }
      for (int k = 0; k < rides.size(); k++) {
        requests.addObject().put("method", "GET").put("url", rides.get(k).url()).put("referenceId", "r" + k);
      }
      JsonNode answer = http.send("POST", config.dataPath() + "/composite", body,
          "composite lookup of " + batch.size() + " queries" + (rides.isEmpty() ? "" : " and " + rides.size()
              + " Note lookups"));
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
      for (int k = 0; k < rides.size(); k++) {
        JsonNode sub = byRef.get("r" + k);
        if (sub != null) { // else unanswered: the sink looks those Notes up itself
          rides.get(k).answer().accept(
              new SalesforceHttp.Response(sub.path("httpStatusCode").asInt(500), sub.path("body"), ""));
        }
      }
    }
    return out;
  }

  /**
   * True when lookup statements travel in a composite request's body (the default), where only SOQL's 100,000
   * characters bound them: the 16,384-byte limit on URI plus headers applies to the HTTP request line, and a
   * subrequest's url is part of the JSON body. Salesforce's own advice for SOQL too long for a GET is to put it in a
   * composite subrequest (Help article 000386264, "Maximum number of rows returned by SOQL queries over the REST
   * API": https://help.salesforce.com/s/articleView?id=000386264 ). With {@code compositeQueries(false)} every
   * statement is a {@code GET /query} and both limits bind.
   */
  private boolean inBody() {
    return config.compositeQueries();
  }

  /** The encoded length a statement may have: the URL's room, or unbounded when it travels in a body. */
  private int urlBudget() {
    return inBody() ? Integer.MAX_VALUE : config.maxUrlLength() - urlBaseLength();
  }

  /** What to change when one number's condition alone is too long. */
  private String tooLong(CaseKind kind, String fieldsSetting) {
    return "one phone number's condition on " + object(kind) + " does not fit in "
        + (inBody() ? "a " + config.maxSoqlLength() + "-character SOQL statement" : "a " + config.maxUrlLength()
            + "-character URL") + ": configure fewer " + fieldsSetting
        + (inBody() ? "" : " or raise maxUrlLength");
  }

  /**
   * The LIKE statements for a set of numbers, each under the SOQL limit and, when sent by {@code GET}, the URL limit
   * ({@link #inBody()}); visible for tests. Every
   * statement selects all the object's phone fields (core confirms a match on any of them).
   *
   * @param fields the LIKE fields the WHERE searches
   * @param leading a clause OR'ed into the first statement before the numbers' (the fullwidth scan), or null
   */
  List<String> statements(CaseKind kind, List<String> fields, List<PhoneNumber> numbers, String leading) {
    String prefix = selectPrefix(kind);
    String or = " OR ";
    int urlBudget = urlBudget();
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
            tooLong(kind, "phoneFields"));
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

  /**
   * The exact statements for a set of numbers: {@code ... WHERE (F1 IN ('5028138900','5025550199') OR F2 IN (...))},
   * as many numbers in each as fit under the SOQL limit and, when sent by {@code GET}, the URL limit; visible for
   * tests. Every number is 10 ASCII digits,
   * so each one adds the same length to every field's list.
   */
  List<String> exactStatements(CaseKind kind, List<String> fields, List<PhoneNumber> numbers) {
    String prefix = selectPrefix(kind);
    int urlBudget = urlBudget();
    List<String> out = new ArrayList<>();
    int from = 0;
    while (from < numbers.size()) {
      String one = prefix + exactWhere(fields, numbers.subList(from, from + 1));
      int soqlLength = one.length();
      int encoded = Soql.encodedLength(one);
      if (encoded > urlBudget || soqlLength > config.maxSoqlLength()) {
        throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.REJECTED,
            tooLong(kind, "exactPhoneFields"));
      }
      int to = from + 1;
      while (to < numbers.size()) {
        String more = "," + Soql.literal(numbers.get(to).digits());
        int soqlMore = soqlLength + fields.size() * more.length();
        int encodedMore = encoded + fields.size() * Soql.encodedLength(more);
        if (encodedMore > urlBudget || soqlMore > config.maxSoqlLength()) {
          break;
        }
        soqlLength = soqlMore;
        encoded = encodedMore;
        to++;
      }
      out.add(prefix + exactWhere(fields, numbers.subList(from, to)));
      from = to;
    }
    return out;
  }

  private static String exactWhere(List<String> fields, List<PhoneNumber> numbers) {
    String values = numbers.stream().map(n -> Soql.literal(n.digits())).collect(Collectors.joining(",", "(", ")"));
    return fields.stream().map(f -> f + " IN " + values).collect(Collectors.joining(" OR ", "(", ")"));
  }

  private String selectPrefix(CaseKind kind) {
    return "SELECT " + String.join(", ", selectFields(kind, phoneFields.get(kind))) + " FROM " + object(kind)
        + " WHERE ";
  }

  // ---- query plans ----------------------------------------------------------------------------------

  /**
   * Asks Salesforce how it would run each kind of lookup statement this directory sends, without running it: for
   * each object, the LIKE statement (when some phone fields are LIKE) and the exact statement (when some are in
   * {@code exactPhoneFields}), each for the one number {@code sample}, through {@code GET /query?explain=<SOQL>}
   * (one API call each; a phone field missing on an object is dropped after one describe, as a lookup does). The
   * first plan of the answer is the one Salesforce would use (they come sorted by cost).
   *
   * @return one plan per statement, Matter's first
   * @throws ExternalSystemException when Salesforce refuses the explain (e.g. MALFORMED_QUERY) or cannot be reached
   * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query_performance_feedback.htm">Get Feedback on Query Performance</a>
   * @see <a href="https://help.salesforce.com/s/articleView?id=000199003">Query Plan Tool (How To and FAQ)</a>
   */
  public synchronized List<LookupPlan> explainLookups(PhoneNumber sample) {
    List<LookupPlan> out = new ArrayList<>();
    for (CaseKind kind : CaseKind.values()) {
      while (true) {
        List<LookupPlan> plans = new ArrayList<>();
        boolean redo = false;
        for (Statement st : statementsFor(kind, List.of(sample), false)) {
          SalesforceHttp.Response r = http.exchange("GET", config.dataPath() + "/query?explain=" + Soql.encode(st.soql()),
              null);
          if (!r.ok() && r.hasError("INVALID_FIELD") && !described.contains(kind)) {
            describe(kind);
            redo = true;
            break;
          }
          JsonNode body = http.require(r, "query plan of the " + st.match() + " lookup on " + object(kind));
          plans.add(LookupPlan.from(object(kind), st.match(), st.fields(), st.soql(), body));
        }
        if (!redo) {
          out.addAll(plans);
          break;
        }
      }
    }
    return out;
  }

  /**
   * Salesforce's best plan for one lookup statement, from {@code GET /query?explain=}: {@code {"plans":[{
   * "cardinality", "fields", "leadingOperationType", "notes":[{"description", "fields", "tableEnumOrId"}],
   * "relativeCost", "sobjectCardinality", "sobjectType"}]}}.
   *
   * @param object the queried object's API name
   * @param match how the statement searches its phone fields
   * @param fields the phone fields its WHERE searches
   * @param soql the statement explained (for one sample number)
   * @param leadingOperationType {@code Index}, {@code TableScan}, {@code Sharing} or {@code Other}; {@code none}
   *     when Salesforce returned no plan
   * @param relativeCost the cost compared to the optimizer's selectivity threshold: above 1 the query is not
   *     selective (NaN when there is no plan)
   * @param cardinality the estimated number of records the leading operation returns
   * @param sobjectCardinality the approximate number of records of the object
   * @param notes the plan's notes' descriptions, e.g. why a field's index was not used
   */
  public record LookupPlan(String object, PhoneMatch match, List<String> fields, String soql,
      String leadingOperationType, double relativeCost, long cardinality, long sobjectCardinality,
      List<String> notes) {
    public LookupPlan {
      fields = List.copyOf(fields);
      notes = List.copyOf(notes);
    }

    /** Selective: Salesforce can answer it from an index without scanning the object (relativeCost at most 1). */
    public boolean selective() {
      return relativeCost <= 1.0;
    }

    static LookupPlan from(String object, PhoneMatch match, List<String> fields, String soql, JsonNode body) {
      JsonNode best = body.path("plans").path(0);
      if (best.isMissingNode()) {
        return new LookupPlan(object, match, fields, soql, "none", Double.NaN, 0, 0, List.of());
      }
      List<String> notes = new ArrayList<>();
      for (JsonNode n : best.path("notes")) {
        notes.add(n.path("description").asText());
      }
      return new LookupPlan(object, match, fields, soql, best.path("leadingOperationType").asText("none"),
          best.path("relativeCost").asDouble(Double.NaN), best.path("cardinality").asLong(),
          best.path("sobjectCardinality").asLong(), notes);
    }
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
    return "SalesforceCaseDirectory[" + schema.matterObject() + ", " + schema.intakeObject() + " on " + schema.phoneFields()
        + (schema.exactPhoneFields().isEmpty() ? "" : ", exact " + schema.exactPhoneFields()) + "]";
  }
}

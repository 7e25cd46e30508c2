package io.rcsync.testkit.sim.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query and queryAll resources: runs SOQL and pages the result through {@code nextRecordsUrl}
 * ({@code GET .../query/{locator}}), keeping the 1,000 most recently used cursors open.
 */
final class QueryResource {
  private static final int MAX_OPEN_CURSORS = 1_000;
  /** The largest batch when a query selects two or more custom long text fields. */
  static final int LONG_TEXT_BATCH = 200;

  private final SalesforceSimulator sim;
  private final Map<String, Cursor> cursors = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
      return size() > MAX_OPEN_CURSORS;
    }
  };

  /** The rest of a query's result, served page by page through nextRecordsUrl. */
  private record Cursor(List<Map<String, Object>> records, int totalSize, int batchSize) {}

  QueryResource(SalesforceSimulator sim) {
    this.sim = sim;
  }

  /**
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm and
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
   * (Sforce-Query-Options: batchSize=200..2000).
   */
  Map<String, Object> query(String queryOptions, String v, String soql, boolean all) {
    SoqlAst.Query q = SoqlParser.parse(soql);
    if (q.object().equalsIgnoreCase(OrgSchema.CONTENT_DOCUMENT_LINK) && !filtersOnLinkIds(q.where())) {
      // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentdocumentlink.htm
      // (without the "Query All Files" permission a filter on Id, LinkedEntityId or ContentDocumentId is required)
      throw new SalesforceApiException(400, "MALFORMED_QUERY", "Implementation restriction: ContentDocumentLink "
          + "requires a filter by a single Id on ContentDocumentId or LinkedEntityId using the equals operator or "
          + "multiple Id's using the IN operator.");
    }
    SoqlEngine.Result result;
    synchronized (sim.store) {
      result = new SoqlEngine(sim.store, sim.clock().instant(), sim.zone(), v).execute(q, all);
    }
    int batch = batchSize(queryOptions);
    if (result.longTextFields() >= 2) {
      // "If the SOQL statement selects two or more custom fields of type long text, the batch size can't be greater
      // than 200 records" (Changing the Batch Size in Queries,
      // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/api/sforce_api_calls_soql_changing_batch_size.htm)
      batch = Math.min(batch, LONG_TEXT_BATCH);
    }
    if (result.aggregate() && result.records().size() > batch) {
      throw new SalesforceApiException(400, "EXCEEDED_ID_LIMIT",
          "Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch");
    }
    Cursor cursor = new Cursor(result.records(), result.totalSize(), batch);
    if (result.records().size() <= batch) {
      return page(cursor, 0, null, v);
    }
    String id = "01g5S" + sim.randomAlphanumeric(13);
    synchronized (cursors) {
      cursors.put(id, cursor);
    }
    return page(cursor, 0, id, v);
  }

  /** True when every row the WHERE clause admits is pinned by {@code =} or {@code IN} on an id field of the link. */
  static boolean filtersOnLinkIds(SoqlAst.Condition where) {
    if (where instanceof SoqlAst.And and) {
      return and.operands().stream().anyMatch(QueryResource::filtersOnLinkIds);
    }
    if (where instanceof SoqlAst.Or or) {
      return or.operands().stream().allMatch(QueryResource::filtersOnLinkIds);
    }
    if (where instanceof SoqlAst.Comparison c) {
      return c.operator().equals("=") && linkIdField(c.field());
    }
    if (where instanceof SoqlAst.InList in) {
      return !in.negated() && linkIdField(in.field());
    }
    if (where instanceof SoqlAst.InSubquery in) {
      return !in.negated() && linkIdField(in.field());
    }
    return false;
  }

  private static boolean linkIdField(SoqlAst.FieldPath path) {
    if (path.segments().size() != 1) {
      return false;
    }
    String f = path.segments().get(0);
    return f.equalsIgnoreCase("Id") || f.equalsIgnoreCase("LinkedEntityId") || f.equalsIgnoreCase("ContentDocumentId");
  }

  private int batchSize(String header) {
    int batch = sim.queryBatchSize();
    if (header != null) {
      Matcher m = Pattern.compile("batchSize\\s*=\\s*(\\d+)").matcher(header);
      if (m.find()) {
        int asked = Integer.parseInt(m.group(1));
        batch = Math.max(200, Math.min(SalesforceSimulator.MAX_QUERY_BATCH, asked));
      }
    }
    return batch;
  }

  /** The next page of an open cursor: {@code locator} is {@code <cursorId>-<offset>}. */
  Map<String, Object> queryMore(String v, String locator) {
    int dash = locator.lastIndexOf('-');
    Cursor cursor = null;
    int offset = -1;
    if (dash > 0) {
      synchronized (cursors) {
        cursor = cursors.get(locator.substring(0, dash));
      }
      try {
        offset = Integer.parseInt(locator.substring(dash + 1));
      } catch (NumberFormatException e) {
        offset = -1;
      }
    }
    if (cursor == null || offset < 0 || offset > cursor.records().size()) {
      throw new SalesforceApiException(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    }
    return page(cursor, offset, locator.substring(0, dash), v);
  }

  private Map<String, Object> page(Cursor cursor, int offset, String cursorId, String v) {
    int end = Math.min(cursor.records().size(), offset + cursor.batchSize());
    boolean done = end >= cursor.records().size();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("totalSize", cursor.totalSize());
    out.put("done", done);
    if (!done) {
      out.put("nextRecordsUrl", "/services/data/v" + v + "/query/" + cursorId + "-" + end);
    }
    out.put("records", cursor.records().subList(offset, end));
    return out;
  }
}

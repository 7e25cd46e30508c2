package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Page selection of a list request ({@code page}, {@code perPage}: default 100, larger than 1000 is cut to 1000) and
 * the list body RingCentral answers with: {@code records}, {@code paging} and absolute {@code navigation}
 * first/previous/next/last page URIs
 * (https://developers.ringcentral.com/guide/messaging/message-store/working-with-message-store).
 */
record RcPaging(int page, int perPage) {
  static final int MAX_PER_PAGE = 1000;
  static final int DEFAULT_PER_PAGE = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** @throws IllegalArgumentException with the API's message for an invalid {@code page} or {@code perPage} */
  static RcPaging of(Map<String, List<String>> q) {
    int page = RcQueryParams.integer(q, "page", 1);
    int perPage = RcQueryParams.integer(q, "perPage", DEFAULT_PER_PAGE);
    if (page < 1) {
      throw new IllegalArgumentException("Parameter [page] value is invalid");
    }
    if (perPage < 1) {
      throw new IllegalArgumentException("Parameter [perPage] value is invalid");
    }
    return new RcPaging(page, Math.min(perPage, MAX_PER_PAGE));
  }

  <T> List<T> slice(List<T> all) {
    long from = (long) (page - 1) * perPage;
    if (from >= all.size()) {
      return List.of();
    }
    return all.subList((int) from, (int) Math.min(all.size(), from + perPage));
  }

  /** The list body of this page: {@code records} (this page's), {@code paging} and {@code navigation}. */
  String listBody(String baseUrl, String path, Map<String, List<String>> query, int total, List<JsonNode> records) {
    int totalPages = (total + perPage - 1) / perPage;
    ObjectNode n = JSON.createObjectNode();
    n.put("uri", pageUri(baseUrl, path, query, page));
    ArrayNode arr = n.putArray("records");
    records.forEach(arr::add);
    ObjectNode p = n.putObject("paging");
    p.put("page", page);
    p.put("totalPages", totalPages);
    p.put("perPage", perPage);
    p.put("totalElements", total);
    if (!records.isEmpty()) {
      p.put("pageStart", (page - 1) * perPage);
      p.put("pageEnd", (page - 1) * perPage + records.size() - 1);
    }
    ObjectNode nav = n.putObject("navigation");
    nav.putObject("firstPage").put("uri", pageUri(baseUrl, path, query, 1));
    if (page < totalPages) {
      nav.putObject("nextPage").put("uri", pageUri(baseUrl, path, query, page + 1));
    }
    if (page > 1 && totalPages > 0) {
      nav.putObject("previousPage").put("uri", pageUri(baseUrl, path, query, Math.min(page - 1, totalPages)));
    }
    nav.putObject("lastPage").put("uri", pageUri(baseUrl, path, query, Math.max(totalPages, 1)));
    return n.toString();
  }

  /** Absolute URI of a page: the request's own parameters, with page and the applied perPage. */
  private String pageUri(String baseUrl, String path, Map<String, List<String>> query, int pageNumber) {
    StringBuilder sb = new StringBuilder(baseUrl).append(path).append('?');
    boolean first = true;
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (e.getKey().equals("page") || e.getKey().equals("perPage")) {
        continue;
      }
      for (String v : e.getValue()) {
        sb.append(first ? "" : "&").append(RcQueryParams.encode(e.getKey())).append('=')
            .append(RcQueryParams.encode(v));
        first = false;
      }
    }
    sb.append(first ? "" : "&").append("page=").append(pageNumber).append("&perPage=").append(perPage);
    return sb.toString();
  }
}

package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;

/**
 * Paging of RingCentral list resources: {@code navigation.nextPage.uri} (absolute) while there are more pages,
 * {@code paging{page, totalPages, perPage, totalElements}} alongside
 * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1GetMessageList.html,
 * https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/definitions/MessagingPagingInfo.html).
 */
final class Pages {
  private Pages() {}

  /**
   * The next page to request, rebased onto {@code server} (scheme, host and port) so the bearer token only ever goes
   * to the configured server; empty after the last page. Falls back to {@code page=N+1} when {@code paging} says
   * there are more pages but {@code navigation} gives no link.
   */
  static Optional<URI> next(JsonNode body, URI current, URI server) {
    JsonNode nextUri = body.path("navigation").path("nextPage").path("uri");
    if (nextUri.isTextual() && !nextUri.asText().isBlank()) {
      URI given = current.resolve(nextUri.asText().strip());
      URI rebased = rebase(given, server);
      return rebased.equals(current) ? Optional.empty() : Optional.of(rebased);
    }
    JsonNode paging = body.path("paging");
    int page = paging.path("page").asInt(0);
    int total = paging.path("totalPages").asInt(0);
    if (page > 0 && total > page) {
      return Optional.of(withPage(current, page + 1));
    }
    return Optional.empty();
  }

  static URI rebase(URI uri, URI server) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery();
    return URI.create(server.getScheme() + "://" + server.getRawAuthority() + path + (query == null ? "" : "?" + query));
  }

  static URI withPage(URI uri, int page) {
    String query = uri.getRawQuery();
    StringBuilder q = new StringBuilder();
    boolean replaced = false;
    if (query != null) {
      for (String part : query.split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        if (q.length() > 0) {
          q.append('&');
        }
        if (part.startsWith("page=")) {
          q.append("page=").append(page);
          replaced = true;
        } else {
          q.append(part);
        }
      }
    }
    if (!replaced) {
      q.append(q.length() > 0 ? "&" : "").append("page=").append(page);
    }
    String s = uri.toString();
    int at = s.indexOf('?');
    return URI.create((at < 0 ? s : s.substring(0, at)) + "?" + q);
  }
}

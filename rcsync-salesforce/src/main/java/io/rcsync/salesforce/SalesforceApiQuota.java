package io.rcsync.salesforce;

import io.rcsync.core.port.out.ApiQuota;
import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The org's daily API usage read from the {@code Sforce-Limit-Info} header of every Salesforce answer
 * ({@code api-usage=10018/100000}, possibly followed by {@code ; api-bursts=1/750} or a pilot
 * {@code per-app-api-usage=...} item, which are ignored). The header is absent from the version list ({@code /}), whose
 * calls do not count. Usage may exceed the maximum (the limit is soft). Thread-safe: keeps the latest figures.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm">API Usage header</a>
 */
public final class SalesforceApiQuota implements ApiQuota {
  static final String HEADER = "Sforce-Limit-Info";

  private final AtomicReference<Usage> latest = new AtomicReference<>();

  @Override
  public Optional<Usage> usage() {
    return Optional.ofNullable(latest.get());
  }

  /** Records the header of one answer, if it carries a well-formed {@code api-usage}; anything else is ignored. */
  void record(HttpHeaders headers) {
    headers.firstValue(HEADER).flatMap(SalesforceApiQuota::parse).ifPresent(latest::set);
  }

  /**
   * Parses a header value: {@code ;}-separated {@code key=used/max} items; only {@code api-usage} counts.
   *
   * @return empty when there is no well-formed {@code api-usage} item (max must be &gt; 0)
   */
  static Optional<Usage> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (String item : value.split("[;,]")) {
      int eq = item.indexOf('=');
      if (eq < 0 || !item.substring(0, eq).strip().equalsIgnoreCase("api-usage")) {
        continue;
      }
      String figures = item.substring(eq + 1).strip();
      int slash = figures.indexOf('/');
      if (slash < 0) {
        return Optional.empty();
      }
      try {
        long used = Long.parseLong(figures.substring(0, slash).strip());
        long max = Long.parseLong(figures.substring(slash + 1).strip());
        return used >= 0 && max > 0 ? Optional.of(new Usage(used, max)) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}

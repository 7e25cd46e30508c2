package io.rcsync.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RingCentralPlumbingTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-20T12:00:00Z"), ZoneOffset.UTC);

  private static HttpHeaders headers(Map<String, List<String>> map) {
    return HttpHeaders.of(map, (k, v) -> true);
  }

  @Test
  void readsRetryAfterAsSecondsOrAsAnHttpDate() {
    assertThat(RateLimitHeaders.of(headers(Map.of("Retry-After", List.of("17"))), CLOCK).retryAfter())
        .contains(Duration.ofSeconds(17));
    assertThat(RateLimitHeaders.of(headers(Map.of("Retry-After", List.of("Mon, 20 Apr 2026 12:01:30 GMT"))), CLOCK)
        .retryAfter()).contains(Duration.ofSeconds(90));
    assertThat(RateLimitHeaders.of(headers(Map.of("Retry-After", List.of("soon"))), CLOCK).retryAfter()).isEmpty();
  }

  @Test
  void readsTheRateLimitHeaders() {
    RateLimitHeaders h = RateLimitHeaders.of(headers(Map.of("X-Rate-Limit-Group", List.of("Heavy"),
        "X-Rate-Limit-Limit", List.of("10"), "X-Rate-Limit-Remaining", List.of("3"),
        "X-Rate-Limit-Window", List.of("60"))), CLOCK);

    assertThat(h.group()).contains("Heavy");
    assertThat(h.remaining()).hasValue(3);
    assertThat(h.window()).contains(Duration.ofSeconds(60));
    assertThat(h.describe()).isEqualTo("rate-limit group Heavy: 10 requests per 1m 00s");
  }

  @Test
  void pagesOnWithThePagingObjectWhenThereIsNoLink() throws Exception {
    var body = new ObjectMapper().readTree("{\"paging\":{\"page\":2,\"totalPages\":3}}");

    assertThat(Pages.next(body, URI.create("https://rc.example/x?messageType=SMS&page=2&perPage=1000"),
        URI.create("https://rc.example"))).contains(URI.create("https://rc.example/x?messageType=SMS&page=3&perPage=1000"));
    assertThat(Pages.next(new ObjectMapper().readTree("{\"paging\":{\"page\":3,\"totalPages\":3}}"),
        URI.create("https://rc.example/x"), URI.create("https://rc.example"))).isEmpty();
  }

  @Test
  void describesRingCentralErrorBodies() {
    assertThat(ErrorBodies.describe("{\"errorCode\":\"CMN-102\",\"message\":\"Not found\"}")).isEqualTo(" CMN-102: Not found");
    assertThat(ErrorBodies.describe("{\"errors\":[{\"errorCode\":\"CMN-408\",\"message\":\"No permission\"}]}"))
        .isEqualTo(" CMN-408: No permission");
    assertThat(ErrorBodies.describe("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid token\"}"))
        .isEqualTo(" invalid_grant: Invalid token");
    assertThat(ErrorBodies.describe("<html>gateway</html>")).isEmpty();
  }
}

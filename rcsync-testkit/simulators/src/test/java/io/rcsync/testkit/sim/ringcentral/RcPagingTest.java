package io.rcsync.testkit.sim.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Page selection and the paging/navigation body, without a server (RcPaging was inside the simulator). */
class RcPagingTest {
  @Test
  void perPageDefaultsTo100AndIsCutTo1000() {
    assertThat(RcPaging.of(Map.of())).isEqualTo(new RcPaging(1, 100));
    assertThat(RcPaging.of(Map.of("page", List.of("3"), "perPage", List.of("5000")))).isEqualTo(new RcPaging(3, 1000));
  }

  @Test
  void rejectsPagesBelowOneAndNonNumbersWithTheApiMessage() {
    assertThatThrownBy(() -> RcPaging.of(Map.of("page", List.of("0"))))
        .hasMessage("Parameter [page] value is invalid");
    assertThatThrownBy(() -> RcPaging.of(Map.of("perPage", List.of("many"))))
        .hasMessage("Parameter [perPage] value is invalid");
  }

  @Test
  void slicesAndPastTheEndIsEmpty() {
    List<Integer> all = List.of(1, 2, 3, 4, 5);
    assertThat(new RcPaging(2, 2).slice(all)).containsExactly(3, 4);
    assertThat(new RcPaging(3, 2).slice(all)).containsExactly(5);
    assertThat(new RcPaging(4, 2).slice(all)).isEmpty();
  }

  @Test
  void navigationKeepsTheRequestParametersAndHasNoNextPageOnTheLast() throws Exception {
    Map<String, List<String>> query = RcQueryParams.parse("messageType=SMS&page=2&perPage=2");
    String body = new RcPaging(2, 2).listBody("http://h", "/p", query, 3, List.of(new ObjectMapper().readTree("{}")));
    JsonNode n = new ObjectMapper().readTree(body);
    assertThat(n.path("paging").path("totalPages").asInt()).isEqualTo(2);
    assertThat(n.path("paging").path("pageStart").asInt()).isEqualTo(2);
    assertThat(n.path("paging").path("pageEnd").asInt()).isEqualTo(2);
    assertThat(n.path("navigation").has("nextPage")).isFalse();
    assertThat(n.path("navigation").path("previousPage").path("uri").asText())
        .isEqualTo("http://h/p?messageType=SMS&page=1&perPage=2");
    assertThat(n.path("navigation").path("lastPage").path("uri").asText())
        .isEqualTo("http://h/p?messageType=SMS&page=2&perPage=2");
  }
}

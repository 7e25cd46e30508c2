package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SalesforceConfigTest {
  @Test
  void defaultsToTheCurrentApiVersionAndDocumentedLimits() {
    SalesforceConfig c = SalesforceConfig.ofDefaults();
    assertThat(c.apiVersion()).isEqualTo("v67.0");
    assertThat(c.dataPath()).isEqualTo("/services/data/v67.0");
    assertThat(c.maxUrlLength()).isEqualTo(15_000);
    assertThat(c.maxSoqlLength()).isEqualTo(100_000);
  }

  @Test
  void acceptsTheUsualSpellingsOfAnApiVersion() {
    assertThat(SalesforceConfig.builder().apiVersion("62.0").build().apiVersion()).isEqualTo("v62.0");
    assertThat(SalesforceConfig.builder().apiVersion("v60").build().apiVersion()).isEqualTo("v60.0");
    assertThatThrownBy(() -> SalesforceConfig.builder().apiVersion("v45.0")).hasMessageContaining("v46.0");
    assertThatThrownBy(() -> SalesforceConfig.builder().apiVersion("latest")).hasMessageContaining("latest");
  }

  @Test
  void backoffDoublesUpToTheCap() {
    SalesforceConfig c = SalesforceConfig.builder().retryDelays(Duration.ofSeconds(1), Duration.ofSeconds(5)).build();
    assertThat(c.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.backoff(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.backoff(4)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void refusesLimitsBeyondWhatSalesforceAccepts() {
    assertThatThrownBy(() -> SalesforceConfig.builder().maxUrlLength(20_000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SalesforceConfig.builder().maxSoqlLength(100_001)).isInstanceOf(IllegalArgumentException.class);
  }
}

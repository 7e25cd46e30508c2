package io.rcsync.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerUrlsTest {
  @Test
  void dropsEveryTrailingSlash() {
    assertThat(ServerUrls.withoutTrailingSlashes("https://acme.my.salesforce.com//")).isEqualTo("https://acme.my.salesforce.com");
    assertThat(ServerUrls.withoutTrailingSlashes(URI.create("https://platform.ringcentral.com/")))
        .isEqualTo(URI.create("https://platform.ringcentral.com"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://platform.ringcentral.com", "http://localhost:8080", "http://127.0.0.1:1",
      "http://[::1]:9000", "HTTP://LOCALHOST"})
  void acceptsHttpsAndPlainHttpToLoopback(String url) {
    assertThat(ServerUrls.isSecure(URI.create(url))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://platform.ringcentral.com", "http://127.evil.example", "http://10.0.0.1",
      "ftp://localhost", "http:relative"})
  void refusesPlainHttpToAnyOtherHost(String url) {
    assertThat(ServerUrls.isSecure(URI.create(url))).isFalse();
  }
}

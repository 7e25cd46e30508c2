package io.rcsync.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.PushSubscriptions;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PushSubscriptionsTest {
  private static final URI ADDRESS = URI.create("https://ops:pw@hooks.firm.example:8443/ringcentral/webhook?auth_token=s3cr3tvalue");

  @Test
  void aRequestShowsNeitherItsVerificationTokenNorTheAddresssQueryOrUserInfo() {
    var request = new PushSubscriptions.Request(Set.of(ExtensionId.of("376557052")), ADDRESS, "verif-token-abcdef",
        Duration.ofDays(7));

    assertThat(request.toString()).contains("https://hooks.firm.example:8443/ringcentral/webhook?…")
        .doesNotContain("verif-token-abcdef", "s3cr3tvalue", "ops:pw");
  }

  @Test
  void aSubscriptionShowsItsAddressWithoutQueryOrUserInfo() {
    var sub = new PushSubscriptions.Subscription("sub-1", Set.of(), List.of(), Optional.of(ADDRESS),
        Optional.of("verif-token-abcdef"), Instant.parse("2026-12-01T00:00:00Z"), PushSubscriptions.Status.ACTIVE);

    assertThat(sub.toString()).contains("https://hooks.firm.example:8443/ringcentral/webhook?…")
        .doesNotContain("verif-token-abcdef", "s3cr3tvalue", "ops:pw");
  }
}

package io.rcsync.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code rcsync demo --keep-running} tells the operator to try against the simulators it leaves up. */
class DemoKeepRunningHintsTest {
  @Test
  void theHintsNameServeWithALoopbackPublicUrlAndLogout() {
    List<String> hints = DemoVerb.keepRunningHints("rcsync", Path.of("/tmp/demo"), "2026-02-09");

    assertThat(hints).contains("  rcsync serve --listen 127.0.0.1:8080 --public-url http://127.0.0.1:8080")
        .anySatisfy(l -> assertThat(l).startsWith("  rcsync logout").contains(".rcsync/rc-token.json"))
        .contains("  rcsync doctor", "  rcsync sync --incremental", "  rcsync schedule", "  cd /tmp/demo");
    assertThat(String.join("\n", hints)).contains("http is allowed on loopback");
    assertThat(hints).anySatisfy(l -> assertThat(l).startsWith("  rcsync transcript --record a0L"));
  }

  @Test
  void theHintsNameTheSmsMagicVerbsTheDemoFirmCanTry() {
    List<String> hints = DemoVerb.keepRunningHints("rcsync", Path.of("/tmp/demo"), "2026-02-09");

    assertThat(hints).anySatisfy(l -> assertThat(l).startsWith("  rcsync import-smsmagic --dry-run"))
        .anySatisfy(l -> assertThat(l).startsWith("  rcsync verify --source smsmagic"))
        .anySatisfy(l -> assertThat(l).startsWith("  rcsync rollback --source smsmagic").contains("rc_msg_ Notes untouched"));
  }

  @Test
  void theServeHintsPublicUrlIsOneServeAccepts() {
    // the same check serve makes: http only on loopback
    assertThat(ServeAddresses.webhookAddress("http://127.0.0.1:8080", IllegalArgumentException::new))
        .hasToString("http://127.0.0.1:8080/ringcentral/webhook");
    assertThat(ServeAddresses.listen("127.0.0.1:8080", IllegalArgumentException::new))
        .isEqualTo(new ServeAddresses.Listen("127.0.0.1", 8080));
  }
}

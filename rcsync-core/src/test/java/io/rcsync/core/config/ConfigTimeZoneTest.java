package io.rcsync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Config {@code timeZone} (issue 14): the firm's zone for transcripts, an IANA id; the system's when absent. */
class ConfigTimeZoneTest {
  private static final String BASE = """
      {
        "activeWave": "w",
        "waves": { "w": [ { "name": "Alyssia", "extensionId": "376557052", "sfUserId": "005UV0000012345AAA" } ] },
        "pollWindows": { "hot": { "intervalMinutes": 5, "lookbackMinutes": 30 } }%s
      }
      """;

  private static SyncConfig parse(String extra) {
    return ConfigLoader.parse("cfg.json", BASE.formatted(extra));
  }

  @Test
  void anIanaZoneIsTheFirmsZone() {
    SyncConfig c = parse(", \"timeZone\": \"America/Kentucky/Louisville\"");

    assertThat(c.timeZone()).contains(ZoneId.of("America/Kentucky/Louisville"));
    assertThat(c.zone()).isEqualTo(ZoneId.of("America/Kentucky/Louisville"));
  }

  @Test
  void withoutTimeZoneTheSystemsZoneIsUsed() {
    SyncConfig c = parse("");

    assertThat(c.timeZone()).isEmpty();
    assertThat(c.zone()).isEqualTo(ZoneId.systemDefault());
  }

  @Test
  void anUnknownZoneIsOneLineNamingTheFileTheFieldAndWhatToWrite() {
    assertThatThrownBy(() -> parse(", \"timeZone\": \"Eastern\""))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cfg.json: timeZone: 'Eastern' is not a known time zone; use an IANA time-zone id such as "
            + "\"America/New_York\", \"America/Chicago\" or \"Europe/London\"");
  }

  @Test
  void anOffsetOrANonTextIsRefusedToo() {
    assertThatThrownBy(() -> parse(", \"timeZone\": \"-05:00\"")).hasMessageContaining("timeZone: '-05:00' is not a known time zone");
    assertThatThrownBy(() -> parse(", \"timeZone\": 5")).hasMessageContaining("timeZone: must be a time-zone name");
  }
}

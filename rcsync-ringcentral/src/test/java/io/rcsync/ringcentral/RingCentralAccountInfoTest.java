package io.rcsync.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.ringcentral.RingCentralAccountInfo.AccountTimeZone;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator.TimeZoneInfo;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The account's time zone read from Get Account Info on the simulator, and RingCentral's names mapped to IANA ids. */
class RingCentralAccountInfoTest {
  private final FakeTime time = new FakeTime(Instant.parse("2026-11-30T06:00:00Z"));
  private RingCentralSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private RingCentralAccountInfo info(RingCentralSimulator.Builder b) {
    sim = b.clock(time).noRateLimits().build().start();
    RingCentralConfig config = RingCentralConfig.builder(RingCentralCredentials.of(sim.clientId(), sim.clientSecret(),
        sim.jwt()).withServer(URI.create(sim.baseUrl()))).clock(time).sleeper(time).build();
    return RingCentralAdapters.create(config, new ApiCalls()).accountInfo();
  }

  @Test
  void readsTheAccountsRegionalTimeZoneAndMapsRingCentralsAliasToTheIanaId() {
    RingCentralAccountInfo info = info(RingCentralSimulator.builder());

    Optional<AccountTimeZone> tz = info.timeZone();

    assertThat(tz).hasValueSatisfying(z -> {
      assertThat(z.ringCentralName()).isEqualTo("US/Eastern");
      assertThat(z.description()).isEqualTo("Eastern Time (US & Canada)");
      assertThat(z.zone()).contains(ZoneId.of("America/New_York"));
    });
    assertThat(sim.calls(SimEndpoint.ACCOUNT_INFO)).isEqualTo(1);
  }

  @Test
  void anAccountWithoutATimeZoneGivesNone() {
    RingCentralAccountInfo info = info(RingCentralSimulator.builder().accountTimeZone(null));

    assertThat(info.timeZone()).isEmpty();
  }

  @Test
  void aWindowsStyleNameIsMappedAndAnUnknownOneIsKeptWithoutAZone() {
    RingCentralAccountInfo info = info(RingCentralSimulator.builder().accountTimeZone(
        new TimeZoneInfo("21", "Pacific Standard Time", "Pacific Time (US & Canada)", -480)));

    assertThat(info.timeZone()).hasValueSatisfying(z -> assertThat(z.zone()).contains(ZoneId.of("America/Los_Angeles")));

    sim.accountTimeZone(new TimeZoneInfo("99", "Martian Standard Time", "Olympus Mons", 0));
    assertThat(info.timeZone()).hasValueSatisfying(z -> {
      assertThat(z.ringCentralName()).isEqualTo("Martian Standard Time");
      assertThat(z.zone()).isEmpty();
    });
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "US/Eastern, America/New_York",
      "us/central, America/Chicago",
      "US/Mountain, America/Denver",
      "US/Arizona, America/Phoenix",
      "US/Pacific, America/Los_Angeles",
      "US/Hawaii, Pacific/Honolulu",
      "Eastern Standard Time, America/New_York",
      "Central Standard Time, America/Chicago",
      "Pacific Standard Time, America/Los_Angeles",
      "America/Kentucky/Louisville, America/Kentucky/Louisville",
      "Europe/London, Europe/London"})
  void mapsRingCentralTimeZoneNamesToIanaIds(String name, String iana) {
    assertThat(RingCentralAccountInfo.toIana(name)).contains(ZoneId.of(iana));
  }

  @ParameterizedTest
  @CsvSource({"EST", "PST", "Mars/Olympus", "''"})
  void abbreviationsAndUnknownNamesAreNotZones(String name) {
    assertThat(RingCentralAccountInfo.toIana(name)).isEmpty();
  }
}

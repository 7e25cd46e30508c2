package io.rcsync.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The account's own time zone, for {@code rcsync init}'s {@code timeZone}: one call,
 * {@code GET /restapi/v1.0/account/~} (Get Account Info), whose {@code regionalSettings.timezone} is a TimezoneInfo
 * {@code {uri, id, name, description, bias}} (the company's Auto-Receptionist regional setting):
 * https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1GetAccountInfoResponse.html,
 * https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1AccountRegionalSettings.html and
 * https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1GetTimezoneInfoResponse-members.html.
 *
 * <p>RingCentral's {@code name} is not always an IANA id: the time-zone dictionary answers names such as
 * {@code US/Eastern} (an old tz-database alias) and Windows-style names such as {@code Pacific Standard Time}
 * (https://www.withone.ai/knowledge/ring-central/conn_mod_def%3A%3AGI6N4nb1tLg%3A%3AHrvkT8x9SZ6pdsvfQN-z2Q shows
 * {@code "name": "Pacific Standard Time", "description": "Pacific Time (US & Canada)"}); {@link #toIana} maps both.
 */
public final class RingCentralAccountInfo {
  /** Old tz-database aliases and Windows-style names RingCentral answers, mapped to canonical IANA ids. */
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("us/eastern", "America/New_York"),
      Map.entry("us/central", "America/Chicago"),
      Map.entry("us/mountain", "America/Denver"),
      Map.entry("us/arizona", "America/Phoenix"),
      Map.entry("us/pacific", "America/Los_Angeles"),
      Map.entry("us/alaska", "America/Anchorage"),
      Map.entry("us/hawaii", "Pacific/Honolulu"),
      Map.entry("us/east-indiana", "America/Indiana/Indianapolis"),
      Map.entry("us/michigan", "America/Detroit"),
      Map.entry("eastern standard time", "America/New_York"),
      Map.entry("central standard time", "America/Chicago"),
      Map.entry("mountain standard time", "America/Denver"),
      Map.entry("us mountain standard time", "America/Phoenix"),
      Map.entry("pacific standard time", "America/Los_Angeles"),
      Map.entry("alaskan standard time", "America/Anchorage"),
      Map.entry("hawaiian standard time", "Pacific/Honolulu"),
      Map.entry("us eastern standard time", "America/Indiana/Indianapolis"),
      Map.entry("atlantic standard time", "America/Halifax"),
      Map.entry("gmt standard time", "Europe/London"),
      Map.entry("utc", "Etc/UTC"));

  private final RingCentralConfig config;
  private final ApiClient api;

  public RingCentralAccountInfo(RingCentralAuth auth) {
    this.config = Objects.requireNonNull(auth, "auth").config();
    this.api = auth.api();
  }

  /** What the account says of its time zone: RingCentral's own name, and the IANA zone it maps to (if any). */
  public record AccountTimeZone(String ringCentralName, String description, Optional<ZoneId> zone) {
    public AccountTimeZone {
      Objects.requireNonNull(ringCentralName, "ringCentralName");
      Objects.requireNonNull(zone, "zone");
    }
  }

  /**
   * Reads the account's time zone (one call; needs the ReadAccounts app permission, as the extension list does).
   * Empty when the answer has no {@code regionalSettings.timezone.name}.
   *
   * @throws io.rcsync.core.port.out.ExternalSystemException when RingCentral refuses or cannot be reached
   */
  public Optional<AccountTimeZone> timeZone() {
    JsonNode body = api.getJson(URI.create(config.serverUrl() + "/restapi/v1.0/account/~"), "account-info");
    JsonNode tz = body.path("regionalSettings").path("timezone");
    String name = tz.path("name").asText("").strip();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    String description = tz.path("description").isTextual() ? tz.path("description").asText() : null;
    return Optional.of(new AccountTimeZone(name, description, toIana(name)));
  }

  /**
   * The canonical IANA id for a RingCentral time-zone name: an old alias ({@code US/Eastern}) or a Windows-style name
   * ({@code Eastern Standard Time}) by table, letter case ignored; an IANA id ({@code America/Kentucky/Louisville}) as
   * it is. Empty for a name Java does not know and the table does not list.
   */
  public static Optional<ZoneId> toIana(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String mapped = NAMES.get(name.strip().toLowerCase(Locale.ROOT));
    if (mapped != null) {
      return Optional.of(ZoneId.of(mapped));
    }
    if (!name.strip().contains("/")) {
      return Optional.empty(); // "EST", "PST" ...: abbreviations are not zones (and ZoneId.of refuses most)
    }
    try {
      return Optional.of(ZoneId.of(name.strip()));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "RingCentralAccountInfo[" + config.serverUrl() + "]";
  }
}

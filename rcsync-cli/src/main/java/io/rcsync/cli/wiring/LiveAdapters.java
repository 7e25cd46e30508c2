package io.rcsync.cli.wiring;

import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.ringcentral.FileTokenCache;
import io.rcsync.ringcentral.RingCentralAdapters;
import io.rcsync.ringcentral.RingCentralAuth;
import io.rcsync.ringcentral.RingCentralConfig;
import io.rcsync.ringcentral.RingCentralCredentials;
import io.rcsync.ringcentral.TokenCache;
import io.rcsync.salesforce.SalesforceAdapters;
import io.rcsync.salesforce.SalesforceAuth;
import io.rcsync.salesforce.SalesforceConfig;
import io.rcsync.salesforce.SfCliAuth;
import io.rcsync.salesforce.StaticTokenAuth;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The real adapters: RingCentral's REST API with the JWT flow (credentials file and {@code RC_*} variables,
 * design.md §2) and Salesforce's REST API on the {@code sf} CLI session or {@code SF_ACCESS_TOKEN} +
 * {@code SF_INSTANCE_URL}.
 */
public final class LiveAdapters implements AdapterFactory {
  /**
   * {@code RCSYNC_SF_COMPOSITE_QUERIES=false} sends the Matter/Intake lookups one query per request instead of five
   * per {@code POST /composite} call: for a proxy or test server that lacks the composite resource.
   */
  public static final String ENV_COMPOSITE_QUERIES = "RCSYNC_SF_COMPOSITE_QUERIES";

  /**
   * The RingCentral token cache every process shares, in the state directory (design.md §7), relative to the working
   * directory: access and refresh token, mode 0600.
   */
  public static final String TOKEN_CACHE_PATH = ".rcsync/rc-token.json";

  private final UnaryOperator<SalesforceConfig.Builder> salesforceOptions;

  public LiveAdapters() {
    this(UnaryOperator.identity());
  }

  /** With adjusted Salesforce adapter settings, e.g. a transport a test server lacks. */
  public LiveAdapters(UnaryOperator<SalesforceConfig.Builder> salesforceOptions) {
    this.salesforceOptions = salesforceOptions;
  }

  @Override
  public RingCentralPorts ringCentral(ConfigFile config, CliEnvironment env, ApiCalls apiCalls) {
    ConfigFile.RingCentralSection section = config.ringCentral();
    Path file = env.resolve(section.credentialsFile());
    RingCentralCredentials credentials = RingCentralCredentials.load(file, env.env());
    String envServer = env.env().get(RingCentralCredentials.ENV_SERVER_URL);
    if (section.server().isPresent() && (envServer == null || envServer.isBlank())
        && credentials.server().equals(RingCentralCredentials.DEFAULT_SERVER)) {
      credentials = credentials.withServer(URI.create(section.server().get()));
    }
    Path tokenFile = env.resolve(TOKEN_CACHE_PATH);
    String tokenFileShown = env.display(tokenFile);
    RingCentralConfig rcConfig = RingCentralConfig.builder(credentials).build();
    RingCentralAdapters rc = RingCentralAdapters.create(rcConfig, apiCalls,
        new FileTokenCache(tokenFile, tokenFileShown));
    RingCentralAuth auth = rc.auth();
    RingCentralCredentials creds = credentials;
    String jwtOrigin = creds.originOf(RingCentralCredentials.Field.JWT);
    RingCentralPorts ports = RingCentralPorts.of(rc.messageSource(), rc.extensionDirectory(),
        () -> {
          long jwtLogins = auth.jwtLogins();
          long refreshes = auth.refreshes();
          auth.accessToken();
          // a session from the shared cache proves the cached tokens, not the JWT: say so, or a bad JWT "passes"
          String how = auth.jwtLogins() > jwtLogins ? "" : "; session from the shared cache " + tokenFileShown
              + (auth.refreshes() > refreshes ? " (refreshed)" : "") + "; the JWT itself was not tested ('rcsync "
              + "doctor --check-jwt' tests it)";
          return "logged in to " + creds.server() + auth.tokenExpiry().map(t -> ", token valid until " + t).orElse("")
              + how;
        },
        () -> "client id " + creds.clientId() + " (" + creds.originOf(RingCentralCredentials.Field.CLIENT_ID)
            + "), JWT from " + jwtOrigin + ", server " + creds.server(),
        creds::warnings, auth::logout,
        () -> {
          // a login of its own, kept in memory only, so the shared session is neither used nor replaced
          RingCentralAuth probe = new RingCentralAuth(rcConfig, apiCalls, TokenCache.inMemory());
          probe.accessToken();
          RingCentralAuth.Logout ended = probe.logout();
          return "RingCentral accepted the JWT from " + jwtOrigin + " (one JWT login; "
              + ended.revokeFailure().map(f -> "its extra session was not revoked: " + f + ")")
                  .orElse("that extra session revoked at once)")
              + "; the shared session " + tokenFileShown + " was left as it was";
        },
        rc.accountInfo()::timeZone);
    // rcsync serve: WebHook subscriptions and the decoder of their deliveries
    // MMS media (issue 12): the sync copies it to Salesforce Files; restore re-downloads the files it re-creates
    return RingCentralPorts.withAttachments(RingCentralPorts.withPush(ports, rc.subscriptions(), rc.webhookEvents()),
        rc.attachments());
  }

  @Override
  public SalesforcePorts salesforce(ConfigFile config, Optional<String> targetOrg, CliEnvironment env, ApiCalls apiCalls) {
    SalesforceAuth auth = SalesforceAuth.fromEnvironment(env.env(), targetOrg);
    SalesforceAdapters sf = adapters(config, auth, env, apiCalls);
    // Salesforce Files for MMS media (issue 12)
    // issue 15: the SMS-Magic history in the org and its active users (a record's sender), for import-smsmagic
    return SalesforcePorts.withStaff(SalesforcePorts.withHistory(SalesforcePorts.withRecords(SalesforcePorts.withQuota(SalesforcePorts.withFiles(
        SalesforcePorts.of(sf.newCaseDirectory(), sf.noteSink(), sf.noteStore(), sf::checkLogin, () -> origin(auth),
            sf.describe()::object, sample -> sf.newCaseDirectory().explainLookups(sample)), sf.newFileStore()),
        sf.apiQuota()), sf.recordDirectory()), sf::historySource), sf.staffDirectory());
  }

  @Override
  public StaffPorts salesforceStaff(ConfigFile config, Optional<String> targetOrg, CliEnvironment env,
      ApiCalls apiCalls) {
    SalesforceAuth auth = SalesforceAuth.fromEnvironment(env.env(), targetOrg);
    SalesforceAdapters sf = adapters(config, auth, env, apiCalls);
    return new StaffPorts(sf.staffDirectory(), sf::checkLogin, () -> origin(auth), sf.describe()::object);
  }

  private SalesforceAdapters adapters(ConfigFile config, SalesforceAuth auth, CliEnvironment env, ApiCalls apiCalls) {
    SalesforceConfig.Builder builder = SalesforceConfig.builder().schema(config.sync().schema())
        .apiVersion(config.salesforce().apiVersion())
        .compositeBatching(config.salesforce().compositeBatching());
    if ("false".equalsIgnoreCase(env.env().getOrDefault(ENV_COMPOSITE_QUERIES, "").strip())) {
      builder.compositeQueries(false);
    }
    // attachments.maxBytes bounds the uploads too (the smaller of it and Salesforce's 2 GB ContentVersion limit)
    builder.maxFileBytes(Math.min(config.sync().attachments().maxBytes(), SalesforceConfig.MAX_CONTENT_VERSION_BYTES));
    // attachments.visibility: the Visibility of the files' links to Matters/Intakes (InternalUsers unless widened)
    builder.fileVisibility(config.salesforce().fileVisibility());
    // salesforce.apiReservePercent (issue 13): requests stop before they are sent once usage is within the reserve
    builder.apiReservePercent(config.salesforce().apiReservePercent());
    SalesforceConfig sfConfig = salesforceOptions.apply(builder).build();
    return SalesforceAdapters.create(sfConfig, auth, apiCalls);
  }

  private static String origin(SalesforceAuth auth) {
    if (auth instanceof SfCliAuth cli) {
      return "sf CLI org " + cli.targetOrg();
    }
    if (auth instanceof StaticTokenAuth) {
      return "SF_ACCESS_TOKEN + SF_INSTANCE_URL";
    }
    return auth.getClass().getSimpleName();
  }
}

package io.rcsync.cli.wiring;

import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.ringcentral.FileTokenCache;
import io.rcsync.ringcentral.RingCentralAdapters;
import io.rcsync.ringcentral.RingCentralAuth;
import io.rcsync.ringcentral.RingCentralConfig;
import io.rcsync.ringcentral.RingCentralCredentials;
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
    RingCentralAdapters rc = RingCentralAdapters.create(RingCentralConfig.builder(credentials).build(), apiCalls,
        new FileTokenCache(tokenFile, env.display(tokenFile)));
    RingCentralAuth auth = rc.auth();
    RingCentralCredentials creds = credentials;
    RingCentralPorts ports = RingCentralPorts.of(rc.messageSource(), rc.extensionDirectory(),
        () -> {
          auth.accessToken();
          return "logged in to " + creds.server() + auth.tokenExpiry().map(t -> ", token valid until " + t).orElse("");
        },
        () -> "client id " + creds.clientId() + " (" + creds.originOf(RingCentralCredentials.Field.CLIENT_ID)
            + "), JWT from " + creds.originOf(RingCentralCredentials.Field.JWT) + ", server " + creds.server(),
        creds::warnings, auth::logout);
    // rcsync serve: WebHook subscriptions and the decoder of their deliveries
    return RingCentralPorts.withPush(ports, rc.subscriptions(), rc.webhookEvents());
  }

  @Override
  public SalesforcePorts salesforce(ConfigFile config, Optional<String> targetOrg, CliEnvironment env, ApiCalls apiCalls) {
    SalesforceAuth auth = SalesforceAuth.fromEnvironment(env.env(), targetOrg);
    SalesforceConfig.Builder builder = SalesforceConfig.builder().schema(config.sync().schema())
        .apiVersion(config.salesforce().apiVersion());
    if ("false".equalsIgnoreCase(env.env().getOrDefault(ENV_COMPOSITE_QUERIES, "").strip())) {
      builder.compositeQueries(false);
    }
    SalesforceConfig sfConfig = salesforceOptions.apply(builder).build();
    SalesforceAdapters sf = SalesforceAdapters.create(sfConfig, auth, apiCalls);
    return SalesforcePorts.of(sf.newCaseDirectory(), sf.noteSink(), sf.noteStore(),
        sf::checkLogin, () -> origin(auth), sf.describe()::object);
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

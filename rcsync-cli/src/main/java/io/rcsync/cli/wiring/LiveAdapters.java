package io.rcsync.cli.wiring;

import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.ringcentral.RingCentralAuth;
import io.rcsync.ringcentral.RingCentralConfig;
import io.rcsync.ringcentral.RingCentralCredentials;
import io.rcsync.ringcentral.RingCentralExtensionDirectory;
import io.rcsync.ringcentral.RingCentralMessageSource;
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

  private final UnaryOperator<SalesforceConfig.Builder> salesforceOptions;

  public LiveAdapters() {
    this(UnaryOperator.identity());
  }

  /** With adjusted Salesforce adapter settings, e.g. a transport a test server lacks. */
  public LiveAdapters(UnaryOperator<SalesforceConfig.Builder> salesforceOptions) {
    this.salesforceOptions = salesforceOptions;
  }

  @Override
  public RingCentralPorts ringCentral(SyncConfig config, CliEnvironment env, ApiCalls apiCalls) {
    Path file = env.resolve(config.rcCredentialsFile());
    RingCentralCredentials credentials = RingCentralCredentials.load(file, env.env());
    String envServer = env.env().get(RingCentralCredentials.ENV_SERVER_URL);
    if (config.rcServer().isPresent() && (envServer == null || envServer.isBlank())
        && credentials.server().equals(RingCentralCredentials.DEFAULT_SERVER)) {
      credentials = credentials.withServer(URI.create(config.rcServer().get()));
    }
    RingCentralAuth auth = new RingCentralAuth(RingCentralConfig.builder(credentials).build(), apiCalls);
    RingCentralMessageSource source = new RingCentralMessageSource(auth);
    RingCentralExtensionDirectory directory = new RingCentralExtensionDirectory(auth);
    RingCentralCredentials creds = credentials;
    return RingCentralPorts.of(source, directory,
        () -> {
          auth.accessToken();
          return "logged in to " + creds.server() + auth.tokenExpiry().map(t -> ", token valid until " + t).orElse("");
        },
        () -> "client id " + creds.clientId() + " (" + creds.originOf(RingCentralCredentials.Field.CLIENT_ID)
            + "), JWT from " + creds.originOf(RingCentralCredentials.Field.JWT) + ", server " + creds.server(),
        creds::warnings);
  }

  @Override
  public SalesforcePorts salesforce(SyncConfig config, Optional<String> targetOrg, CliEnvironment env, ApiCalls apiCalls) {
    SalesforceAuth auth = SalesforceAuth.fromEnvironment(env.env(), targetOrg);
    SalesforceConfig.Builder builder = SalesforceConfig.builder().schema(config.schema()).apiVersion(config.apiVersion());
    if ("false".equalsIgnoreCase(env.env().getOrDefault(ENV_COMPOSITE_QUERIES, "").strip())) {
      builder.compositeQueries(false);
    }
    SalesforceConfig sfConfig = salesforceOptions.apply(builder).build();
    SalesforceAdapters sf = SalesforceAdapters.create(sfConfig, auth, apiCalls);
    CaseDirectory cases = sf.newCaseDirectory();
    NoteSink sink = sf.noteSink();
    NoteStore store = sf.noteStore();
    SalesforceDescribe describe = new SalesforceDescribe(auth, sfConfig, apiCalls);
    return SalesforcePorts.of(cases, sink, store, () -> "session for " + auth.session().instanceUrl(),
        () -> origin(auth), describe::object);
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

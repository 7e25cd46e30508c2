package io.rcsync.salesforce;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.Map;

/**
 * A session given from outside, normally {@code SF_ACCESS_TOKEN} + {@code SF_INSTANCE_URL}. It cannot be renewed:
 * a 401 fails at once with a message saying how to get a fresh token.
 */
public final class StaticTokenAuth implements SalesforceAuth {
  private final SalesforceSession session;

  public StaticTokenAuth(String instanceUrl, String accessToken) {
    this.session = new SalesforceSession(instanceUrl, accessToken);
  }

  /** Reads {@code SF_ACCESS_TOKEN} and {@code SF_INSTANCE_URL}; fails naming whichever is missing. */
  public static StaticTokenAuth fromEnvironment(Map<String, String> env) {
    String token = env.get(ENV_ACCESS_TOKEN);
    String instance = env.get(ENV_INSTANCE_URL);
    if (token == null || token.isBlank() || instance == null || instance.isBlank()) {
      String missing = token == null || token.isBlank() ? ENV_ACCESS_TOKEN : ENV_INSTANCE_URL;
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.AUTHENTICATION,
          missing + " is not set: set " + ENV_ACCESS_TOKEN + " and " + ENV_INSTANCE_URL
              + ", or use the sf CLI with salesforce.targetOrg");
    }
    return new StaticTokenAuth(instance, token);
  }

  @Override
  public SalesforceSession session() {
    return session;
  }

  @Override
  public SalesforceSession renew(SalesforceSession rejected) {
    throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.AUTHENTICATION,
        "Salesforce rejected the access token from " + ENV_ACCESS_TOKEN + " (expired or invalid): " + loginHint());
  }

  @Override
  public String loginHint() {
    return "set a fresh " + ENV_ACCESS_TOKEN + " (e.g. from `sf org auth show-access-token --target-org ALIAS --json`), or unset "
        + ENV_ACCESS_TOKEN + " and " + ENV_INSTANCE_URL + " to let rcsync use the sf CLI";
  }

  @Override
  public String toString() {
    return "StaticTokenAuth[instanceUrl=" + session.instanceUrl() + "]";
  }
}

package io.rcsync.salesforce;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.Map;
import java.util.Optional;

/**
 * Where the adapter gets its Salesforce session (design.md §2): the local {@code sf} CLI ({@link SfCliAuth}) or
 * {@code SF_ACCESS_TOKEN} + {@code SF_INSTANCE_URL} ({@link StaticTokenAuth}). Implementations are thread-safe
 * and share one session between every adapter built on them.
 */
public interface SalesforceAuth {
  String ENV_ACCESS_TOKEN = "SF_ACCESS_TOKEN";
  String ENV_INSTANCE_URL = "SF_INSTANCE_URL";

  /** The current session, acquired on first use. */
  SalesforceSession session();

  /**
   * Salesforce answered 401 to {@code rejected}: returns a fresh session (re-acquired at most once per rejected
   * session, however many adapters saw the 401) or throws {@link ExternalSystemException} of kind AUTHENTICATION.
   */
  SalesforceSession renew(SalesforceSession rejected);

  /** One line telling the operator how to get working credentials. */
  String loginHint();

  /**
   * Chooses the strategy: both environment variables set → {@link StaticTokenAuth}; neither set and a target org
   * known → {@link SfCliAuth} with the {@code sf} found on the environment's {@code PATH}.
   *
   * @param env the process environment ({@code System.getenv()})
   * @param targetOrg the {@code sf} alias or username (config {@code salesforce.targetOrg} or {@code --target-org})
   */
  static SalesforceAuth fromEnvironment(Map<String, String> env, Optional<String> targetOrg) {
    String token = blankToNull(env.get(ENV_ACCESS_TOKEN));
    String instance = blankToNull(env.get(ENV_INSTANCE_URL));
    if (token != null && instance != null) {
      return new StaticTokenAuth(instance, token);
    }
    if (token != null || instance != null) {
      String missing = token == null ? ENV_ACCESS_TOKEN : ENV_INSTANCE_URL;
      String present = token == null ? ENV_INSTANCE_URL : ENV_ACCESS_TOKEN;
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.AUTHENTICATION,
          present + " is set but " + missing + " is not: set both, or unset " + present + " to use the sf CLI");
    }
    if (targetOrg.isEmpty() || targetOrg.get().isBlank()) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.AUTHENTICATION,
          "no Salesforce credentials: set salesforce.targetOrg in the config (or pass --target-org) and run "
              + "`sf org login web --alias ALIAS`, or set " + ENV_ACCESS_TOKEN + " and " + ENV_INSTANCE_URL);
    }
    return SfCliAuth.builder(targetOrg.get()).searchPath(env.get("PATH")).build();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}

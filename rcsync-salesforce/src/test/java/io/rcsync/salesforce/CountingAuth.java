package io.rcsync.salesforce;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;

/** Hands out {@code token-1}, {@code token-2} ... : each renewal is a new token. */
final class CountingAuth implements SalesforceAuth {
  private final String instanceUrl;
  int acquired;
  int renewals;
  private SalesforceSession current;
  private final int maxRenewals;

  CountingAuth(String instanceUrl) {
    this(instanceUrl, Integer.MAX_VALUE);
  }

  CountingAuth(String instanceUrl, int maxRenewals) {
    this.instanceUrl = instanceUrl;
    this.maxRenewals = maxRenewals;
  }

  @Override
  public synchronized SalesforceSession session() {
    if (current == null) {
      acquired++;
      current = new SalesforceSession(instanceUrl, "token-" + acquired);
    }
    return current;
  }

  @Override
  public synchronized SalesforceSession renew(SalesforceSession rejected) {
    if (renewals >= maxRenewals) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.AUTHENTICATION, "cannot renew");
    }
    renewals++;
    acquired++;
    current = new SalesforceSession(instanceUrl, "token-" + acquired);
    return current;
  }

  @Override
  public String loginHint() {
    return "run `sf org login web --alias TEST`";
  }
}

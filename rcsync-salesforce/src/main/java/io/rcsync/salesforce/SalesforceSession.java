package io.rcsync.salesforce;

import io.rcsync.http.ServerUrls;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExternalSystemException;
import java.net.URI;
import java.util.Objects;

/**
 * An access token and the org's instance URL. The token never appears in {@link #toString()}, logs or messages.
 *
 * @param instanceUrl e.g. {@code https://acme.my.salesforce.com}, without a trailing slash; {@code http} is
 *     accepted only for loopback hosts (tests), so a token never travels in clear text
 */
public record SalesforceSession(String instanceUrl, String accessToken) {
  public SalesforceSession {
    Objects.requireNonNull(instanceUrl, "instanceUrl");
    Objects.requireNonNull(accessToken, "accessToken");
    instanceUrl = normalise(instanceUrl);
    if (accessToken.isBlank()) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.AUTHENTICATION,
          "Salesforce access token is empty");
    }
  }

  private static String normalise(String raw) {
    String url = ServerUrls.withoutTrailingSlashes(raw.strip());
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw invalid(raw);
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      throw invalid(raw);
    }
    if (!ServerUrls.isSecure(uri)) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.AUTHENTICATION,
          "Salesforce instance URL '" + raw + "' must use https");
    }
    return url;
  }

  private static ExternalSystemException invalid(String raw) {
    return new ExternalSystemException(ApiCalls.SALESFORCE, ExternalSystemException.Kind.AUTHENTICATION,
        "Salesforce instance URL '" + raw + "' is not an absolute URL such as https://acme.my.salesforce.com");
  }

  @Override
  public String toString() {
    return "SalesforceSession[instanceUrl=" + instanceUrl + ", accessToken=(hidden)]";
  }
}

package io.rcsync.http;

import java.net.URI;

/**
 * The rules both adapters apply to the base URL they send credentials to (RingCentral's {@code server}, Salesforce's
 * instance URL): trailing slashes dropped so API paths can be appended, and https required except for plain http to
 * a loopback host (a local simulator or WireMock). The RingCentral login sends the client secret and the JWT, and
 * every call of either adapter a bearer token, so nothing else may be plain http.
 *
 * <p>Once, here, because the two adapters had their own copies and disagreed on what loopback means
 * ({@code 127.evil.example} passed one of them).
 */
public final class ServerUrls {
  private ServerUrls() {}

  /** {@code url} without trailing {@code /} characters ({@code https://x.my.salesforce.com/} → {@code …com}). */
  public static String withoutTrailingSlashes(String url) {
    String s = url;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** {@code uri} without trailing slashes. */
  public static URI withoutTrailingSlashes(URI uri) {
    return URI.create(withoutTrailingSlashes(uri.toString()));
  }

  /**
   * True for https, and for plain http to a loopback host: {@code localhost}, an IPv4 {@code 127.a.b.c} address or
   * {@code [::1]}. False for anything else, including a URI without a host.
   */
  public static boolean isSecure(URI uri) {
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return true;
    }
    String host = uri.getHost();
    if (!"http".equalsIgnoreCase(uri.getScheme()) || host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1");
  }
}

package io.rcsync.cli.command;

import io.rcsync.cli.serve.WebhookServer;
import io.rcsync.http.ServerUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Function;

/**
 * {@code serve}'s {@code --listen} and {@code --public-url}, parsed and checked in one place for {@code rcsync serve}
 * and {@code rcsync schedule --serve}, so a service form is never printed for values {@code serve} would refuse. Each
 * refusal is one line naming the option and the value (never a user-info password), thrown as the caller's usage error
 * (exit 2).
 */
final class ServeAddresses {
  private ServeAddresses() {}

  /** Where {@code serve} listens: a host name or address (IPv6 without brackets) and a port 0..65535. */
  record Listen(String host, int port) {}

  /**
   * Parses {@code HOST:PORT} ({@code [::1]:8080} for IPv6).
   *
   * @throws RuntimeException {@code usage}'s exception when the value is not HOST:PORT
   */
  static Listen listen(String value, Function<String, ? extends RuntimeException> usage) {
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? "" : value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = -1;
    try {
      port = colon < 0 ? -1 : Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      // reported below
    }
    if (host.isBlank() || port < 0 || port > 65535) {
      throw usage.apply("--listen '" + value + "' is not HOST:PORT (e.g. 127.0.0.1:8080 or 0.0.0.0:8080)");
    }
    return new Listen(host, port);
  }

  /**
   * The webhook address RingCentral delivers to: the public URL without trailing slashes plus
   * {@link WebhookServer#WEBHOOK_PATH}. The URL must be absolute, without user info, query or fragment, and https
   * except on loopback (RingCentral delivers webhooks over TLS).
   *
   * @throws RuntimeException {@code usage}'s exception naming what is wrong
   */
  static URI webhookAddress(String publicUrl, Function<String, ? extends RuntimeException> usage) {
    URI url;
    try {
      url = new URI(ServerUrls.withoutTrailingSlashes(publicUrl.strip()));
    } catch (URISyntaxException e) {
      throw usage.apply("--public-url '" + publicUrl + "' is not a URL: " + e.getReason());
    }
    if (url.getRawUserInfo() != null) {
      // never echoed: the user info is a password; the Verification-Token already authenticates RingCentral
      throw usage.apply("--public-url must not carry a user name or password (user:password@); RingCentral's "
          + "deliveries are checked by their Verification-Token");
    }
    if (url.getHost() == null || url.getQuery() != null || url.getFragment() != null) {
      throw usage.apply("--public-url '" + publicUrl + "' must be an absolute URL without query or fragment, e.g. "
          + "https://rcsync.example.com");
    }
    if (!ServerUrls.isSecure(url)) {
      throw usage.apply("--public-url must be https (RingCentral delivers webhooks over TLS); plain http is allowed "
          + "only on loopback, got " + url);
    }
    return URI.create(url + WebhookServer.WEBHOOK_PATH);
  }
}

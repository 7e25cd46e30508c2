package io.rcsync.ringcentral;

import io.rcsync.core.domain.ApiCalls;
import java.util.Objects;

/**
 * Builds the RingCentral ports on one shared login, HTTP transport and API-call counter, as
 * {@code io.rcsync.salesforce.SalesforceAdapters} does for Salesforce:
 *
 * <pre>{@code
 * RingCentralCredentials credentials =
 *     RingCentralCredentials.load(Path.of(".credentials/rc-credentials.json"), System.getenv());
 * RingCentralAdapters rc = RingCentralAdapters.create(RingCentralConfig.ofDefaults(credentials), apiCalls);
 * MessageSource source = rc.messageSource();
 * ExtensionDirectory directory = rc.extensionDirectory();
 * rc.auth().accessToken();                       // log in now, e.g. to check the credentials
 * }</pre>
 */
public final class RingCentralAdapters {
  private final RingCentralAuth auth;

  private RingCentralAdapters(RingCentralAuth auth) {
    this.auth = auth;
  }

  /**
   * Builds the set on one new login. Does no I/O: nothing is sent until the first fetch, directory read or
   * {@code auth().accessToken()}, and the credentials are only checked then (an {@code ExternalSystemException} of
   * kind AUTHENTICATION names the rejected one).
   *
   * @param config the credentials, server URL, page size, retries and timeouts every port of the set uses
   * @param apiCalls counts each HTTP request (login, retries and every page included) under
   *     {@link ApiCalls#RINGCENTRAL}; pass the counter the run reports read
   * @throws NullPointerException when either argument is null
   */
  public static RingCentralAdapters create(RingCentralConfig config, ApiCalls apiCalls) {
    return create(config, apiCalls, TokenCache.inMemory());
  }

  /**
   * As {@link #create(RingCentralConfig, ApiCalls)}, keeping the access and refresh token in {@code tokenCache}: a
   * {@link FileTokenCache} lets every process share one RingCentral session (refreshed, not logged in afresh).
   *
   * @throws NullPointerException when an argument is null
   */
  public static RingCentralAdapters create(RingCentralConfig config, ApiCalls apiCalls, TokenCache tokenCache) {
    return new RingCentralAdapters(new RingCentralAuth(Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(apiCalls, "apiCalls"), Objects.requireNonNull(tokenCache, "tokenCache")));
  }

  /** The message store, on this set's login. */
  public RingCentralMessageSource messageSource() {
    return new RingCentralMessageSource(auth);
  }

  /** The account's own settings (its time zone), on this set's login. */
  public RingCentralAccountInfo accountInfo() {
    return new RingCentralAccountInfo(auth);
  }

  /** The account's extensions, on this set's login. */
  public RingCentralExtensionDirectory extensionDirectory() {
    return new RingCentralExtensionDirectory(auth);
  }

  /**
   * MMS media downloads (issue 12: Get Message Content, streamed), on this set's login; its requests are counted and
   * rate-limited (group Medium) with the set's others.
   */
  public RingCentralAttachmentSource attachments() {
    return new RingCentralAttachmentSource(auth);
  }

  /**
   * RingCentral WebHook subscriptions (issue 11 item 4: create, list, renew, delete), on this set's login; its
   * requests are counted and rate-limited with the set's others.
   */
  public RingCentralSubscriptions subscriptions() {
    return new RingCentralSubscriptions(auth);
  }

  /** The decoder of RingCentral webhook deliveries (stateless; sends nothing). */
  public RingCentralWebhookEvents webhookEvents() {
    return new RingCentralWebhookEvents();
  }

  /** The shared login: log in ahead of the first fetch, see when the token expires. */
  public RingCentralAuth auth() {
    return auth;
  }

  /** The settings the set was created with (the same instance), e.g. to show the server URL in a doctor check. */
  public RingCentralConfig config() {
    return auth.config();
  }
}

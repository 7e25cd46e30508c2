package io.rcsync.testkit.sim.ringcentral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExtensionDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded RingCentral platform for offline tests and demos, speaking the documented REST contracts the
 * {@code rcsync-ringcentral} adapter uses, on a free localhost port (JDK {@code com.sun.net.httpserver}).
 *
 * <ul>
 *   <li>{@code POST /restapi/oauth/token}: JWT bearer grant (and refresh_token grant) with HTTP Basic client
 *       credentials; checks client id, secret and JWT; issues opaque bearer tokens that expire after the configured
 *       lifetime (https://developers.ringcentral.com/guide/authentication/jwt-flow). Errors use OAuth's
 *       {@code error}/{@code error_description} plus RingCentral's {@code errors[]}.
 *   <li>{@code GET /restapi/v1.0/account/~}: Get Account Info with {@code regionalSettings.timezone}
 *       ({@link Builder#accountTimeZone}, {@link #accountTimeZone}; default {@code US/Eastern}).
 *   <li>{@code GET /restapi/v1.0/account/~/extension}: the extension list, paged.
 *   <li>{@code GET /restapi/v1.0/account/~/extension/{id}/message-store}: {@code messageType}, {@code dateFrom}
 *       (default {@code dateTo} minus 24 h), {@code dateTo} (default now), {@code direction}, {@code conversationId},
 *       {@code availability} (Alive, Deleted, Purged, repeatable; default Alive only; a purged message is served as a
 *       stub without content), {@code page}, {@code perPage} (default 100, larger than 1000 is cut to 1000), newest first, with
 *       {@code paging} and absolute {@code navigation} first/previous/next/last page URIs
 *       (https://developers.ringcentral.com/guide/messaging/message-store/working-with-message-store).
 *   <li>{@code GET /restapi/v1.0/account/~/extension/{id}/message-sync}: Message Sync, full ({@code FSync}) and
 *       incremental ({@code ISync}) over a change log of the store, with opaque per-extension tokens
 *       ({@link RcMessageSyncEndpoint}; {@link #expireSyncTokens}, {@link #rejectSyncTokensOnce}).
 *   <li>Rate limits per usage-plan group (Light, Medium, Heavy, Auth): every response of a limited endpoint carries
 *       {@code X-Rate-Limit-Group/-Limit/-Remaining/-Window}; once a window's budget is spent the answer is
 *       {@code 429} with {@code Retry-After} until the window ends
 *       (https://developers.ringcentral.com/guide/basics/rate-limits).
 *   <li>{@code /restapi/v1.0/subscription}: WebHook subscriptions (create with the {@code Validation-Token}
 *       handshake, list, read, renew, delete; expiry by the simulator clock; Suspended and Blacklisted after failed
 *       deliveries, {@link Builder#blacklistAfterFailedDeliveries}), and webhook delivery of the instant SMS and
 *       message-store events for every change to a core message of a covered extension, on a background thread
 *       ({@link #webhookDeliveries}, {@link #awaitDeliveries}); see {@code RcSubscriptionEndpoint} and
 *       {@code RcWebhookDelivery}.
 *   <li>401 for a missing, unknown, revoked or expired token; 404 for an unknown extension or path.
 * </ul>
 *
 * <p>Seed it with core types ({@link #addExtension}, {@link #addMessages}) or raw JSON records
 * ({@link #addRawRecord}); change the store as users would ({@link #deleteMessage}, {@link #purgeMessage},
 * {@link #removeMessage}, {@link #setMessageStatus}), also between two pages a client reads
 * ({@link #beforeMessageStoreRequest}); steer it from tests ({@link #failNext}, {@link #revokeTokens}) and read its per-endpoint
 * call counters ({@link #calls}). Its clock is injectable, so token lifetimes and rate-limit windows can be tested
 * without sleeping. Thread-safe.
 *
 * <pre>{@code
 * try (RingCentralSimulator rc = RingCentralSimulator.builder().build().start()) {
 *   rc.addExtension(new Extension(ExtensionId.of("101"), "101", "Alyssia", "Enabled"));
 *   rc.addMessages(ExtensionId.of("101"), messages);
 *   // point the adapter at rc.baseUrl() with rc.clientId(), rc.clientSecret(), rc.jwt()
 * }
 * }</pre>
 */
public final class RingCentralSimulator implements AutoCloseable {
  static {
    // Same as SalesforceSimulator: without TCP_NODELAY each JDK HttpServer response waits ~40 ms for a delayed ACK.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  public static final String DEFAULT_CLIENT_ID = "rcsync-sim-client-id";
  public static final String DEFAULT_ACCOUNT_ID = "400100100";
  static final String JWT_GRANT = RcTokens.JWT_GRANT;
  static final int MAX_PER_PAGE = RcPaging.MAX_PER_PAGE;
  static final int DEFAULT_PER_PAGE = RcPaging.DEFAULT_PER_PAGE;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String clientId;
  private final String clientSecret;
  private final String jwt;
  private final Duration tokenLifetime;
  private final int requestedPort;

  /** Guards every piece below: the seeding and steering methods and the HTTP router take it. */
  private final Object lock = new Object();
  private final RcDirectory directory;
  private final RcMessageStore messages;
  private final RcTokens tokens;
  private final RcRateLimiter rateLimiter;
  private final RcFaults faults = new RcFaults();
  private final RcHttpRouter router;
  private final RcMessageSyncEndpoint messageSync;
  private final RcMessageContentEndpoint messageContent;
  private final RcSubscriptions subscriptions;
  private final RcWebhookDelivery webhooks;
  private final Clock clock;

  private TimeZoneInfo timeZone;
  private HttpServer server;
  private ExecutorService executor;
  private String baseUrl;

  private RingCentralSimulator(Builder b) {
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.jwt = b.jwt;
    this.tokenLifetime = b.tokenLifetime;
    this.requestedPort = b.port;
    this.directory = new RcDirectory(b.accountId, b.ownerExtension);
    this.tokens = new RcTokens(clientId, clientSecret, jwt, tokenLifetime);
    this.rateLimiter = new RcRateLimiter(b.rateLimits);
    this.messages = new RcMessageStore(RingCentralSimulator::parseTime, b.clock::instant);
    this.messageSync = new RcMessageSyncEndpoint(directory, messages, RingCentralSimulator::parseTime);
    this.messageContent = new RcMessageContentEndpoint(directory, messages);
    messageSync.contents(messageContent);
    this.router = new RcHttpRouter(lock, b.clock, faults, rateLimiter, tokens, directory,
        new RcExtensionListEndpoint(directory),
        new RcMessageStoreEndpoint(directory, messages, RingCentralSimulator::parseTime, messageContent),
        messageSync);
    router.messageContent(messageContent);
    this.timeZone = b.timeZone;
    router.accountInfo(this::accountInfo);
    this.clock = b.clock;
    this.subscriptions = new RcSubscriptions(b.blacklistAfter);
    java.util.function.Supplier<String> base = () -> baseUrl == null ? "http://rc-simulator.invalid" : baseUrl;
    this.webhooks = new RcWebhookDelivery(lock, b.clock, subscriptions, directory, base, b.webhookTimeout);
    webhooks.contents(messageContent);
    messages.addListener(webhooks);
    router.subscriptions(new RcSubscriptionEndpoint(lock, b.clock, subscriptions, webhooks, base));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A simulator with default credentials, documented rate limits and a one-hour token lifetime; not started. */
  public static RingCentralSimulator create() {
    return builder().build();
  }

  // ---- lifecycle ------------------------------------------------------------------------------------

  /** Binds a free port on the loopback interface (or the configured one) and starts serving. */
  public RingCentralSimulator start() {
    synchronized (lock) {
      if (server != null) {
        return this;
      }
      try {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = HttpServer.create(new InetSocketAddress(loopback, requestedPort), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("RingCentral simulator could not bind port " + requestedPort, e);
      }
      AtomicInteger n = new AtomicInteger();
      executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "rc-sim-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      server.createContext("/", router);
      server.start();
      baseUrl = "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getAddress().getPort();
      router.baseUrl(baseUrl);
      return this;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (server != null) {
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
      }
    }
    webhooks.close();
  }

  /** E.g. {@code http://127.0.0.1:53117}; the adapter's server URL. */
  public String baseUrl() {
    synchronized (lock) {
      if (baseUrl == null) {
        throw new IllegalStateException("RingCentral simulator not started: call start() first");
      }
      return baseUrl;
    }
  }

  public URI baseUri() {
    return URI.create(baseUrl());
  }

  public int port() {
    return baseUri().getPort();
  }

  // ---- credentials ----------------------------------------------------------------------------------

  public String clientId() {
    return clientId;
  }

  public String clientSecret() {
    return clientSecret;
  }

  public String jwt() {
    return jwt;
  }

  public String accountId() {
    return directory.accountId();
  }

  public Duration tokenLifetime() {
    return tokenLifetime;
  }

  /**
   * The credentials as the adapter's JSON file holds them ({@code clientId}, {@code clientSecret}, {@code jwt},
   * {@code server}); handy for demos that write a throwaway credentials file.
   */
  public String credentialsJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("clientId", clientId);
    n.put("clientSecret", clientSecret);
    n.put("jwt", jwt);
    n.put("server", baseUrl());
    return n.toPrettyString();
  }

  // ---- seeding --------------------------------------------------------------------------------------

  /** Adds (or replaces) an extension of the account. The first one added is the JWT user's ({@code ~}). */
  public RingCentralSimulator addExtension(ExtensionDirectory.Extension extension) {
    Objects.requireNonNull(extension, "extension");
    synchronized (lock) {
      directory.add(extension);
      messages.open(extension.id());
    }
    return this;
  }

  public RingCentralSimulator addExtensions(List<ExtensionDirectory.Extension> list) {
    list.forEach(this::addExtension);
    return this;
  }

  /**
   * Puts messages in an extension's store, rendered as the API renders SMS records. The extension need not be in
   * the directory (its store is served all the same).
   */
  public RingCentralSimulator addMessages(ExtensionId extension, List<SmsMessage> messages) {
    Objects.requireNonNull(extension, "extension");
    synchronized (lock) {
      this.messages.add(extension, messages);
    }
    return this;
  }

  /** Puts every message in its own extension's store ({@link SmsMessage#extension()}). */
  public RingCentralSimulator addMessages(List<SmsMessage> messages) {
    Map<ExtensionId, List<SmsMessage>> byExt = new LinkedHashMap<>();
    messages.forEach(m -> byExt.computeIfAbsent(m.extension(), k -> new ArrayList<>()).add(m));
    byExt.forEach(this::addMessages);
    return this;
  }

  /**
   * Puts a record exactly as given (any JSON value, e.g. an SMS record missing its creationTime) in the store. A
   * record with a readable {@code creationTime} is filtered and ordered by it; one without is served first and in
   * every date range, the way a broken record would surface.
   *
   * @throws IllegalArgumentException when the text is not JSON at all
   */
  public RingCentralSimulator addRawRecord(ExtensionId extension, String json) {
    JsonNode node = RcMessageStore.parseRaw(json);
    synchronized (lock) {
      messages.addRaw(extension, node);
    }
    return this;
  }

  /**
   * Serves {@code bytes} as the content of attachment {@code attachmentId} of message {@code messageId} (Get Message
   * Content, issue 12), whatever the message says of it; the listed records then give its length as {@code size}.
   * Without it, an {@code MmsAttachment} of a stored message is served generated bytes of its {@code size} (48 KiB when
   * it gives none), seeded by the two ids.
   *
   * @throws NullPointerException when an argument is null
   */
  public RingCentralSimulator setAttachmentContent(String messageId, String attachmentId, byte[] bytes,
      String contentType) {
    return setAttachmentContent(messageId, attachmentId, SimAttachmentContent.of(
        Objects.requireNonNull(bytes, "bytes"), Objects.requireNonNull(contentType, "contentType")));
  }

  /**
   * Serves {@code content} for the attachment, e.g. {@link SimAttachmentContent#big} (5 MiB generated as it is
   * streamed, for tests that must not hold a file twice).
   */
  public RingCentralSimulator setAttachmentContent(String messageId, String attachmentId,
      SimAttachmentContent content) {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(attachmentId, "attachmentId");
    Objects.requireNonNull(content, "content");
    synchronized (lock) {
      messageContent.register(messageId, attachmentId, content);
    }
    return this;
  }

  /** Empties every message store (extensions stay). */
  public void clearMessages() {
    synchronized (lock) {
      messages.clear();
    }
  }

  public int messageCount(ExtensionId extension) {
    synchronized (lock) {
      return messages.count(extension);
    }
  }

  // ---- changing the store (as users and the carrier would) --------------------------------------------

  /**
   * Deletes a message the way a user does in the RingCentral app: it becomes {@code availability: Deleted}, stays
   * whole ("still preserved with all its attachments and can be restored") and is listed only when a request asks
   * for {@code availability=Deleted}
   * (https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/definitions/PatchMessageRequest.html,
   * https://developers.ringcentral.com/api-reference/Message-Store/listMessages).
   *
   * @throws IllegalArgumentException when the extension holds no message with that id (raw records included)
   */
  public RingCentralSimulator deleteMessage(ExtensionId extension, String messageId) {
    synchronized (lock) {
      messages.change(extension, messageId, m -> m.withAvailability(io.rcsync.core.domain.Availability.DELETED));
    }
    return this;
  }

  /**
   * Purges a message: {@code availability: Purged}, listed only for {@code availability=Purged}, as a stub without
   * text, numbers or attachments ("all attachments are already deleted and the message itself is about to be
   * physically deleted shortly").
   *
   * @throws IllegalArgumentException when the extension holds no message with that id
   */
  public RingCentralSimulator purgeMessage(ExtensionId extension, String messageId) {
    synchronized (lock) {
      messages.change(extension, messageId, m -> m.withAvailability(io.rcsync.core.domain.Availability.PURGED));
    }
    return this;
  }

  /** Removes a record from the store altogether (the physical deletion that follows a purge); false when absent. */
  public boolean removeMessage(ExtensionId extension, String messageId) {
    synchronized (lock) {
      return messages.remove(extension, messageId);
    }
  }

  /**
   * Sets a message's {@code messageStatus} as given (Queued, Sending, Sent, Delivered, DeliveryFailed, SendingFailed,
   * Received; not checked) and its {@code lastModifiedTime} to {@code modifiedAt}.
   *
   * @throws IllegalArgumentException when the extension holds no message with that id
   */
  public RingCentralSimulator setMessageStatus(ExtensionId extension, String messageId, String status,
      Instant modifiedAt) {
    Objects.requireNonNull(modifiedAt, "modifiedAt");
    synchronized (lock) {
      messages.change(extension, messageId, m -> m.withStatus(status, modifiedAt));
    }
    return this;
  }

  /**
   * Runs {@code hook} before each authorized message-store list request is answered, with the request's number
   * (1-based, counted from this call), holding the simulator's lock; the hook may call the methods above to change
   * the store between two pages a client reads. Replaces any earlier hook; {@code n -> {}} removes it.
   */
  public RingCentralSimulator beforeMessageStoreRequest(java.util.function.IntConsumer hook) {
    Objects.requireNonNull(hook, "hook");
    synchronized (lock) {
      router.beforeMessageStore(hook);
    }
    return this;
  }

  // ---- fault injection ------------------------------------------------------------------------------

  /** The next {@code requests} requests to any endpoint are answered with {@code status} (e.g. 503). */
  public void failNext(int requests, int status) {
    failNext(null, requests, status, null);
  }

  /**
   * The next {@code requests} requests to {@code endpoint} (null = any) are answered with {@code status}, with a
   * {@code Retry-After} header when {@code retryAfter} is given.
   */
  public void failNext(SimEndpoint endpoint, int requests, int status, Duration retryAfter) {
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1");
    }
    synchronized (lock) {
      faults.add(endpoint, requests, status, retryAfter);
    }
  }

  /** Every Message Sync token issued so far is answered {@code 400 CMN-101} from now on (see {@link RcMessageSyncEndpoint}). */
  public void expireSyncTokens() {
    synchronized (lock) {
      messageSync.tokens().expireAll();
    }
  }

  /** The next incremental Message Sync request is answered {@code 400 CMN-101}, whatever its token; later ones are not. */
  public void rejectSyncTokensOnce() {
    synchronized (lock) {
      messageSync.tokens().rejectNextOnce();
    }
  }

  /**
   * How far back before its token's sync time an incremental Message Sync answers again (default 5 s, as RingCentral
   * does: "all sync requests are handled with overlapping of time periods ... the server has to return records from
   * the ISync time + Delta, where Delta is 5 sec", https://developers.ringcentral.com/guide/messaging/message-store/message-sync).
   * {@link Duration#ZERO} turns the overlap off.
   */
  public void messageSyncOverlap(Duration overlap) {
    synchronized (lock) {
      messageSync.overlap(overlap);
    }
  }

  /** The {@code recordCount} a full Message Sync applies when the request names none (default 250). */
  public void messageSyncRecordCount(int records) {
    synchronized (lock) {
      messageSync.defaultRecordCount(records);
    }
  }

  /** Invalidates every access and refresh token issued so far (as if the user's session was terminated). */
  public void revokeTokens() {
    synchronized (lock) {
      tokens.revokeAll();
    }
  }

  /** Sets or replaces one group's limit. */
  public void setRateLimit(RateLimit limit) {
    synchronized (lock) {
      rateLimiter.set(limit);
    }
  }

  /** Lifts every rate limit. */
  public void clearRateLimits() {
    synchronized (lock) {
      rateLimiter.clear();
    }
  }

  // ---- webhook subscriptions ------------------------------------------------------------------------

  /** The live WebHook subscriptions (expired ones are gone), oldest first. */
  public List<SimSubscription> subscriptions() {
    synchronized (lock) {
      return subscriptions.all(clock.instant()).stream().map(RcSubscriptions.Sub::view).toList();
    }
  }

  /**
   * Blacklists a subscription now, as RingCentral does after repeated failed deliveries: nothing more is delivered
   * and it cannot be renewed.
   *
   * @throws IllegalArgumentException when no live subscription has that id
   */
  public RingCentralSimulator blacklistSubscription(String id) {
    synchronized (lock) {
      subscriptions.blacklist(liveSubscription(id), "Blacklisted by the test", clock.instant());
    }
    return this;
  }

  /**
   * Makes a subscription expire now ({@code expirationTime} = the simulator clock's now): it is gone from the list,
   * gets no deliveries and cannot be renewed (404).
   *
   * @throws IllegalArgumentException when no live subscription has that id
   */
  public RingCentralSimulator expireSubscription(String id) {
    synchronized (lock) {
      liveSubscription(id).expirationTime = clock.instant();
    }
    return this;
  }

  private RcSubscriptions.Sub liveSubscription(String id) {
    RcSubscriptions.Sub s = subscriptions.get(id, clock.instant());
    if (s == null) {
      throw new IllegalArgumentException("no live subscription " + id);
    }
    return s;
  }

  /** Webhook deliveries (and handshakes) made so far. */
  public WebhookDeliveries webhookDeliveries() {
    return webhooks.counts();
  }

  /**
   * Waits until every webhook delivery queued so far has been answered or has failed.
   *
   * @return false when {@code max} passed first
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitDeliveries(Duration max) throws InterruptedException {
    return webhooks.awaitDeliveries(max);
  }

  // ---- counters -------------------------------------------------------------------------------------

  /** Requests received by an endpoint, whatever they were answered (429, 503 and 401 included). */
  public long calls(SimEndpoint endpoint) {
    synchronized (lock) {
      return router.calls(endpoint);
    }
  }

  public long totalCalls() {
    synchronized (lock) {
      return router.totalCalls();
    }
  }

  public Map<SimEndpoint, Long> callCounts() {
    synchronized (lock) {
      return router.callCounts();
    }
  }

  /** Access tokens issued so far. */
  public long issuedTokens() {
    synchronized (lock) {
      return tokens.issued();
    }
  }

  /** Successful JWT bearer logins ({@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}) so far. */
  public long jwtLogins() {
    synchronized (lock) {
      return tokens.jwtLogins();
    }
  }

  /** Successful refresh_token grants so far. */
  public long refreshes() {
    synchronized (lock) {
      return tokens.refreshes();
    }
  }

  /** Successful {@code POST /restapi/oauth/revoke} requests so far. */
  public long revocations() {
    synchronized (lock) {
      return tokens.revocations();
    }
  }

  /** {@code "GET /restapi/...?... -> 200"} per request, oldest first (the last 10,000). */
  public List<String> requestLog() {
    synchronized (lock) {
      return router.requestLog();
    }
  }

  public void resetCounters() {
    synchronized (lock) {
      router.resetCounters();
    }
  }

  /**
   * A RingCentral TimezoneInfo, as Get Account Info answers it in {@code regionalSettings.timezone}: {@code name} is
   * RingCentral's name (an IANA id, an old alias such as {@code US/Eastern}, or a Windows-style name such as
   * {@code Pacific Standard Time}), {@code bias} the offset from UTC in minutes
   * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1GetTimezoneInfoResponse-members.html).
   */
  public record TimeZoneInfo(String id, String name, String description, int bias) {}

  /** The default account time zone: US Eastern, as RingCentral names it. */
  public static final TimeZoneInfo US_EASTERN = new TimeZoneInfo("58", "US/Eastern", "Eastern Time (US & Canada)",
      -300);

  /** Sets the account's time zone Get Account Info answers; {@code null} answers without {@code timezone}. */
  public void accountTimeZone(TimeZoneInfo value) {
    synchronized (lock) {
      this.timeZone = value;
    }
  }

  /**
   * Get Account Info's answer (called under the lock): {@code id}, {@code uri}, {@code status} and
   * {@code regionalSettings.timezone}, as GetAccountInfoResponse/AccountRegionalSettings describe them
   * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1GetAccountInfoResponse.html,
   * https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1AccountRegionalSettings.html).
   */
  private RcResponse accountInfo(String base) {
    com.fasterxml.jackson.databind.node.ObjectNode body =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    String root = (base == null ? "" : base) + "/restapi/v1.0";
    body.put("uri", root + "/account/" + directory.accountId());
    body.put("id", directory.accountId());
    body.put("status", "Confirmed");
    com.fasterxml.jackson.databind.node.ObjectNode regional = body.putObject("regionalSettings");
    if (timeZone != null) {
      com.fasterxml.jackson.databind.node.ObjectNode tz = regional.putObject("timezone");
      tz.put("uri", root + "/dictionary/timezone/" + timeZone.id());
      tz.put("id", timeZone.id());
      tz.put("name", timeZone.name());
      tz.put("description", timeZone.description());
      tz.put("bias", Integer.toString(timeZone.bias()));
    }
    regional.put("timeFormat", "12h");
    return RcResponse.json(200, body.toString());
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private static Instant parseTime(String text) {
    return io.rcsync.core.support.IsoInstants.parse(text).orElse(null);
  }

  /** Builder of {@link RingCentralSimulator}. */
  public static final class Builder {
    private String clientId = DEFAULT_CLIENT_ID;
    private String clientSecret = "sim-secret-" + Long.toHexString(new SecureRandom().nextLong());
    private String jwt = "sim.jwt." + Long.toHexString(new SecureRandom().nextLong());
    private String accountId = DEFAULT_ACCOUNT_ID;
    private Duration tokenLifetime = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private int port;
    private List<RateLimit> rateLimits = RateLimit.documentedDefaults();
    private ExtensionId ownerExtension;
    private Duration webhookTimeout = Duration.ofMillis(3000);
    private int blacklistAfter = 10;
    private TimeZoneInfo timeZone = US_EASTERN;

    private Builder() {}

    /** The account's time zone Get Account Info answers (default {@link #US_EASTERN}); null: none. */
    public Builder accountTimeZone(TimeZoneInfo value) {
      this.timeZone = value;
      return this;
    }

    /**
     * How long the webhook handshake and each delivery may take (connect and answer); RingCentral allows 3000 ms
     * (https://developers.ringcentral.com/guide/notifications/webhooks/creating-webhooks).
     */
    public Builder webhookTimeout(Duration value) {
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException("webhook timeout must be at least one millisecond");
      }
      this.webhookTimeout = value;
      return this;
    }

    /**
     * Failed deliveries in a row after which a subscription is Blacklisted (default 10; RingCentral blacklists after
     * about 10 minutes of failures, https://community.ringcentral.com/answers/5998/view.html).
     */
    public Builder blacklistAfterFailedDeliveries(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("blacklistAfterFailedDeliveries must be at least 1");
      }
      this.blacklistAfter = value;
      return this;
    }

    /** The credentials the token endpoint accepts. */
    public Builder credentials(String clientId, String clientSecret, String jwt) {
      this.clientId = Objects.requireNonNull(clientId);
      this.clientSecret = Objects.requireNonNull(clientSecret);
      this.jwt = Objects.requireNonNull(jwt);
      return this;
    }

    public Builder accountId(String value) {
      this.accountId = Objects.requireNonNull(value);
      return this;
    }

    /** {@code expires_in} of issued access tokens (RingCentral: one hour). */
    public Builder tokenLifetime(Duration value) {
      if (value.toSeconds() < 1) {
        throw new IllegalArgumentException("token lifetime must be at least one second");
      }
      this.tokenLifetime = value;
      return this;
    }

    /** Drives token expiry, rate-limit windows and the default {@code dateTo}. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /** 0 (default) picks a free port. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** Replaces every group's limit (default: {@link RateLimit#documentedDefaults()}). */
    public Builder rateLimits(List<RateLimit> value) {
      this.rateLimits = List.copyOf(value);
      return this;
    }

    public Builder noRateLimits() {
      this.rateLimits = List.of();
      return this;
    }

    /** The JWT user's extension, served for {@code extension/~}; default the first extension added. */
    public Builder ownerExtension(ExtensionId value) {
      this.ownerExtension = value;
      return this;
    }

    public RingCentralSimulator build() {
      return new RingCentralSimulator(this);
    }
  }
}

package io.rcsync.testkit.sim.ringcentral;

/** The endpoints the RingCentral simulator serves, with the usage-plan group each belongs to. */
public enum SimEndpoint {
  /** {@code POST /restapi/oauth/token}. */
  TOKEN(RateLimit.AUTH),
  /** {@code POST /restapi/oauth/revoke}. */
  REVOKE(RateLimit.AUTH),
  /**
   * {@code GET /restapi/v1.0/account/{accountId}} (Get Account Info; its {@code regionalSettings.timezone} is what
   * {@code rcsync init} reads; Light,
   * https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1Paths_1_1Restapi_1_1Account_1_1Index.html).
   */
  ACCOUNT_INFO(RateLimit.LIGHT),
  /** {@code GET /restapi/v1.0/account/{accountId}/extension}. */
  EXTENSION_LIST(RateLimit.MEDIUM),
  /** {@code GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store}. */
  MESSAGE_STORE(RateLimit.LIGHT),
  /**
   * {@code GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/message-sync} (Message Sync; API group Light,
   * https://developers.ringcentral.com/api-reference/Message-Store/syncMessages).
   */
  MESSAGE_SYNC(RateLimit.LIGHT),
  /**
   * {@code GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store/{messageId}/content/{attachmentId}}
   * (Get Message Content, MMS media; Rate Limit Group Medium,
   * https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/paths/restapi/account/extension/messagestore/content/Index.html).
   */
  MESSAGE_CONTENT(RateLimit.MEDIUM),
  /**
   * {@code /restapi/v1.0/subscription} and {@code /restapi/v1.0/subscription/{id}[/renew]}: create, list, read, renew,
   * delete (Medium, as the simulator counts the whole subscription API in one group).
   */
  SUBSCRIPTION(RateLimit.MEDIUM),
  /** Anything else (answered 404). */
  OTHER(null);

  private final String group;

  SimEndpoint(String group) {
    this.group = group;
  }

  /** Usage-plan group (Light, Medium, Heavy, Auth), or null when the endpoint is not rate-limited. */
  public String group() {
    return group;
  }
}

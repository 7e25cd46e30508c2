package io.rcsync.ringcentral;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.testkit.contract.MessageSourceContract;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The message-source contract with WireMock serving recorded-style pages: each extension's whole store, newest first,
 * in pages of 1000 with absolute {@code navigation.nextPage} links. The adapter pages by time, so each next page is
 * stubbed for the {@code dateTo} it will ask for (one millisecond past the oldest creation time of the page before); the
 * stubs ignore {@code dateFrom} and the first page ignores {@code dateTo}, so this also proves the adapter keeps to
 * its window by itself.
 */
class RingCentralMessageSourceWireMockContractTest extends MessageSourceContract {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Override
  protected MessageSource sourceHolding(List<SmsMessage> messages) {
    wm.resetAll();
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token"))
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok", 3600))));
    String emptyPage = RcJson.page(List.of(), 1, 1, 1000, 0, wm.baseUrl() + "/empty", null);
    wm.stubFor(get(urlPathMatching("/restapi/v1.0/account/~/extension/[0-9]+/message-store")).atPriority(10)
        .willReturn(aResponse().withStatus(200).withBody(emptyPage)));
    Map<ExtensionId, List<SmsMessage>> byExt = new LinkedHashMap<>();
    messages.forEach(m -> byExt.computeIfAbsent(m.extension(), k -> new ArrayList<>()).add(m));
    byExt.forEach(this::stubStore);
    MessageSource adapter =
        RingCentralMessageSource.create(RingCentralConfig.ofDefaults(RcJson.credentials(wm.baseUrl())), new ApiCalls());
    // the paged list only: Message Sync's wire cases are RingCentralMessageSyncTest's, and its contract runs on the
    // simulator (RingCentralMessageSourceContractTest)
    return adapter::fetch;
  }

  private void stubStore(ExtensionId ext, List<SmsMessage> stored) {
    List<SmsMessage> sorted = stored.stream().sorted(Comparator.comparing(SmsMessage::creationTime).reversed()).toList();
    int perPage = 1000;
    String path = "/restapi/v1.0/account/~/extension/" + ext + "/message-store";
    List<SmsMessage> remaining = sorted;
    java.time.Instant dateTo = null; // first page: whatever the adapter asks
    for (int p = 1; ; p++) {
      List<SmsMessage> page = remaining.subList(0, Math.min(remaining.size(), perPage));
      boolean more = remaining.size() > perPage;
      List<ObjectNode> records = page.stream().map(RcJson::record).toList();
      String body = RcJson.page(records, 1, more ? 2 : 1, perPage, remaining.size(), pageUri(path, 1),
          more ? pageUri(path, 2) : null);
      wm.stubFor(get(urlPathEqualTo(path)).atPriority(dateTo == null ? 5 : 1)
          .withQueryParam("dateTo", dateTo == null ? matching(".*")
              : equalTo(RingCentralMessageSource.isoMillis(dateTo)))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
      if (!more) {
        return;
      }
      java.time.Instant cursor = page.get(page.size() - 1).creationTime();
      dateTo = cursor.plusMillis(1);
      remaining = sorted.stream().filter(m -> !m.creationTime().isAfter(cursor)).toList();
    }
  }

  private static String pageUri(String path, int page) {
    return "https://platform.ringcentral.com" + path + "?messageType=SMS&page=" + page + "&perPage=1000";
  }
}

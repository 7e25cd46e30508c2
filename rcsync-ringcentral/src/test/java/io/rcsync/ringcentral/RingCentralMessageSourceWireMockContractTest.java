package io.rcsync.ringcentral;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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
 * in pages of 1000 with absolute {@code navigation.nextPage} links. The stubs ignore {@code dateFrom}/{@code dateTo},
 * so this also proves the adapter keeps to its window by itself.
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
    return RingCentralMessageSource.create(RingCentralConfig.ofDefaults(RcJson.credentials(wm.baseUrl())), new ApiCalls());
  }

  private void stubStore(ExtensionId ext, List<SmsMessage> stored) {
    List<SmsMessage> sorted = stored.stream().sorted(Comparator.comparing(SmsMessage::creationTime).reversed()).toList();
    int perPage = 1000;
    int total = sorted.size();
    int pages = Math.max(1, (total + perPage - 1) / perPage);
    String path = "/restapi/v1.0/account/~/extension/" + ext + "/message-store";
    for (int p = 1; p <= pages; p++) {
      List<ObjectNode> records = sorted.subList((p - 1) * perPage, Math.min(total, p * perPage)).stream()
          .map(RcJson::record).toList();
      String body = RcJson.page(records, p, pages, perPage, total, pageUri(path, p), p < pages ? pageUri(path, p + 1) : null);
      wm.stubFor(get(urlPathEqualTo(path)).withQueryParam("page", p == 1 ? absent() : equalTo(Integer.toString(p)))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }
  }

  private static String pageUri(String path, int page) {
    return "https://platform.ringcentral.com" + path + "?messageType=SMS&page=" + page + "&perPage=1000";
  }
}

package io.rcsync.ringcentral;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.contract.ExtensionDirectoryContract;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension-directory contract with WireMock serving documented-shape extension-list pages of 1000. */
class RingCentralExtensionDirectoryWireMockContractTest extends ExtensionDirectoryContract {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String PATH = "/restapi/v1.0/account/~/extension";

  @Override
  protected ExtensionDirectory directoryHolding(List<Extension> extensions) {
    wm.resetAll();
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token"))
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok", 3600))));
    int perPage = 1000;
    int total = extensions.size();
    int pages = Math.max(1, (total + perPage - 1) / perPage);
    for (int p = 1; p <= pages; p++) {
      List<ObjectNode> records = extensions.subList((p - 1) * perPage, Math.min(total, p * perPage)).stream()
          .map(RingCentralExtensionDirectoryWireMockContractTest::record).toList();
      String body = RcJson.page(records, p, pages, perPage, total, uri(p), p < pages ? uri(p + 1) : null);
      wm.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("page", p == 1 ? absent() : equalTo(Integer.toString(p)))
          .willReturn(aResponse().withStatus(200).withBody(body)));
    }
    return RingCentralExtensionDirectory.create(RingCentralConfig.ofDefaults(RcJson.credentials(wm.baseUrl())),
        new ApiCalls());
  }

  private static String uri(int page) {
    return wm.baseUrl() + PATH + "?page=" + page + "&perPage=1000";
  }

  private static ObjectNode record(Extension e) {
    ObjectNode n = RcJson.JSON.createObjectNode();
    n.put("uri", "https://platform.ringcentral.com/restapi/v1.0/account/4001/extension/" + e.id());
    n.put("id", Long.parseLong(e.id().value()));
    n.put("extensionNumber", e.number());
    n.put("name", e.name());
    n.put("type", e.type() == null ? "User" : e.type());
    n.put("status", e.status());
    if (e.firstName() != null || e.lastName() != null || e.email() != null) {
      ObjectNode c = n.putObject("contact");
      c.put("firstName", e.firstName());
      c.put("lastName", e.lastName());
      c.put("email", e.email());
    }
    return n;
  }
}

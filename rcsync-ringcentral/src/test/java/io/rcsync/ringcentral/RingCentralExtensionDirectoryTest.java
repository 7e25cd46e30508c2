package io.rcsync.ringcentral;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RingCentralExtensionDirectoryTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String LIST = "/restapi/v1.0/account/~/extension";
  private final FakeTime time = FakeTime.at("2026-04-20T12:00:00Z");
  private final ApiCalls calls = new ApiCalls();

  private RingCentralExtensionDirectory directory() {
    return RingCentralExtensionDirectory.create(
        RingCentralConfig.builder(RcJson.credentials(wm.baseUrl())).sleeper(time).clock(time).build(), calls);
  }

  private static ObjectNode ext(Object id, String number, String name, String status) {
    ObjectNode n = RcJson.JSON.createObjectNode();
    n.put("uri", "https://platform.ringcentral.com/restapi/v1.0/account/4001/extension/" + id);
    n.putPOJO("id", id);
    n.put("extensionNumber", number);
    n.put("name", name);
    n.put("type", "User");
    n.put("status", status);
    n.putObject("contact").put("firstName", name).put("email", "x@example.com");
    return n;
  }

  private static String uri(int page) {
    return wm.baseUrl() + "/restapi/v1.0/account/4001/extension?page=" + page + "&perPage=1000";
  }

  @Test
  void listsEveryExtensionAcrossPages() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token"))
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok", 3600))));
    wm.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("page", absent()).willReturn(aResponse().withStatus(200)
        .withBody(RcJson.page(List.of(ext(376557052L, "104", "Alyssia", "Enabled"), ext(115L, "115", "Sam", "Enabled")),
            1, 2, 2, 3, uri(1), uri(2)))));
    wm.stubFor(get(urlPathEqualTo("/restapi/v1.0/account/4001/extension")).withQueryParam("page", equalTo("2"))
        .willReturn(aResponse().withStatus(200)
            .withBody(RcJson.page(List.of(ext(120L, "120", "Kathy", "Disabled")), 2, 2, 2, 3, uri(2), null))));

    List<Extension> all = directory().listExtensions();

    assertThat(all).containsExactly(
        new Extension(ExtensionId.of("376557052"), "104", "Alyssia", "Enabled", "User", "Alyssia", null, "x@example.com"),
        new Extension(ExtensionId.of("115"), "115", "Sam", "Enabled", "User", "Sam", null, "x@example.com"),
        new Extension(ExtensionId.of("120"), "120", "Kathy", "Disabled", "User", "Kathy", null, "x@example.com"));
    wm.verify(getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("perPage", equalTo("1000")));
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(3);
  }

  @Test
  void skipsRecordsWithoutAUsableId() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token"))
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok", 3600))));
    ObjectNode noId = ext(1L, "999", "Broken", "Enabled");
    noId.remove("id");
    wm.stubFor(get(urlPathEqualTo(LIST)).willReturn(aResponse().withStatus(200)
        .withBody(RcJson.page(List.of(noId, ext(115L, "115", "Sam", "Enabled")), 1, 1, 1000, 2, uri(1), null))));

    assertThat(directory().listExtensions()).extracting(Extension::number).containsExactly("115");
  }

  @Test
  void missingPermissionIsAClearRejection() {
    wm.stubFor(post(urlPathEqualTo("/restapi/oauth/token"))
        .willReturn(aResponse().withStatus(200).withBody(RcJson.token("tok", 3600))));
    wm.stubFor(get(urlPathEqualTo(LIST)).willReturn(aResponse().withStatus(403)
        .withBody(RcJson.apiError("CMN-408", "In order to call this API endpoint, application needs to have [ReadAccounts] permission"))));

    ExternalSystemException e = catchThrowableOfType(ExternalSystemException.class, () -> directory().listExtensions());

    assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.REJECTED);
    assertThat(e.getMessage()).startsWith("extension directory: gave up before the first page: extension-list:"
        + " HTTP 403 CMN-408: In order to call this API endpoint, application needs to have [ReadAccounts] permission");
  }
}

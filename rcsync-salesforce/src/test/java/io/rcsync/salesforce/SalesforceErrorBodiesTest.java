package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Error bodies in each shape Salesforce answers become one-line errors. */
class SalesforceErrorBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsTheErrorsOfACompositeCallRefusedBeforeAnySubrequestRan() throws Exception {
    // shape logged from a real org: https://github.com/guardian/support-service-lambdas/pull/766
    String refused = "{\"compositeResponse\":[{\"body\":[{\"errorCode\":\"LIMIT_EXCEEDED\",\"message\":"
        + "\"The request can’t contain more than 25 operations.\"}],\"httpHeaders\":{},\"httpStatusCode\":400,"
        + "\"referenceId\":null}]}";

    List<SalesforceHttp.ApiError> errors = SalesforceHttp.errorsOf(JSON.readTree(refused));

    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo("LIMIT_EXCEEDED");
      assertThat(e.message()).contains("25 operations");
    });
  }

  @Test
  void aCompositeAnswerWhoseSubrequestsSucceededHoldsNoErrors() throws Exception {
    String ok = "{\"compositeResponse\":[{\"body\":{\"totalSize\":0,\"done\":true,\"records\":[]},"
        + "\"httpHeaders\":{},\"httpStatusCode\":200,\"referenceId\":\"q0\"}]}";

    assertThat(SalesforceHttp.errorsOf(JSON.readTree(ok))).isEmpty();
  }

  @Test
  void stillReadsRestAndCollectionsErrors() throws Exception {
    assertThat(SalesforceHttp.errorsOf(JSON.readTree(
        "[{\"errorCode\":\"INVALID_FIELD\",\"message\":\"No such column\",\"fields\":[]}]")))
        .extracting(SalesforceHttp.ApiError::code).containsExactly("INVALID_FIELD");
    assertThat(SalesforceHttp.errorsOf(JSON.readTree(
        "[{\"statusCode\":\"UNABLE_TO_LOCK_ROW\",\"message\":\"locked\",\"fields\":[\"Id\"]}]")))
        .extracting(SalesforceHttp.ApiError::code).containsExactly("UNABLE_TO_LOCK_ROW");
  }
}

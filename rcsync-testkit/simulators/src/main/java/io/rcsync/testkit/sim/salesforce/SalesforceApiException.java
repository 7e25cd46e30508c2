package io.rcsync.testkit.sim.salesforce;

/**
 * A request-level error: the HTTP status and the {@code [{"message","errorCode"}]} body Salesforce would answer.
 * The in-process API throws it too (e.g. {@link SalesforceSimulator#query(String)} with a malformed query).
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm">Status Codes and Error Responses</a>
 */
public class SalesforceApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String errorCode;

  public SalesforceApiException(int httpStatus, String errorCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String errorCode() {
    return errorCode;
  }

  @Override
  public String toString() {
    return "SalesforceApiException[" + httpStatus + " " + errorCode + ": " + getMessage() + "]";
  }
}

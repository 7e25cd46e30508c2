package io.rcsync.ringcentral;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.ExternalSystemException.Kind;
import io.rcsync.http.ServerUrls;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Downloads MMS media from RingCentral's message store (issue 12): "Get Message Content",
 * {@code GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store/{messageId}/content/{attachmentId}}
 * ("Returns a specific message attachment data as media stream"; Rate Limit Group Medium, app permission
 * ReadMessages, user permission ReadMessageContent:
 * https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/paths/restapi/account/extension/messagestore/content/Index.html).
 *
 * <p><b>Which URI.</b> The attachment's own {@code uri} from the message record, never one built here: "Content URLs
 * should be fetched [from] a response payload directly as they are subject to change"
 * (https://developers.ringcentral.com/guide/basics/media). The bearer token goes with the request, so the URI must
 * be on the configured RingCentral server, or on its media entry point: the message store lists media at
 * {@code https://media.ringcentral.com/restapi/...} while the API is at {@code https://platform.ringcentral.com}
 * (same page's example record; the API reference: "This API must be called via media API entry point, e.g.
 * https://media.ringcentral.com"). So the allowed hosts are the server's own scheme, host and port, and, for a server
 * host {@code platform.X}, {@code https://media.X} on the default port. And the path must be this attachment's
 * content path, {@code /restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store/{messageId}/content/{attachmentId}}
 * with the message id of the message being read and the attachment's own id (account and extension ids as RingCentral
 * writes them: digits or {@code ~}); a query is allowed. So a manifest or record edited to point elsewhere on the API
 * (say {@code /restapi/v1.0/account/~/extension/~/sms} or another message's content) cannot get the token sent to it
 * (review finding 19). Anything else (a forged or mangled record) is refused with one line before any request is
 * sent.
 *
 * <p><b>Streaming.</b> The body is handed out as the open HTTP stream ({@code BodyHandlers.ofInputStream}), never
 * buffered here; the caller reads it once and closes it. {@code Content-Type} comes from the answer (falling back to
 * the listed {@code contentType}, then {@code application/octet-stream}); {@code Content-Length} when the answer
 * carries one. The {@code contentDisposition} query parameter is not sent: the file name comes from the record's
 * {@code fileName}.
 *
 * <p><b>Failures</b> ({@link ExternalSystemException}, one line naming the message and attachment id, never the token
 * nor the URI's query): 404/410 (the message was purged, its attachments "already deleted", or the attachment id is
 * unknown) is REJECTED; 401 renews the token once (a second is AUTHENTICATION); 429 waits by the Medium group's pause
 * (the group the server reports in {@code X-Rate-Limit-Group} wins) and 5xx are retried, then RATE_LIMITED or
 * CONNECTION; any other status is REJECTED. Every request is counted under {@link ApiCalls#RINGCENTRAL}.
 */
public final class RingCentralAttachmentSource implements AttachmentSource {
  /** The request name: keys the rate-limit group (Medium until the server reports one) and prefixes messages. */
  static final String WHAT = "message-content";

  private final RingCentralConfig config;
  private final ApiClient api;

  /** Shares the login (token, transport, rate-limit pauses and call counter) of {@code auth}. */
  public RingCentralAttachmentSource(RingCentralAuth auth) {
    this.config = Objects.requireNonNull(auth, "auth").config();
    this.api = auth.api();
  }

  /**
   * Opens one attachment's content for reading (one GET, plus retries).
   *
   * @return the open stream, its {@code Content-Type} and {@code Content-Length} (bytes) when served
   * @throws ExternalSystemException REJECTED when the attachment has no URI, the URI is not on the RingCentral server
   *     or its media host, its path is not this message's and attachment's content path, or RingCentral answers 404/410 or another 4xx; AUTHENTICATION, RATE_LIMITED or CONNECTION
   *     as described on the class
   * @throws NullPointerException when an argument is null
   */
  @Override
  public Content open(ExtensionId extension, MessageId message, Attachment attachment) {
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(attachment, "attachment");
    String which = "message " + message.value() + " attachment " + attachment.id() + " (extension "
        + extension.value() + ")";
    URI uri = allowedUri(attachment.uri(), which);
    requireContentPath(uri, message, attachment, which);
    HttpResponse<InputStream> response;
    try {
      response = api.getStream(uri, WHAT);
    } catch (ExternalSystemException e) {
      throw new ExternalSystemException(e.system(), e.kind(), which + ": " + api.scrub(e.getMessage()), e);
    }
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      String detail = api.errorDetail(ApiClient.bodyText(response));
      if (status == 404 || status == 410) {
        throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.REJECTED, WHAT + ": " + which
            + " is gone at RingCentral (HTTP " + status + detail + "); the message was purged or the attachment"
            + " removed, so there is nothing to download: it is counted as a failed attachment");
      }
      if (status == 403) {
        throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.REJECTED, WHAT + ": " + which + ": HTTP 403"
            + detail + " (the app needs ReadMessages and the JWT's user ReadMessageContent)");
      }
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.REJECTED, WHAT + ": " + which + ": HTTP " + status
          + detail);
    }
    String contentType = response.headers().firstValue("Content-Type").map(String::strip).filter(s -> !s.isEmpty())
        .orElse(attachment.contentType() == null ? "application/octet-stream" : attachment.contentType());
    OptionalLong length = response.headers().firstValueAsLong("Content-Length");
    if (length.isPresent() && length.getAsLong() < 0) {
      length = OptionalLong.empty();
    }
    return new Content(response.body(), contentType, length);
  }

  /**
   * The attachment's URI when the bearer token may go there (see the class comment); otherwise a REJECTED
   * {@link ExternalSystemException} naming the attachment and the refused host, never the URI's path or query.
   */
  URI allowedUri(String raw, String which) {
    if (raw == null || raw.isBlank()) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.REJECTED, WHAT + ": " + which
          + " has no content URI in its message record; nothing to download (report the record to the rcsync"
          + " maintainers if RingCentral listed it so)");
    }
    URI uri;
    try {
      uri = new URI(raw.strip());
    } catch (URISyntaxException e) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.REJECTED, WHAT + ": " + which
          + " has an unreadable content URI; refused (nothing was sent)");
    }
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.REJECTED, WHAT + ": " + which
          + " has a content URI without a plain host; refused (nothing was sent)");
    }
    if (!isRingCentralHost(uri, config.serverUrl())) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.REJECTED, WHAT + ": " + which
          + " has a content URI on host " + uri.getHost() + ", which is neither the RingCentral server "
          + config.serverUrl().getHost() + " nor its media host; refused so the access token is not sent there");
    }
    return uri;
  }

  /** Get Message Content's path: account, extension, message id, attachment id (raw, percent-encoding kept). */
  private static final java.util.regex.Pattern CONTENT_PATH = java.util.regex.Pattern.compile(
      "/restapi/v1\\.0/account/([A-Za-z0-9_~-]+)/extension/([A-Za-z0-9_~-]+)/message-store/([^/]+)/content/([^/]+)");

  /**
   * Refuses (REJECTED, one line naming the attachment, never the URI's path or query, nothing sent) a URI whose path
   * is not this attachment's Get Message Content path: see the class comment.
   */
  static void requireContentPath(URI uri, MessageId message, Attachment attachment, String which) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    java.util.regex.Matcher m = CONTENT_PATH.matcher(path);
    if (!m.matches()) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.REJECTED, WHAT + ": " + which
          + " has a content URI that is not a message-store content path (/restapi/v1.0/account/{account}/extension/"
          + "{extension}/message-store/{messageId}/content/{attachmentId}); refused so the access token is not sent"
          + " there (nothing was sent)");
    }
    if (!m.group(3).equals(message.value()) || !m.group(4).equals(attachment.id())) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, Kind.REJECTED, WHAT + ": " + which
          + " has a content URI for another message or attachment; refused so nothing else is downloaded under this"
          + " key (nothing was sent): check the message record or the rollback manifest it came from");
    }
  }

  /**
   * True when {@code uri} is on {@code server} (same scheme, host and port) or, for a server host {@code platform.X},
   * on {@code https://media.X} (default port).
   */
  static boolean isRingCentralHost(URI uri, URI server) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String serverHost = server.getHost() == null ? "" : server.getHost().toLowerCase(Locale.ROOT);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!ServerUrls.isSecure(uri)) {
      return false;
    }
    if (host.equals(serverHost) && scheme.equalsIgnoreCase(server.getScheme())
        && effectivePort(uri) == effectivePort(server)) {
      return true;
    }
    return serverHost.startsWith("platform.") && host.equals("media." + serverHost.substring("platform.".length()))
        && scheme.equals("https") && effectivePort(uri) == 443;
  }

  private static int effectivePort(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  @Override
  public String toString() {
    return "RingCentralAttachmentSource[" + config.serverUrl() + "]";
  }
}

package io.rcsync.testkit.sim.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain java.net.http client for the simulator, as an adapter would call it. */
final class SfClient {
  static final String V = "/services/data/v67.0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private String token;

  SfClient(SalesforceSimulator sim, String token) {
    this.base = sim.instanceUrl();
    this.token = token;
  }

  SfClient withToken(String value) {
    this.token = value;
    return this;
  }

  record Response(int status, JsonNode body, HttpHeaders headers) {
    String errorCode() {
      return body.get(0).get("errorCode").asText();
    }

    String message() {
      return body.get(0).get("message").asText();
    }

    List<JsonNode> records() {
      List<JsonNode> out = new ArrayList<>();
      body.get("records").forEach(out::add);
      return out;
    }

    /** One field of every record, as text ("null" for null). */
    List<String> column(String field) {
      return records().stream().map(r -> r.get(field) == null ? "<absent>" : r.get(field).asText()).toList();
    }
  }

  Response query(String soql) {
    return get(V + "/query?q=" + encode(soql));
  }

  Response queryAll(String soql) {
    return get(V + "/queryAll?q=" + encode(soql));
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  Response get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  Response patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  Response post(String path, Object body) {
    return send("POST", path, body);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  Response send(String method, String path, Object body, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      if (body != null) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofString(text));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode node = r.body().isEmpty() ? null : JSON.readTree(r.body());
      return new Response(r.statusCode(), node, r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

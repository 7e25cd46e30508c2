package io.rcsync.testkit.sim.salesforce;

import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a request's method and path to the REST resource it names: {@code /services/data/} (versions), then under
 * {@code /services/data/vXX.X/} (31.0 up to the simulator's newest) the resources list, limits, query, queryAll,
 * sobjects, composite and composite/sobjects, with 405 and the allowed methods when only the method is wrong.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_resources.htm">REST Resources</a>
 */
final class RestRouter {
  /** Oldest API version served ({@code v31.0}). */
  static final int OLDEST_VERSION = 31;
  private static final Pattern VERSIONED = Pattern.compile("/services/data/v(\\d{2}\\.\\d)(/.*)?");

  /** A routed request. */
  record Route(Endpoint endpoint, String version, List<String> segments, String allowed) {}

  private final String newestVersion;

  /** {@code newestVersion}: the newest API version served, e.g. {@code "62.0"}. */
  RestRouter(String newestVersion) {
    this.newestVersion = newestVersion;
  }

  /** The endpoint a method and path (without query) reach; UNKNOWN with the allowed methods when only the method is wrong. */
  Route route(String method, String path) {
    if (path.equals("/services/data") || path.equals("/services/data/")) {
      return method.equals("GET") || method.equals("HEAD") ? new Route(Endpoint.VERSIONS, null, List.of(), null)
          : new Route(Endpoint.UNKNOWN, null, List.of(), "GET,HEAD");
    }
    Matcher m = VERSIONED.matcher(path);
    if (!m.matches() || !supported(m.group(1))) {
      return new Route(Endpoint.UNKNOWN, null, List.of(), null);
    }
    String version = m.group(1);
    String rest = m.group(2) == null ? "" : m.group(2);
    List<String> seg = Arrays.stream(rest.split("/")).filter(x -> !x.isEmpty()).toList();
    boolean get = method.equals("GET") || method.equals("HEAD");
    Endpoint e = Endpoint.UNKNOWN;
    String allowed = null;
    if (seg.isEmpty()) {
      e = get ? Endpoint.RESOURCES : Endpoint.UNKNOWN;
      allowed = "GET,HEAD";
    } else if (seg.size() == 1 && seg.get(0).equals("limits")) {
      e = get ? Endpoint.LIMITS : Endpoint.UNKNOWN;
      allowed = "GET,HEAD";
    } else if (seg.get(0).equals("query") || seg.get(0).equals("queryAll")) {
      if (seg.size() <= 2) {
        e = !get ? Endpoint.UNKNOWN : seg.size() == 2 ? Endpoint.QUERY_MORE
            : seg.get(0).equals("query") ? Endpoint.QUERY : Endpoint.QUERY_ALL;
        allowed = "GET,HEAD";
      }
    } else if (seg.get(0).equals("sobjects")) {
      allowed = "GET,HEAD";
      if (seg.size() == 1) {
        e = get ? Endpoint.DESCRIBE_GLOBAL : Endpoint.UNKNOWN;
      } else if (seg.size() == 2) {
        // POST .../sobjects/{object}: create one record (for ContentVersion also multipart with the file)
        e = method.equals("POST") ? Endpoint.SOBJECT_CREATE : Endpoint.UNKNOWN;
        allowed = "POST";
      } else if (seg.size() == 3 && seg.get(2).equals("describe")) {
        e = get ? Endpoint.DESCRIBE : Endpoint.UNKNOWN;
      } else if (seg.size() == 3) {
        e = get ? Endpoint.RETRIEVE : method.equals("DELETE") ? Endpoint.SOBJECT_DELETE : Endpoint.UNKNOWN;
        allowed = "GET,HEAD,DELETE";
      } else {
        allowed = null;
      }
    } else if (seg.size() == 1 && seg.get(0).equals("composite")) {
      e = get || method.equals("POST") ? Endpoint.COMPOSITE : Endpoint.UNKNOWN;
      allowed = "GET,HEAD,POST";
    } else if (seg.get(0).equals("composite") && seg.size() >= 2 && seg.get(1).equals("sobjects")) {
      if (seg.size() == 2) {
        e = switch (method) {
          case "POST" -> Endpoint.COLLECTIONS_CREATE;
          case "DELETE" -> Endpoint.COLLECTIONS_DELETE;
          case "PATCH" -> Endpoint.COLLECTIONS_UPDATE;
          default -> Endpoint.UNKNOWN;
        };
        allowed = "POST,PATCH,DELETE";
      } else if (seg.size() == 4) {
        e = method.equals("PATCH") ? Endpoint.COLLECTIONS_UPSERT : Endpoint.UNKNOWN;
        allowed = "PATCH";
      }
    }
    return new Route(e, version, seg, e == Endpoint.UNKNOWN ? allowed : null);
  }

  private boolean supported(String version) {
    int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
    int newest = Integer.parseInt(newestVersion.substring(0, newestVersion.indexOf('.')));
    return version.endsWith(".0") && major >= OLDEST_VERSION && major <= newest;
  }
}

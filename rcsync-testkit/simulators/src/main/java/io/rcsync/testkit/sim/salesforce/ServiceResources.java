package io.rcsync.testkit.sim.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The discovery resources: the versions list, a version's resources, composite's resources and the org limits. */
final class ServiceResources {
  private final SalesforceSimulator sim;
  private final String newestVersion;

  ServiceResources(SalesforceSimulator sim) {
    this.sim = sim;
    this.newestVersion = sim.apiVersion();
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm */
  List<Map<String, Object>> versions() {
    int newest = Integer.parseInt(newestVersion.substring(0, 2));
    List<Map<String, Object>> out = new ArrayList<>();
    for (int v = RestRouter.OLDEST_VERSION; v <= newest; v++) {
      int offset = v - 62;
      String season = List.of("Winter", "Spring", "Summer").get(Math.floorMod(offset, 3));
      int year = 25 + Math.floorDiv(offset, 3);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("label", season + " '" + String.format(Locale.ROOT, "%02d", year));
      entry.put("url", "/services/data/v" + v + ".0");
      entry.put("version", v + ".0");
      out.add(entry);
    }
    return out;
  }

  Map<String, Object> resources(String v) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String r : List.of("limits", "query", "queryAll", "sobjects", "composite")) {
      out.put(r, "/services/data/v" + v + "/" + r);
    }
    return out;
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_get.htm */
  Map<String, Object> compositeResources(String v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sobjects", "/services/data/v" + v + "/composite/sobjects");
    out.put("composite", "/services/data/v" + v + "/composite");
    return out;
  }

  /** https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm */
  Map<String, Object> limits() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("DailyApiRequests", Map.of("Max", sim.dailyApiRequestLimit(), "Remaining",
        sim.dailyApiRequestsRemaining()));
    out.put("DataStorageMB", Map.of("Max", 1024, "Remaining", 1024));
    return out;
  }
}

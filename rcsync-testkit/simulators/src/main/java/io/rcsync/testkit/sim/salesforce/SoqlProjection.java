package io.rcsync.testkit.sim.salesforce;

import io.rcsync.testkit.sim.salesforce.SoqlBinder.Selected;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field projection: shapes a matching record as the query REST resource returns it, with {@code attributes}
 * (type and URL) and relationship paths as nested records ({@code "Owner": {"attributes": ..., "Name": ...}}),
 * null when the lookup is empty or its record deleted.
 */
final class SoqlProjection {
  private final OrgStore store;
  private final String apiVersion;

  SoqlProjection(OrgStore store, String apiVersion) {
    this.store = store;
    this.apiVersion = apiVersion;
  }

  /** The record as the REST API returns it: attributes, then each selected field, lookups as nested records. */
  Map<String, Object> project(StoredRecord r, List<Selected> select) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("attributes", attributes(r));
    for (Selected s : select) {
      Map<String, Object> target = out;
      StoredRecord current = r;
      boolean reachable = true;
      for (SObjectField hop : s.path().hops()) {
        String rel = hop.relationshipName();
        if (target.containsKey(rel)) {
          Object existing = target.get(rel);
          if (existing == null) {
            reachable = false;
            break;
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> child = (Map<String, Object>) existing;
          Object id = current.get(hop);
          current = store.byId(id.toString()).orElseThrow();
          target = child;
          continue;
        }
        Object id = current.get(hop);
        StoredRecord next = id == null ? null : store.byId(id.toString()).filter(t -> !t.deleted).orElse(null);
        if (next == null) {
          target.put(rel, null);
          reachable = false;
          break;
        }
        Map<String, Object> child = new LinkedHashMap<>();
        child.put("attributes", attributes(next));
        target.put(rel, child);
        target = child;
        current = next;
      }
      if (reachable) {
        target.put(s.path().leaf().name(), ValueCodec.toJson(current.get(s.path().leaf())));
      }
    }
    return out;
  }

  Map<String, Object> attributes(StoredRecord r) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("type", r.type.name());
    a.put("url", "/services/data/v" + apiVersion + "/sobjects/" + r.type.name() + "/" + r.id);
    return a;
  }
}

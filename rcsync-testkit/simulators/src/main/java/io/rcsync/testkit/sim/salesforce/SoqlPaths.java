package io.rcsync.testkit.sim.salesforce;

import io.rcsync.testkit.sim.salesforce.SoqlAst.FieldPath;
import io.rcsync.testkit.sim.salesforce.SoqlAst.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Field paths of a query: resolves {@code Name}, {@code Owner.Name} and {@code n.Name} (object alias) against the
 * schema, with Salesforce's INVALID_FIELD messages, and reads a path's value from a stored record through its lookups
 * (a null or deleted lookup reads as null).
 */
final class SoqlPaths {
  /** A field reached from the queried object, maybe through lookups ({@code Owner.Name}). */
  record BoundPath(List<SObjectField> hops, SObjectField leaf, String display) {
    String key() {
      return display.toLowerCase(Locale.ROOT);
    }
  }

  private final OrgStore store;

  SoqlPaths(OrgStore store) {
    this.store = store;
  }

  OrgSchema schema() {
    return store.schema;
  }

  /** Resolves {@code Name}, {@code Owner.Name}, {@code n.Name} (object alias) against the queried object. */
  BoundPath resolve(Query q, SObjectType root, FieldPath path) {
    List<String> segments = path.segments();
    if (segments.size() > 1 && (segments.get(0).equalsIgnoreCase(root.name())
        || (q.objectAlias() != null && segments.get(0).equalsIgnoreCase(q.objectAlias())))
        && root.relationship(segments.get(0)).isEmpty()) {
      segments = segments.subList(1, segments.size());
    }
    SObjectType current = root;
    List<SObjectField> hops = new ArrayList<>();
    List<String> display = new ArrayList<>();
    for (int i = 0; i < segments.size() - 1; i++) {
      String name = segments.get(i);
      SObjectField hop = current.relationship(name).orElseThrow(() -> SoqlException.at("INVALID_FIELD", q.soql(),
          path.pos(), "Didn't understand relationship '" + name + "' in field path. If you are attempting to use a "
              + "custom relationship, be sure to append the '__r' after the custom relationship name. Please "
              + "reference your WSDL or the describe call for the appropriate names."));
      hops.add(hop);
      display.add(hop.relationshipName());
      current = store.schema.requireObject(hop.referenceTo().get(0));
    }
    String leafName = segments.get(segments.size() - 1);
    SObjectType owner = current;
    SObjectField leaf = current.field(leafName).orElseThrow(() -> SoqlException.at("INVALID_FIELD", q.soql(),
        path.pos(), "No such column '" + leafName + "' on entity '" + owner.name() + "'. If you are attempting to "
            + "use a custom field, be sure to append the '__c' after the custom field name. Please reference your "
            + "WSDL or the describe call for the appropriate names."));
    display.add(leaf.name());
    return new BoundPath(List.copyOf(hops), leaf, String.join(".", display));
  }

  /** The path's value on {@code r}; null when a lookup on the way is empty or names a missing or deleted record. */
  Object read(StoredRecord r, BoundPath p) {
    StoredRecord current = r;
    for (SObjectField hop : p.hops()) {
      Object id = current.get(hop);
      if (id == null) {
        return null;
      }
      current = store.byId(id.toString()).filter(t -> !t.deleted).orElse(null);
      if (current == null) {
        return null;
      }
    }
    return current.get(p.leaf());
  }
}

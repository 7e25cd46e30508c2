package io.rcsync.salesforce;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builders for Note drafts and Salesforce ids in tests. */
final class Drafts {
  static final SalesforceId OWNER = SalesforceId.of("005UV0000012345AAA");
  static final SalesforceId MATTER = SalesforceId.of("a0LUV00000G5NHJ2A3");
  static final SalesforceId INTAKE = SalesforceId.of("a0CUV00006LMO7s2AH");

  private Drafts() {}

  static NoteDraft draft(int n) {
    CaseKind kind = n % 2 == 0 ? CaseKind.MATTER : CaseKind.INTAKE;
    return new NoteDraft(MessageId.of(String.valueOf(1000 + n)), ExtensionId.of("376557052"), OWNER,
        "Text message received", "hello " + n, kind, kind == CaseKind.MATTER ? MATTER : INTAKE,
        Instant.parse("2026-04-01T10:00:00Z").plusSeconds(n), Direction.INBOUND, PhoneNumber.of("5028138900"));
  }

  static List<NoteDraft> drafts(int count) {
    List<NoteDraft> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(draft(i));
    }
    return out;
  }

  /** A valid 18-character id with the given 3-character prefix and a running number. */
  static String id(String prefix, int n) {
    return prefix + String.format("%012d", n) + "AAA";
  }

  /** An upsert result as documented: {"id","success","created","errors"}. */
  static String ok(String id, boolean created) {
    return "{\"id\":\"" + id + "\",\"success\":true,\"errors\":[],\"created\":" + created + "}";
  }

  static String failed(String code, String message, String... fields) {
    StringBuilder f = new StringBuilder();
    for (String s : fields) {
      f.append(f.length() == 0 ? "" : ",").append('"').append(s).append('"');
    }
    return "{\"success\":false,\"errors\":[{\"statusCode\":\"" + code + "\",\"message\":\"" + message
        + "\",\"fields\":[" + f + "]}]}";
  }
}

package io.rcsync.core.domain;

/** Priority of a candidate record, best first (design.md §3). */
public enum MatchTier {
  OPEN_MATTER,
  UNCONVERTED_INTAKE,
  CLOSED_MATTER,
  CONVERTED_INTAKE;

  public static MatchTier of(CaseRecord record, LitifySchema schema) {
    boolean active = schema.isActive(record);
    return switch (record.kind()) {
      case MATTER -> active ? OPEN_MATTER : CLOSED_MATTER;
      case INTAKE -> active ? UNCONVERTED_INTAKE : CONVERTED_INTAKE;
    };
  }
}

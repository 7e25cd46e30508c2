package io.rcsync.core.domain;

/** The two Litify record types a text can belong to. */
public enum CaseKind {
  MATTER,
  INTAKE
}

package io.rcsync.core.domain;

/** Why a raw phone value could not be normalised to a 10-digit US number. */
public enum PhoneRejection {
  EMPTY("no phone number"),
  SHORT_CODE("short code (5-6 digits), not a person"),
  INTERNATIONAL("international number, not US"),
  MALFORMED("malformed phone number");

  private final String description;

  PhoneRejection(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}

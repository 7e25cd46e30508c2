package io.rcsync.core.domain;

import java.util.Optional;

/**
 * Where a mirrored text came from, and so the prefix of its Note's external id ({@code External_Id__c}): the one place
 * the Note key prefixes live (issue 15). The delete guard (rollback, restore, the stores' second check) asks this type
 * whether an external id is one rcsync wrote.
 *
 * <ul>
 *   <li>{@link #RINGCENTRAL}: a RingCentral message store text, {@code rc_msg_{messageId}} (a group text's further
 *       Notes {@code rc_msg_{messageId}_{caseId}}; see {@link MessageId}).
 *   <li>{@link #SMS_MAGIC}: a record of the retired SMS-Magic package (SMS History or Incoming SMS),
 *       {@code smsmagic_{record Id}} (issue 15: written by {@code import-smsmagic}; read and deleted only when a
 *       use case asks for this source, e.g. {@code rollback --source smsmagic}).
 * </ul>
 *
 * <p>Prefixes compare case-sensitively: SOQL's {@code LIKE} folds case, so {@code RC_MSG_1} is found by the stores'
 * filter but is not rcsync's, and the stores re-check every record with {@link #owns}.
 */
public enum TextSource {
  RINGCENTRAL("rc_msg_", "rc"),
  SMS_MAGIC("smsmagic_", "smsmagic");

  private final String prefix;
  private final String cliName;

  TextSource(String prefix, String cliName) {
    this.prefix = prefix;
    this.cliName = cliName;
  }

  /** The external id prefix of this source's Notes, e.g. {@code rc_msg_}. */
  public String prefix() {
    return prefix;
  }

  /** The name the CLI uses for this source ({@code --source rc|smsmagic}). */
  public String cliName() {
    return cliName;
  }

  /**
   * True when {@code externalId} starts with this source's prefix (case-sensitive) and has something after it: a Note
   * key of this source. False for null, for the bare prefix and for a prefix not at the start ({@code xrc_msg_1}).
   */
  public boolean owns(String externalId) {
    return externalId != null && externalId.startsWith(prefix) && externalId.length() > prefix.length();
  }

  /** The source whose Note key {@code externalId} is; empty when it is no source's (not written by rcsync). */
  public static Optional<TextSource> ofExternalId(String externalId) {
    for (TextSource s : values()) {
      if (s.owns(externalId)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The prefixes of every source, for messages that say which keys rcsync accepts: {@code "rc_msg_ or smsmagic_"}.
   */
  public static String allPrefixes() {
    StringBuilder sb = new StringBuilder();
    TextSource[] all = values();
    for (int i = 0; i < all.length; i++) {
      sb.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].prefix);
    }
    return sb.toString();
  }

  /**
   * The source named {@code name} on the command line ({@code rc} or {@code smsmagic}, case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values when {@code name} is neither
   */
  public static TextSource ofCliName(String name) {
    for (TextSource s : values()) {
      if (s.cliName.equalsIgnoreCase(name == null ? "" : name.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown text source '" + name + "': use rc or smsmagic");
  }
}

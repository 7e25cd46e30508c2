package io.rcsync.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TopicMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders a new {@code sync-config.json} (design.md §1) that {@link ConfigLoader} reads back unchanged: one wave, made
 * the {@code activeWave}, and the standard Litify defaults written out in full (Note, Matter and Intake objects and
 * fields, phone fields, Intaker filter, topics, hot poll window), so an operator sees every name they may need to
 * change. It holds no secret: the RingCentral section names the credentials file, the Salesforce section the
 * {@code sf} CLI org alias (when one is given). It sets neither {@code salesforce.note.messageTimeField} nor
 * {@code salesforce.note.counterpartyField}: a standard Litify org has no such Note fields, and naming a missing field
 * would fail every write ({@code rcsync init} prints them as optional next steps instead).
 */
public final class ConfigWriter {
  /** The Intaker filter of a standard install: its lead notifications are not conversations. */
  public static final String DEFAULT_INTAKER_REGEX = "^(Intaker|New lead from Intaker)";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ConfigWriter() {}

  /**
   * The config text, two-space indented JSON ending in a newline.
   *
   * @param wave the wave's name, e.g. {@code wave1}
   * @param members the wave's rows: name, extensionId, extensionNumber and sfUserId ({@code null} when not known)
   * @param targetOrg the {@code sf} CLI org alias for {@code salesforce.targetOrg}, if any
   * @param credentialsFile where the RingCentral credentials are read from ({@code ringcentral.credentialsFile})
   * @throws IllegalArgumentException when {@code wave} is blank
   */
  public static String initialConfig(String wave, List<StaffMember> members, Optional<String> targetOrg,
      String credentialsFile) {
    return initialConfig(wave, members, targetOrg, credentialsFile, Optional.empty(), Optional.empty());
  }

  /**
   * As {@link #initialConfig(String, List, Optional, String)}, with the firm's {@code timeZone} and the Note's
   * {@code salesforce.note.messageTimeField} when known (each left out when empty).
   *
   * @param messageTimeField the Note's custom Date/Time field for the message time, e.g. {@code Message_Time__c}
   * @param timeZone the firm's zone, written as its IANA id
   * @throws IllegalArgumentException when {@code wave} is blank
   */
  public static String initialConfig(String wave, List<StaffMember> members, Optional<String> targetOrg,
      String credentialsFile, Optional<String> messageTimeField, Optional<ZoneId> timeZone) {
    if (wave == null || wave.isBlank()) {
      throw new IllegalArgumentException("the wave needs a name");
    }
    Objects.requireNonNull(members, "members");
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("activeWave", wave);
    timeZone.ifPresent(z -> root.put("timeZone", z.getId()));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StaffMember m : members) {
      rows.add(row(m));
    }
    root.put("waves", Map.of(wave, rows));
    LitifySchema d = LitifySchema.defaults();
    root.put("phoneFields", d.phoneFields());
    root.put("intakerFilter", Map.of("bodyPrefixRegex", DEFAULT_INTAKER_REGEX));
    TopicMap t = TopicMap.defaults();
    Map<String, Object> topics = new LinkedHashMap<>();
    topics.put("Outbound", t.outbound());
    topics.put("Inbound", t.inbound());
    topics.put("Failed", t.failed());
    root.put("topicMap", topics);
    Map<String, Object> hot = new LinkedHashMap<>();
    hot.put("intervalMinutes", 5);
    hot.put("lookbackMinutes", 30);
    root.put("pollWindows", Map.of("hot", hot));
    Map<String, Object> sf = new LinkedHashMap<>();
    targetOrg.filter(s -> !s.isBlank()).ifPresent(a -> sf.put("targetOrg", a));
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("object", d.noteObject());
    note.put("bodyField", d.noteBodyField());
    note.put("topicField", d.noteTopicField());
    note.put("matterField", d.noteMatterField());
    note.put("intakeField", d.noteIntakeField());
    note.put("externalIdField", d.noteExternalIdField());
    messageTimeField.filter(f -> !f.isBlank()).ifPresent(f -> note.put("messageTimeField", f));
    sf.put("note", note);
    Map<String, Object> matter = new LinkedHashMap<>();
    matter.put("object", d.matterObject());
    matter.put("statusField", d.matterStatusField());
    matter.put("closedValues", d.matterClosedValues().stream().sorted().toList());
    sf.put("matter", matter);
    Map<String, Object> intake = new LinkedHashMap<>();
    intake.put("object", d.intakeObject());
    intake.put("statusField", d.intakeStatusField());
    intake.put("convertedValues", d.intakeConvertedValues().stream().sorted().toList());
    sf.put("intake", intake);
    root.put("salesforce", sf);
    root.put("ringcentral", Map.of("credentialsFile", credentialsFile));
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the config", e);
    }
  }
  private static Map<String, Object> row(StaffMember m) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", m.name());
    row.put("extensionId", m.extensionId().map(ExtensionId::value).orElse(null));
    m.extensionNumber().ifPresent(n -> row.put("extensionNumber", n));
    row.put("sfUserId", m.sfUserId().map(SalesforceId::value).orElse(null));
    return row;
  }

  /**
   * What {@link #replaceWave} wrote and what it changed, for {@code init --force} to print.
   *
   * @param json the new config text
   * @param added staff new to the wave (names)
   * @param removed staff dropped from the wave: their extension is gone or no longer an enabled user extension
   * @param kept staff that stay in the wave (names)
   * @param keptByHand rows init would not have written (an extension that is not enabled) that the operator added
   * @param sfUserIdsKept one line per staff member whose hand-set {@code sfUserId} was kept where init found none or
   *     another
   * @param keysAdded the settings init added because the file lacked them ({@code timeZone}, ...)
   */
  public record Merged(String json, List<String> added, List<String> removed, List<String> kept,
      List<String> keptByHand, List<String> sfUserIdsKept, List<String> keysAdded) {}

  /**
   * {@code init --force} on an existing config: rebuilds only the roster of {@code wave} and keeps everything else
   * of {@code existingJson} (every other key and every other wave; a hand-set {@code timeZone},
   * {@code messageTimeField} or {@code activeWave} wins over what init found).
   *
   * <p>Rows are matched by {@code extensionId} (else {@code extensionNumber}). A kept row keeps every key the operator
   * gave it; its name and number are RingCentral's; its {@code sfUserId} is the file's when the file has one (an
   * operator's fix wins over init's match, and a difference is listed), else init's. A row for an extension in
   * {@code handAddable} (listed but not an enabled user extension: init says to add those by hand) stays. Other rows
   * whose extension init did not find are removed. {@code activeWave}, {@code timeZone},
   * {@code salesforce.note.messageTimeField} and {@code salesforce.targetOrg} are added only when missing.
   *
   * @param existingJson the current file's text
   * @param fresh the wave's rows as init matched them
   * @param handAddable extension ids of the account's not-enabled user extensions
   * @throws IllegalArgumentException when {@code existingJson} is not a JSON object (or its {@code waves} is not one)
   */
  public static Merged replaceWave(String existingJson, String wave, List<StaffMember> fresh,
      Collection<ExtensionId> handAddable, Optional<String> targetOrg, Optional<String> messageTimeField,
      Optional<ZoneId> timeZone) {
    JsonNode parsed;
    try {
      parsed = JSON.readTree(existingJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("it is not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (!(parsed instanceof ObjectNode root)) {
      throw new IllegalArgumentException("it is not a JSON object");
    }
    JsonNode wavesNode = root.path("waves");
    if (!wavesNode.isMissingNode() && !wavesNode.isObject()) {
      throw new IllegalArgumentException("its 'waves' is not an object");
    }
    ObjectNode waves = wavesNode.isObject() ? (ObjectNode) wavesNode : root.putObject("waves");
    List<ObjectNode> old = new ArrayList<>();
    waves.path(wave).forEach(n -> {
      if (n instanceof ObjectNode o) {
        old.add(o);
      }
    });
    Set<String> keepIds = new HashSet<>();
    handAddable.forEach(id -> keepIds.add(id.value()));
    List<String> added = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    List<String> keptByHand = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> idsKept = new ArrayList<>();
    Set<ObjectNode> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    ArrayNode rows = JSON.createArrayNode();
    for (StaffMember m : fresh) {
      ObjectNode match = old.stream().filter(o -> !used.contains(o) && sameExtension(o, m)).findFirst().orElse(null);
      ObjectNode row = JSON.valueToTree(row(m));
      if (match == null) {
        added.add(m.name());
      } else {
        used.add(match);
        ObjectNode merged = match.deepCopy();
        merged.set("name", row.get("name"));
        merged.set("extensionId", row.get("extensionId"));
        if (row.has("extensionNumber")) {
          merged.set("extensionNumber", row.get("extensionNumber"));
        }
        String hand = text(match, "sfUserId");
        String found = m.sfUserId().map(SalesforceId::value).orElse(null);
        if (hand == null) {
          merged.set("sfUserId", row.get("sfUserId"));
        } else if (!hand.equals(found)) {
          idsKept.add(m.name() + ": kept sfUserId " + hand + (found == null ? " (init found no match)"
              : " (init matched " + found + "; check which is right)"));
        }
        row = merged;
        kept.add(m.name());
      }
      rows.add(row);
    }
    for (ObjectNode o : old) {
      if (used.contains(o)) {
        continue;
      }
      String name = Optional.ofNullable(text(o, "name")).orElse("ext " + text(o, "extensionNumber"));
      if (text(o, "extensionId") != null && keepIds.contains(text(o, "extensionId"))) {
        rows.add(o);
        keptByHand.add(name);
      } else {
        removed.add(name);
      }
    }
    waves.set(wave, rows);
    List<String> keysAdded = new ArrayList<>();
    if (text(root, "activeWave") == null) {
      root.put("activeWave", wave);
      keysAdded.add("activeWave " + wave);
    }
    if (timeZone.isPresent() && !root.has("timeZone")) {
      root.put("timeZone", timeZone.get().getId());
      keysAdded.add("timeZone " + timeZone.get().getId());
    }
    ObjectNode sf = object(root, "salesforce");
    if (targetOrg.filter(a -> !a.isBlank()).isPresent() && text(sf, "targetOrg") == null) {
      sf.put("targetOrg", targetOrg.get());
      keysAdded.add("salesforce.targetOrg " + targetOrg.get());
    }
    if (messageTimeField.filter(f -> !f.isBlank()).isPresent()) {
      ObjectNode note = object(sf, "note");
      if (text(note, "messageTimeField") == null) {
        note.put("messageTimeField", messageTimeField.get());
        keysAdded.add("salesforce.note.messageTimeField " + messageTimeField.get());
      }
    }
    if (sf.isEmpty()) {
      root.remove("salesforce");
    }
    try {
      return new Merged(JSON.writeValueAsString(root) + "\n", List.copyOf(added), List.copyOf(removed),
          List.copyOf(kept), List.copyOf(keptByHand), List.copyOf(idsKept), List.copyOf(keysAdded));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the config", e);
    }
  }

  private static boolean sameExtension(ObjectNode row, StaffMember m) {
    String id = text(row, "extensionId");
    if (id != null) {
      return m.extensionId().map(ExtensionId::value).filter(id::equals).isPresent();
    }
    String number = text(row, "extensionNumber");
    return number != null && m.extensionNumber().filter(number::equals).isPresent();
  }

  private static ObjectNode object(ObjectNode parent, String key) {
    JsonNode n = parent.get(key);
    if (n instanceof ObjectNode o) {
      return o;
    }
    if (n != null && !n.isNull()) {
      throw new IllegalArgumentException("its '" + key + "' is not an object");
    }
    return parent.putObject(key);
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull() || !v.isValueNode()) {
      return null;
    }
    String t = v.asText().strip();
    return t.isEmpty() ? null : t;
  }
}

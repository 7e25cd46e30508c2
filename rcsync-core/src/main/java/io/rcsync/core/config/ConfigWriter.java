package io.rcsync.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TopicMap;
import java.util.ArrayList;
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
    if (wave == null || wave.isBlank()) {
      throw new IllegalArgumentException("the wave needs a name");
    }
    Objects.requireNonNull(members, "members");
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("activeWave", wave);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StaffMember m : members) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", m.name());
      row.put("extensionId", m.extensionId().map(ExtensionId::value).orElse(null));
      m.extensionNumber().ifPresent(n -> row.put("extensionNumber", n));
      row.put("sfUserId", m.sfUserId().map(SalesforceId::value).orElse(null));
      rows.add(row);
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
}

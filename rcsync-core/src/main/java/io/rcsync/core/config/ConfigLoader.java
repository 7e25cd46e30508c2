package io.rcsync.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.core.domain.AttachmentPolicy;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicSettings;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.Wave;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates the seed-compatible config file. Strict: an unknown key (a typo) or a missing required
 * key is an error naming the file and the key, never silently ignored; every value is checked.
 */
public final class ConfigLoader {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");
  /** A media range of RFC 9110 §12.5.1 without parameters: {@code type/subtype}, {@code type/*} or {@code *}{@code /*}. */
  private static final Pattern MEDIA_RANGE = Pattern.compile(
      "\\*/\\*|[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/(\\*|[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*)");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String file;
  private final List<String> warnings = new ArrayList<>();

  private ConfigLoader(String file) {
    this.file = file;
  }

  /** Core's settings from the file at {@code path} (for embedders: {@link io.rcsync.core.RcSync}'s config). */
  public static SyncConfig load(Path path) {
    return read(path, path.toString()).sync();
  }

  /** Core's settings from config text; {@code source} names it in messages. */
  public static SyncConfig parse(String source, String json) {
    return parseFile(source, json).sync();
  }

  /**
   * The whole file at {@code path}: core's settings and the adapters' connection sections.
   *
   * @param shownAs how messages name the file, e.g. as the operator typed it
   * @throws ConfigException when the file is missing or unreadable, or any value is wrong
   */
  public static ConfigFile read(Path path, String shownAs) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException(shownAs, "", "file not found; run `rcsync init --target-org ALIAS` to create it, or pass --config PATH");
    } catch (IOException e) {
      throw new ConfigException(shownAs, "", "cannot read: " + e.getMessage());
    }
    return parseFile(shownAs, text);
  }

  /** The whole file from its text; {@code source} names it in messages. */
  public static ConfigFile parseFile(String source, String json) {
    return new ConfigLoader(source).read(json);
  }

  private ConfigFile read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw ConfigException.invalidJson(file, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
          JsonSyntax.plainReason(e));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file, "", "must be a JSON object");
    }
    allowOnly(root, "", "activeWave", "waves", "phoneFields", "exactPhoneFields", "intakerFilter", "topicMap", "pollWindows",
        "testRecordIds", "salesforce", "ringcentral", "rollback", "unmatchedRetryDays",
        "attachments", "timeZone", "sync", "smsmagic");
    Roster roster = roster(required(root, "waves", ""));
    String activeWave = text(required(root, "activeWave", ""), "activeWave");
    if (!roster.waves().containsKey(activeWave)) {
      throw new ConfigException(file, "activeWave", "unknown wave '" + activeWave + "'; waves in this file: "
          + String.join(", ", roster.waveNames()));
    }
    List<String> phoneFields = LitifySchema.DEFAULT_PHONE_FIELDS;
    if (root.has("phoneFields")) {
      phoneFields = identifiers(root.get("phoneFields"), "phoneFields");
      if (phoneFields.isEmpty()) {
        throw new ConfigException(file, "phoneFields", "must list at least one field API name");
      }
    }
    Set<String> exactPhoneFields = exactPhoneFields(root, phoneFields);
    IntakerFilter intaker = IntakerFilter.of("^(Intaker|New lead from Intaker)");
    if (root.has("intakerFilter")) {
      JsonNode f = object(root.get("intakerFilter"), "intakerFilter");
      allowOnly(f, "intakerFilter", "bodyPrefixRegex");
      String regex = text(required(f, "bodyPrefixRegex", "intakerFilter"), "intakerFilter.bodyPrefixRegex");
      try {
        intaker = new IntakerFilter(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(file, "intakerFilter.bodyPrefixRegex",
            "invalid regular expression '" + regex + "': " + e.getDescription() + " near index " + e.getIndex());
      }
    }
    TopicMap topics = TopicMap.defaults();
    if (root.has("topicMap")) {
      JsonNode t = object(root.get("topicMap"), "topicMap");
      allowOnly(t, "topicMap", "Outbound", "Inbound", "Failed");
      // each key optional (design.md §1 defaults): setting only Failed must not demand the other two
      TopicMap d = TopicMap.defaults();
      topics = new TopicMap(t.has("Outbound") ? text(t.get("Outbound"), "topicMap.Outbound") : d.outbound(),
          t.has("Inbound") ? text(t.get("Inbound"), "topicMap.Inbound") : d.inbound(),
          t.has("Failed") ? text(t.get("Failed"), "topicMap.Failed") : TopicMap.DEFAULT_FAILED);
    }
    Map<String, PollWindow> poll = new LinkedHashMap<>();
    if (root.has("pollWindows")) {
      JsonNode p = object(root.get("pollWindows"), "pollWindows");
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        var e = it.next();
        String k = "pollWindows." + e.getKey();
        JsonNode w = object(e.getValue(), k);
        allowOnly(w, k, "intervalMinutes", "lookbackMinutes");
        int interval = positiveInt(required(w, "intervalMinutes", k), k + ".intervalMinutes");
        int lookback = positiveInt(required(w, "lookbackMinutes", k), k + ".lookbackMinutes");
        poll.put(e.getKey(), new PollWindow(Duration.ofMinutes(interval), Duration.ofMinutes(lookback)));
      }
    }
    if (!poll.containsKey("hot")) {
      poll.put("hot", new PollWindow(Duration.ofMinutes(5), Duration.ofMinutes(30)));
    }
    if (poll.get("hot").lookback().compareTo(poll.get("hot").interval()) < 0) {
      warnings.add("pollWindows.hot.lookbackMinutes is shorter than intervalMinutes: a late run can miss texts");
    }
    Map<String, String> testIds = new LinkedHashMap<>();
    if (root.has("testRecordIds")) {
      JsonNode t = object(root.get("testRecordIds"), "testRecordIds");
      for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
        var e = it.next();
        testIds.put(e.getKey(), sfId(e.getValue(), "testRecordIds." + e.getKey()).value());
      }
    }
    LitifySchema schema = LitifySchema.defaults().withPhoneFields(phoneFields).withExactPhoneFields(exactPhoneFields);
    Optional<String> targetOrg = Optional.empty();
    String apiVersion = ConfigFile.SalesforceSection.DEFAULT_API_VERSION;
    boolean compositeBatching = true;
    int apiReservePercent = ConfigFile.SalesforceSection.DEFAULT_API_RESERVE_PERCENT;
    if (root.has("salesforce")) {
      JsonNode s = object(root.get("salesforce"), "salesforce");
      allowOnly(s, "salesforce", "targetOrg", "apiVersion", "compositeBatching", "apiReservePercent", "note", "matter",
          "intake");
      if (s.has("apiReservePercent")) {
        JsonNode p = s.get("apiReservePercent");
        if (!p.isIntegralNumber() || p.asLong() < 0 || p.asLong() > 90) {
          throw new ConfigException(file, "salesforce.apiReservePercent", "must be a whole number from 0 to 90, got "
              + p + " (the percent of the org's daily API allowance a run leaves unspent; default "
              + ConfigFile.SalesforceSection.DEFAULT_API_RESERVE_PERCENT + ")");
        }
        apiReservePercent = p.asInt();
      }
      if (s.has("compositeBatching")) {
        if (!s.get("compositeBatching").isBoolean()) {
          throw new ConfigException(file, "salesforce.compositeBatching", "must be true or false, got "
              + s.get("compositeBatching") + " (false writes one collection of 200 Notes per Salesforce call)");
        }
        compositeBatching = s.get("compositeBatching").asBoolean();
      }
      if (s.hasNonNull("targetOrg")) {
        targetOrg = Optional.of(text(s.get("targetOrg"), "salesforce.targetOrg"));
      }
      if (s.has("apiVersion")) {
        apiVersion = text(s.get("apiVersion"), "salesforce.apiVersion");
        if (!apiVersion.matches("v?\\d{2,3}\\.0")) {
          throw new ConfigException(file, "salesforce.apiVersion", "'" + apiVersion + "' is not an API version like v62.0");
        }
        if (!apiVersion.startsWith("v")) {
          apiVersion = "v" + apiVersion;
        }
      }
      schema = schema(s, schema);
    }
    String credentials = ConfigFile.RingCentralSection.DEFAULT_CREDENTIALS_FILE;
    Optional<String> server = Optional.empty();
    if (root.has("ringcentral")) {
      JsonNode r = object(root.get("ringcentral"), "ringcentral");
      allowOnly(r, "ringcentral", "credentialsFile", "server");
      if (r.has("credentialsFile")) {
        credentials = text(r.get("credentialsFile"), "ringcentral.credentialsFile");
      }
      if (r.hasNonNull("server")) {
        String url = text(r.get("server"), "ringcentral.server");
        if (!url.matches("https?://[^\\s]+")) {
          throw new ConfigException(file, "ringcentral.server", "'" + url + "' is not an http(s) URL");
        }
        server = Optional.of(url);
      }
    }
    int maxDelete = io.rcsync.core.port.in.RollbackCommand.DEFAULT_MAX_DELETE;
    if (root.has("rollback")) {
      JsonNode r = object(root.get("rollback"), "rollback");
      allowOnly(r, "rollback", "maxDelete");
      if (r.has("maxDelete")) {
        maxDelete = positiveInt(r.get("maxDelete"), "rollback.maxDelete");
      }
    }
    int unmatchedRetryDays = io.rcsync.core.service.SyncSettings.DEFAULT_UNMATCHED_RETRY_DAYS;
    if (root.has("unmatchedRetryDays")) {
      unmatchedRetryDays = nonNegativeInt(root.get("unmatchedRetryDays"), "unmatchedRetryDays");
    }
    AttachmentPolicy attachments = root.has("attachments") ? attachments(root.get("attachments"))
        : AttachmentPolicy.defaults();
    java.util.Optional<java.time.ZoneId> timeZone = root.has("timeZone") ? java.util.Optional.of(zone(root.get("timeZone")))
        : java.util.Optional.empty();
    boolean overlap = true;
    int writeLanes = io.rcsync.core.service.SyncSettings.DEFAULT_WRITE_LANES;
    if (root.has("sync")) {
      JsonNode y = object(root.get("sync"), "sync");
      allowOnly(y, "sync", "overlap", "writeLanes");
      if (y.has("overlap")) {
        if (!y.get("overlap").isBoolean()) {
          throw new ConfigException(file, "sync.overlap", "must be true or false, got " + y.get("overlap")
              + " (false runs a sync's Salesforce work after each page instead of while the next is read)");
        }
        overlap = y.get("overlap").asBoolean();
      }
      if (y.has("writeLanes")) {
        JsonNode v = y.get("writeLanes");
        int max = io.rcsync.core.service.sync.NoteWriter.MAX_LANES;
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > max) {
          throw new ConfigException(file, "sync.writeLanes", "must be a whole number from 1 to " + max + ", got " + v
              + " (how many Note write calls may be in flight at once; 1 sends them one after the other)");
        }
        writeLanes = v.asInt();
      }
    }
    SmsMagicSettings smsmagic = root.has("smsmagic") ? smsMagic(root.get("smsmagic")) : SmsMagicSettings.defaults();
    SyncConfig sync = new SyncConfig(file, activeWave, roster, intaker, topics, schema, poll, testIds, maxDelete,
        warnings, unmatchedRetryDays, attachments, timeZone, overlap, writeLanes, smsmagic);
    return new ConfigFile(sync, new ConfigFile.SalesforceSection(targetOrg, apiVersion, compositeBatching,
        root.has("attachments") ? fileVisibility(root.get("attachments")) : ConfigFile.SalesforceSection.VISIBILITY_INTERNAL,
        apiReservePercent),
        new ConfigFile.RingCentralSection(credentials, server));
  }

  /**
   * {@code attachments.visibility}: who sees an MMS file through its Matter/Intake, {@code InternalUsers} (default)
   * or {@code AllUsers} (Experience Cloud / client portal users with access to the record too).
   */
  private String fileVisibility(JsonNode a) {
    JsonNode v = a.get("visibility");
    if (v == null) {
      return ConfigFile.SalesforceSection.VISIBILITY_INTERNAL;
    }
    if (v.isTextual() && (v.asText().equals(ConfigFile.SalesforceSection.VISIBILITY_INTERNAL)
        || v.asText().equals(ConfigFile.SalesforceSection.VISIBILITY_ALL))) {
      return v.asText();
    }
    throw new ConfigException(file, "attachments.visibility", "must be \"InternalUsers\" (only the firm's own users "
        + "see the files; the default) or \"AllUsers\" (client portal users who can see the Matter see them too), got "
        + v);
  }

  /**
   * {@code timeZone} (issue 14): an IANA time-zone id ({@code America/New_York}), the firm's zone for transcripts. An
   * abbreviation such as {@code EST} or a bare offset is refused: abbreviations are ambiguous and offsets ignore
   * daylight saving time.
   */
  private java.time.ZoneId zone(JsonNode v) {
    return zone(v, "timeZone");
  }

  private java.time.ZoneId zone(JsonNode v, String key) {
    String hint = "use an IANA time-zone id such as \"America/New_York\", \"America/Chicago\" or \"Europe/London\"";
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new ConfigException(file, key, "must be a time-zone name; " + hint + ", got " + v);
    }
    String id = v.asText().strip();
    if (!java.time.ZoneId.getAvailableZoneIds().contains(id)) {
      throw new ConfigException(file, key, "'" + id + "' is not a known time zone; " + hint);
    }
    return java.time.ZoneId.of(id);
  }

  /**
   * {@code smsmagic} (issue 15): how {@code rcsync import-smsmagic} reads SMS-Magic's history; each key optional,
   * defaults from {@link SmsMagicSettings#defaults()}. {@code objects.outgoing} / {@code objects.incoming} override
   * the names of {@link SmsMagicFieldMap#smsHistory()} / {@link SmsMagicFieldMap#incomingSms()} key by key.
   */
  private SmsMagicSettings smsMagic(JsonNode node) {
    JsonNode m = object(node, "smsmagic");
    allowOnly(m, "smsmagic", "defaultOwner", "dedupWindowMinutes", "failedStatuses", "objects", "queryBatchSize",
        "csvZone");
    SmsMagicSettings d = SmsMagicSettings.defaults();
    Optional<SalesforceId> owner = Optional.empty();
    if (m.hasNonNull("defaultOwner")) {
      SalesforceId id = sfId(m.get("defaultOwner"), "smsmagic.defaultOwner");
      if (!id.value().startsWith("005")) {
        throw new ConfigException(file, "smsmagic.defaultOwner", "'" + id + "' is not a User id (User ids start with"
            + " 005): name the Salesforce user who owns imported Notes whose sender is unknown or inactive");
      }
      owner = Optional.of(id);
    }
    java.time.Duration window = d.dedupWindow();
    if (m.has("dedupWindowMinutes")) {
      JsonNode w = m.get("dedupWindowMinutes");
      if (!w.isIntegralNumber() || w.asLong() < 0 || w.asLong() > SmsMagicSettings.MAX_DEDUP_WINDOW_MINUTES) {
        throw new ConfigException(file, "smsmagic.dedupWindowMinutes", "must be a whole number of minutes from 0 to "
            + SmsMagicSettings.MAX_DEDUP_WINDOW_MINUTES + ", got " + w + " (how far apart an SMS-Magic record and an"
            + " rc_msg_ Note of the same text may be; default " + SmsMagicSettings.DEFAULT_DEDUP_WINDOW_MINUTES + ")");
      }
      window = java.time.Duration.ofMinutes(w.asLong());
    }
    Set<String> failed = d.failedStatuses();
    if (m.has("failedStatuses")) {
      failed = new LinkedHashSet<>(strings(m.get("failedStatuses"), "smsmagic.failedStatuses"));
    }
    int batch = d.queryBatchSize();
    if (m.has("queryBatchSize")) {
      JsonNode b = m.get("queryBatchSize");
      if (!b.isIntegralNumber() || b.asLong() < SmsMagicSettings.MIN_QUERY_BATCH_SIZE
          || b.asLong() > SmsMagicSettings.DEFAULT_QUERY_BATCH_SIZE) {
        throw new ConfigException(file, "smsmagic.queryBatchSize", "must be a whole number from "
            + SmsMagicSettings.MIN_QUERY_BATCH_SIZE + " to " + SmsMagicSettings.DEFAULT_QUERY_BATCH_SIZE + ", got " + b
            + " (records per SOQL batch, Salesforce's own range; default " + SmsMagicSettings.DEFAULT_QUERY_BATCH_SIZE
            + ")");
      }
      batch = b.asInt();
    }
    Optional<java.time.ZoneId> csvZone = m.has("csvZone") ? Optional.of(zone(m.get("csvZone"), "smsmagic.csvZone"))
        : d.configuredCsvZone();
    SmsMagicFieldMap fields = d.fields();
    if (m.has("objects")) {
      JsonNode o = object(m.get("objects"), "smsmagic.objects");
      allowOnly(o, "smsmagic.objects", "outgoing", "incoming");
      List<SmsMagicFieldMap.MessageObject> objects = new ArrayList<>();
      objects.add(o.has("outgoing") ? messageObject(o.get("outgoing"), "smsmagic.objects.outgoing",
          SmsMagicFieldMap.smsHistory()) : SmsMagicFieldMap.smsHistory());
      objects.add(o.has("incoming") ? messageObject(o.get("incoming"), "smsmagic.objects.incoming",
          SmsMagicFieldMap.incomingSms()) : SmsMagicFieldMap.incomingSms());
      fields = new SmsMagicFieldMap(objects);
    }
    return new SmsMagicSettings(owner, window, failed, fields, batch, csvZone);
  }

  /** One {@code smsmagic.objects.*} entry: {@code d}'s names overridden key by key; null or "" empties an optional one. */
  private SmsMagicFieldMap.MessageObject messageObject(JsonNode node, String at, SmsMagicFieldMap.MessageObject d) {
    JsonNode n = object(node, at);
    allowOnly(n, at, "object", "body", "counterparty", "firmNumber", "directionField", "inboundValues",
        "fixedDirection", "timeFields", "ownerFields", "statusFields", "matterLookup", "intakeLookup", "messageType",
        "nameField", "mediaUrl");
    Direction fixed = d.fixedDirection();
    if (n.has("fixedDirection")) {
      String v = n.get("fixedDirection").isTextual() ? n.get("fixedDirection").asText().strip() : "";
      if (v.equalsIgnoreCase("inbound")) {
        fixed = Direction.INBOUND;
      } else if (v.equalsIgnoreCase("outbound")) {
        fixed = Direction.OUTBOUND;
      } else {
        throw new ConfigException(file, at + ".fixedDirection", "must be \"inbound\" or \"outbound\", got "
            + n.get("fixedDirection") + " (the direction of a record whose direction field is absent or empty)");
      }
    }
    List<String> timeFields = n.has("timeFields") ? identifiers(n.get("timeFields"), at + ".timeFields")
        : d.timeFields();
    if (timeFields.isEmpty()) {
      throw new ConfigException(file, at + ".timeFields", "must list at least one date-time field, e.g."
          + " [\"CreatedDate\"] (the message time is the first non-empty of them)");
    }
    return new SmsMagicFieldMap.MessageObject(d.label(), ident(n, "object", d.object(), at),
        ident(n, "body", d.body(), at), ident(n, "counterparty", d.counterparty(), at),
        optionalIdent(n, "firmNumber", d.firmNumber(), at, false),
        optionalIdent(n, "directionField", d.directionField(), at, false),
        n.has("inboundValues") ? Set.copyOf(strings(n.get("inboundValues"), at + ".inboundValues")) : d.inboundValues(),
        fixed, timeFields,
        n.has("ownerFields") ? identifiers(n.get("ownerFields"), at + ".ownerFields") : d.ownerFields(),
        n.has("statusFields") ? identifiers(n.get("statusFields"), at + ".statusFields") : d.statusFields(),
        optionalIdent(n, "matterLookup", d.matterLookup(), at, true),
        optionalIdent(n, "intakeLookup", d.intakeLookup(), at, true),
        optionalIdent(n, "messageType", d.messageType(), at, false),
        optionalIdent(n, "nameField", d.nameField(), at, false),
        optionalIdent(n, "mediaUrl", d.mediaUrl(), at, false));
  }

  /** An optional API name: absent keeps {@code fallback}; null or "" = none; {@code auto} where {@code auto} is allowed. */
  private Optional<String> optionalIdent(JsonNode n, String field, Optional<String> fallback, String at,
      boolean auto) {
    if (!n.has(field)) {
      return fallback;
    }
    JsonNode v = n.get(field);
    if (v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new ConfigException(file, at + "." + field, "must be a field API name, \"\" or null for none"
          + (auto ? ", or \"auto\" to find the lookup by describe" : "") + "; got " + v);
    }
    String name = v.asText().strip();
    if (auto && name.equalsIgnoreCase(SmsMagicFieldMap.AUTO)) {
      return Optional.of(SmsMagicFieldMap.AUTO);
    }
    checkIdentifier(name, at + "." + field);
    return Optional.of(name);
  }

  /** {@code attachments.*} (issue 12): each key optional, defaults from {@link AttachmentPolicy#defaults()}. */
  private AttachmentPolicy attachments(JsonNode node) {
    JsonNode a = object(node, "attachments");
    allowOnly(a, "attachments", "enabled", "maxBytes", "contentTypes", "visibility");
    AttachmentPolicy d = AttachmentPolicy.defaults();
    boolean enabled = d.enabled();
    if (a.has("enabled")) {
      if (!a.get("enabled").isBoolean()) {
        throw new ConfigException(file, "attachments.enabled", "must be true or false, got " + a.get("enabled"));
      }
      enabled = a.get("enabled").asBoolean();
    }
    long maxBytes = d.maxBytes();
    if (a.has("maxBytes")) {
      JsonNode m = a.get("maxBytes");
      if (!m.isIntegralNumber() || !m.canConvertToLong() || m.asLong() < 1
          || m.asLong() > AttachmentPolicy.MAX_BYTES_LIMIT) {
        throw new ConfigException(file, "attachments.maxBytes", "must be a whole number of bytes from 1 to "
            + AttachmentPolicy.MAX_BYTES_LIMIT + " (2 GB, Salesforce's ContentVersion limit), e.g. 26214400 for 25 MB, got "
            + m);
      }
      maxBytes = m.asLong();
    }
    List<String> types = d.contentTypes();
    if (a.has("contentTypes")) {
      types = strings(a.get("contentTypes"), "attachments.contentTypes");
      if (types.isEmpty()) {
        throw new ConfigException(file, "attachments.contentTypes",
            "must list at least one content type such as \"image/*\" or \"*/*\"; to copy no media set attachments.enabled to false");
      }
      List<String> ranges = new ArrayList<>();
      for (int i = 0; i < types.size(); i++) {
        // parameters (";charset=...") are ignored, as when a file's content type is matched
        String range = types.get(i).split(";", 2)[0].strip();
        if (!MEDIA_RANGE.matcher(range).matches()) {
          throw new ConfigException(file, "attachments.contentTypes[" + i + "]", "'" + types.get(i)
              + "' is not a content type; use type/subtype (application/pdf), type/* (image/*) or */* for all");
        }
        ranges.add(range);
      }
      types = ranges;
    }
    return new AttachmentPolicy(enabled, maxBytes, types);
  }

  private LitifySchema schema(JsonNode s, LitifySchema d) {
    String noteObject = d.noteObject(), body = d.noteBodyField(), topic = d.noteTopicField(),
        matterField = d.noteMatterField(), intakeField = d.noteIntakeField(), extId = d.noteExternalIdField();
    Optional<String> timeField = d.messageTimeField();
    Optional<String> counterpartyField = d.counterpartyField();
    String matterObject = d.matterObject(), matterStatus = d.matterStatusField();
    Set<String> closed = d.matterClosedValues();
    String intakeObject = d.intakeObject(), intakeStatus = d.intakeStatusField();
    Set<String> converted = d.intakeConvertedValues();
    if (s.has("note")) {
      JsonNode n = object(s.get("note"), "salesforce.note");
      allowOnly(n, "salesforce.note", "object", "bodyField", "topicField", "matterField", "intakeField",
          "externalIdField", "messageTimeField", "counterpartyField");
      noteObject = ident(n, "object", noteObject, "salesforce.note");
      body = ident(n, "bodyField", body, "salesforce.note");
      topic = ident(n, "topicField", topic, "salesforce.note");
      matterField = ident(n, "matterField", matterField, "salesforce.note");
      intakeField = ident(n, "intakeField", intakeField, "salesforce.note");
      extId = ident(n, "externalIdField", extId, "salesforce.note");
      if (n.hasNonNull("messageTimeField")) {
        timeField = Optional.of(ident(n, "messageTimeField", null, "salesforce.note"));
      }
      if (n.hasNonNull("counterpartyField")) {
        counterpartyField = Optional.of(ident(n, "counterpartyField", null, "salesforce.note"));
        for (String taken : List.of(body, topic, matterField, intakeField, extId, timeField.orElse(""))) {
          if (taken.equalsIgnoreCase(counterpartyField.get())) {
            throw new ConfigException(file, "salesforce.note.counterpartyField", "'" + counterpartyField.get()
                + "' is already another salesforce.note field; name a Text (10 or more characters) or Phone field of its own");
          }
        }
      }
    }
    if (s.has("matter")) {
      JsonNode m = object(s.get("matter"), "salesforce.matter");
      allowOnly(m, "salesforce.matter", "object", "statusField", "closedValues");
      matterObject = ident(m, "object", matterObject, "salesforce.matter");
      matterStatus = ident(m, "statusField", matterStatus, "salesforce.matter");
      if (m.has("closedValues")) {
        closed = Set.copyOf(strings(m.get("closedValues"), "salesforce.matter.closedValues"));
      }
    }
    if (s.has("intake")) {
      JsonNode m = object(s.get("intake"), "salesforce.intake");
      allowOnly(m, "salesforce.intake", "object", "statusField", "convertedValues");
      intakeObject = ident(m, "object", intakeObject, "salesforce.intake");
      intakeStatus = ident(m, "statusField", intakeStatus, "salesforce.intake");
      if (m.has("convertedValues")) {
        converted = Set.copyOf(strings(m.get("convertedValues"), "salesforce.intake.convertedValues"));
      }
    }
    return new LitifySchema(noteObject, body, topic, matterField, intakeField, extId, timeField, matterObject,
        matterStatus, closed, intakeObject, intakeStatus, converted, d.phoneFields(), d.exactPhoneFields(),
        counterpartyField);
  }

  private Roster roster(JsonNode waves) {
    object(waves, "waves");
    if (waves.isEmpty()) {
      throw new ConfigException(file, "waves", "must define at least one wave");
    }
    Map<String, Wave> out = new LinkedHashMap<>();
    Map<ExtensionId, String> owners = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = waves.fields(); it.hasNext(); ) {
      var e = it.next();
      String key = "waves." + e.getKey();
      if (!e.getValue().isArray()) {
        throw new ConfigException(file, key, "must be a list of staff, e.g. [{\"name\": ..., \"extensionId\": ..., \"sfUserId\": ...}]");
      }
      List<StaffMember> members = new ArrayList<>();
      int i = 0;
      for (JsonNode m : e.getValue()) {
        String k = key + "[" + i++ + "]";
        object(m, k);
        allowOnly(m, k, "name", "extensionId", "extensionNumber", "sfUserId");
        String name = text(required(m, "name", k), k + ".name");
        Optional<ExtensionId> ext = Optional.empty();
        if (m.hasNonNull("extensionId")) {
          String v = scalar(m.get("extensionId"), k + ".extensionId");
          if (!v.matches("\\d{1,20}")) {
            throw new ConfigException(file, k + ".extensionId", "'" + v + "' (" + name
                + ") is not a RingCentral extension id (digits only; use extensionNumber for the dialable number)");
          }
          ext = Optional.of(ExtensionId.of(v));
        }
        Optional<String> number = Optional.empty();
        if (m.hasNonNull("extensionNumber")) {
          number = Optional.of(scalar(m.get("extensionNumber"), k + ".extensionNumber"));
        }
        Optional<SalesforceId> user = Optional.empty();
        if (m.hasNonNull("sfUserId")) {
          user = Optional.of(sfId(m.get("sfUserId"), k + ".sfUserId"));
          if (!user.get().value().startsWith("005")) {
            throw new ConfigException(file, k + ".sfUserId", "'" + user.get() + "' (" + name
                + ") is not a User id (User ids start with 005)");
          }
        }
        StaffMember member = new StaffMember(name, ext, number, user);
        if (!member.hasExtension()) {
          warnings.add(name + " (" + e.getKey() + "): no RingCentral extension — will be flagged and skipped");
        } else if (user.isEmpty()) {
          warnings.add(name + " (" + e.getKey() + "): no sfUserId — their texts will be reported as failed until it is set");
        }
        ext.ifPresent(x -> {
          String prior = owners.putIfAbsent(x, name);
          if (prior != null && !prior.equals(name)) {
            throw new ConfigException(file, k + ".extensionId", "extension " + x + " is given to both " + prior + " and " + name);
          }
        });
        members.add(member);
      }
      out.put(e.getKey(), new Wave(e.getKey(), members));
    }
    return new Roster(out);
  }

  // ---- helpers -------------------------------------------------------------------------------------

  private void allowOnly(JsonNode node, String at, String... allowed) {
    Set<String> ok = new LinkedHashSet<>(List.of(allowed));
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!ok.contains(k)) {
        String path = at.isEmpty() ? k : at + "." + k;
        String hint = io.rcsync.core.support.NearestName.closest(k, ok).map(s -> " — did you mean '" + s + "'?").orElse(" — allowed here: " + String.join(", ", ok));
        throw new ConfigException(file, path, "unknown key" + hint);
      }
    }
  }

  private JsonNode required(JsonNode node, String key, String at) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new ConfigException(file, at.isEmpty() ? key : at + "." + key, "required key is missing");
    }
    return v;
  }

  private JsonNode object(JsonNode node, String key) {
    if (!(node instanceof ObjectNode)) {
      throw new ConfigException(file, key, "must be a JSON object");
    }
    return node;
  }

  private String text(JsonNode node, String key) {
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new ConfigException(file, key, "must be a non-empty string"
          + (node == null || node.isMissingNode() ? "" : ", got " + node));
    }
    return node.asText();
  }

  private String scalar(JsonNode node, String key) {
    if (node.isTextual() || node.isIntegralNumber()) {
      String v = node.asText().strip();
      if (!v.isEmpty()) {
        return v;
      }
    }
    throw new ConfigException(file, key, "must be a string or a whole number");
  }

  private int positiveInt(JsonNode node, String key) {
    if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > Integer.MAX_VALUE) {
      throw new ConfigException(file, key, "must be a positive whole number, got " + node);
    }
    return node.asInt();
  }

  private int nonNegativeInt(JsonNode node, String key) {
    if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > 36_500) {
      throw new ConfigException(file, key, "must be a whole number of days from 0 to 36500, got " + node);
    }
    return node.asInt();
  }

  private SalesforceId sfId(JsonNode node, String key) {
    String v = node.isTextual() ? node.asText().strip() : node.toString();
    try {
      return SalesforceId.of(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file, key, "'" + v + "' is not a Salesforce id (15 or 18 letters/digits)");
    }
  }

  private List<String> strings(JsonNode node, String key) {
    if (!node.isArray()) {
      throw new ConfigException(file, key, "must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : node) {
      out.add(text(n, key + "[" + i++ + "]"));
    }
    return out;
  }

  /**
   * {@code exactPhoneFields}: the phone fields that hold normalized 10-digit values on an index (issue 13), each of
   * which must also be in {@code phoneFields} (by default none: every field is searched with LIKE).
   */
  private Set<String> exactPhoneFields(JsonNode root, List<String> phoneFields) {
    if (!root.has("exactPhoneFields")) {
      return Set.of();
    }
    List<String> exact = identifiers(root.get("exactPhoneFields"), "exactPhoneFields");
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < exact.size(); i++) {
      String f = exact.get(i);
      if (phoneFields.stream().noneMatch(p -> p.equalsIgnoreCase(f))) {
        throw new ConfigException(file, "exactPhoneFields[" + i + "]", "'" + f + "' is not in phoneFields "
            + phoneFields + ": add it to phoneFields too (exactPhoneFields only marks which phone fields hold "
            + "normalized 10-digit values on an index)");
      }
      out.add(f);
    }
    return out;
  }

  private List<String> identifiers(JsonNode node, String key) {
    List<String> out = strings(node, key);
    for (int i = 0; i < out.size(); i++) {
      checkIdentifier(out.get(i), key + "[" + i + "]");
    }
    return out;
  }

  private String ident(JsonNode node, String field, String fallback, String at) {
    if (!node.has(field)) {
      return fallback;
    }
    String v = text(node.get(field), at + "." + field);
    checkIdentifier(v, at + "." + field);
    return v;
  }

  private void checkIdentifier(String v, String key) {
    if (!IDENTIFIER.matcher(v).matches()) {
      throw new ConfigException(file, key, "'" + v + "' is not a Salesforce API name (letters, digits, underscores)");
    }
  }
}

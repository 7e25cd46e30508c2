package io.rcsync.cli.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicFieldMap.MessageObject;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.domain.SmsMagicRow;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.HistorySource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * SMS-Magic message history from Salesforce Data Loader CSV exports ({@code rcsync import-smsmagic --from-csv FILE},
 * issue 15), one export per message object (SMS History or Incoming SMS), read in pages of {@value #PAGE_SIZE} rows
 * and streamed: one open reader at a time, never a whole file in memory.
 *
 * <p><b>Header.</b> Data Loader writes each column as the field's API name (or relationship path) in upper case
 * ({@code CSVFileWriter}: {@code capitalizedHeadings}, {@code colName.toUpperCase()},
 * https://github.com/forcedotcom/dataloader/blob/002b73b9125b578f38bde2845baa3fd8194de86c/src/main/java/com/salesforce/dataloader/dao/csv/CSVFileWriter.java),
 * e.g. {@code ID}, {@code CREATEDDATE}, {@code SMAGICINTERACT__SMSTEXT__C}. Columns are matched to the configured
 * {@link SmsMagicFieldMap} names case-insensitively; relationship paths ({@code SMAGICINTERACT__SENT_BY__R.NAME}) are
 * not read. Which object a file holds is decided by its body column (SMS History's {@code SMSText__c}, Incoming
 * SMS's {@code SMS_Text__c}) or named with {@code --object outgoing|incoming} (a {@link MessageObject#label()}); an
 * export holds one object. A file without an {@code ID} column is refused: the Note key is {@code smsmagic_{Id}}, so
 * without it a re-run could not find the Notes the first run wrote. 15-character Ids are read as they are and widened
 * to 18 characters by {@link io.rcsync.core.domain.MessageId#smsMagic}.
 *
 * <p><b>Values.</b> Date-times as Data Loader extracts them, {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} (GMT; its
 * {@code PartnerQueryVisitor}), or with an offset ({@code +0100}, {@code +01:00}: the formats Data Loader accepts,
 * https://developer.salesforce.com/docs/atlas.en-us.262.0.dataLoader.meta/dataLoader/supported_data_types.htm); and,
 * as an export re-saved in Excel has them, without a zone: {@code yyyy-MM-dd HH:mm[:ss]}, {@code M/d/yyyy H:mm[:ss]}
 * and {@code M/d/yyyy h:mm[:ss] AM}, read in the {@code zone} given ({@code --csv-zone}); how many were read that way
 * is one of {@link #warnings()}. The file is decoded strictly in the given charset (default UTF-8): a UTF-8 byte order
 * mark is dropped, and bytes that are not valid in the charset stop the read with one line naming
 * {@code --csv-charset}.
 *
 * <p><b>Rows.</b> A row that cannot become a {@link SmsMagicRecord} (an Id that is not one, a date-time that is not
 * one, no message time, fewer fields than the header) is returned in {@link Page#rejected()} as
 * {@code "FILE line N: FIELD 'value' is not …; fix or remove the row"}, N the line the row starts on (the header is
 * line 1; a body with line breaks spans several lines). Blank lines are not rows. {@link Query}'s since/until select
 * rows by {@code CREATEDDATE} (as the org source does), or by the message time when the export has no
 * {@code CREATEDDATE} column; rows outside are not read, and counted ({@link #outsideWindow()}).
 *
 * <p>Not thread-safe (one run reads it). {@link #close()} closes the open file.
 */
public final class CsvHistorySource implements HistorySource, AutoCloseable {
  /** Rows per page, as the org source's SOQL batch. */
  public static final int PAGE_SIZE = 2000;

  /** The system name in this source's {@link ExternalSystemException}s. */
  public static final String SYSTEM = "SMS-Magic export";

  private static final String ID = "Id";
  private static final String CREATED_DATE = "CreatedDate";
  private static final int SHOWN_VALUE = 60;
  private static final String DATE_TIME_FORMS = " (yyyy-MM-ddTHH:mm:ss.SSSZ as Data Loader exports it, an offset,"
      + " yyyy-MM-dd HH:mm:ss or M/d/yyyy H:mm)";

  /** Data Loader's extract format and ISO-8601 with an offset ({@code Z}, {@code +0100}, {@code +01:00}) or none. */
  private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT)
      .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  /** Excel's US date-times: {@code 3/1/2024 14:05}, {@code 3/1/2024 14:05:09}, {@code 3/1/2024 2:05 PM}. */
  private static final List<DateTimeFormatter> EXCEL = List.of(
      DateTimeFormatter.ofPattern("M/d/uuuu H:mm[:ss]", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("M/d/uuuu h:mm[:ss] a", Locale.US).withResolverStyle(ResolverStyle.STRICT));

  private static final CsvMapper CSV = new CsvMapper();

  /**
   * How to read the exports.
   *
   * @param object the {@link MessageObject#label()} every file holds ({@code --object}); empty = decided per file by
   *     its body column
   * @param zone the zone of date-times written without one ({@code --csv-zone}, else config {@code smsmagic.csvZone},
   *     else config {@code timeZone}, else UTC)
   * @param charset the files' encoding ({@code --csv-charset}; default UTF-8)
   * @param zoneFrom where {@code zone} came from, as the warning about zone-less date-times names it (e.g.
   *     "config timeZone")
   */
  public record Options(Optional<String> object, ZoneId zone, Charset charset, String zoneFrom) {
    /** {@link #zoneFrom} of UTC when nothing names a zone. */
    public static final String DEFAULT_ZONE_FROM = "the default: no --csv-zone, config smsmagic.csvZone or timeZone";

    public Options {
      object = object == null ? Optional.empty() : object;
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(charset, "charset");
      Objects.requireNonNull(zoneFrom, "zoneFrom");
    }

    /** The zone as given by {@code --csv-zone}. */
    public Options(Optional<String> object, ZoneId zone, Charset charset) {
      this(object, zone, charset, "--csv-zone");
    }

    /** Object by column, zone-less date-times in UTC, UTF-8. */
    public static Options defaults() {
      return new Options(Optional.empty(), java.time.ZoneOffset.UTC, StandardCharsets.UTF_8,
          DEFAULT_ZONE_FROM);
    }
  }

  private final List<Layout> files;
  private final Options options;
  private Open open;
  private long zoneless;
  /** Zone-less values in a daylight-saving gap or overlap of the zone, and where the first one was. */
  private long dstShifted;
  private String firstDstShifted;
  /** The row being read ("FILE line N"), for {@link #firstDstShifted}. */
  private String reading;
  private long outsideWindow;

  private CsvHistorySource(List<Layout> files, Options options) {
    this.files = List.copyOf(files);
    this.options = options;
  }

  /**
   * Checks each export's header now (before a run starts) and returns the source that reads them in order.
   *
   * @param files the exports, in the order given on the command line
   * @param display how a path appears in messages (as the operator typed it)
   * @param map the objects' field names (config {@code smsmagic.objects}, else SMS-Magic's)
   * @throws ExternalSystemException REJECTED with one line naming the file and what to do: not readable, not in the
   *     charset, no header, no {@code ID} column, no body/counterparty/time column, an unknown {@code --object}, or a
   *     body column that does not say which object the file holds
   */
  public static CsvHistorySource open(List<Path> files, Function<Path, String> display, SmsMagicFieldMap map,
      Options options) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no CSV file given");
    }
    List<Layout> layouts = new ArrayList<>();
    for (Path f : files) {
      layouts.add(Layout.of(f, display.apply(f), map, options));
    }
    // Incoming SMS exports first (stable: otherwise in the order given), so the import tells a migration copy in
    // SMS History as it arrives instead of holding every inbound SMS History record to the end
    layouts.sort(java.util.Comparator.comparing(l -> !fixedInbound(l.object)));
    return new CsvHistorySource(layouts, options);
  }

  private static boolean fixedInbound(MessageObject o) {
    return o.directionField().isEmpty() && o.fixedDirection() == Direction.INBOUND;
  }

  /** True: {@link #open} puts the exports of a fixed-inbound object (Incoming SMS) first. */
  @Override
  public boolean fixedInboundFirst() {
    return true;
  }

  /**
   * Reads up to {@value #PAGE_SIZE} rows from the cursor's file and row on, going on into the next file when one
   * ends, so a page is short only at the end of the last file. The cursor is {@code "<file index>:<rows read>"}; a
   * cursor that is not where the open file stands re-opens the file and skips to it.
   */
  @Override
  public Page read(Query query, Optional<String> cursor) {
    Position at = cursor.map(Position::parse).orElse(new Position(0, 0));
    List<SmsMagicRecord> records = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    int taken = 0;
    int file = at.file();
    long skip = at.rows();
    while (file < files.size()) {
      Layout layout = files.get(file);
      if (open == null || open.file != file || open.rows != skip) {
        closeOpen();
        open = Open.at(layout, new Position(file, skip), options);
      }
      while (taken < PAGE_SIZE) {
        Row row = open.next();
        if (row == null) {
          break;
        }
        taken++;
        layout.read(row, query, options.zone(), this, records, rejected);
      }
      if (taken >= PAGE_SIZE) {
        return new Page(records, rejected, Optional.of(new Position(file, open.rows).toString()));
      }
      closeOpen();
      file++;
      skip = 0;
    }
    return new Page(records, rejected, Optional.empty());
  }

  /** False: an export is often one of several, so a Note whose record it lacks is no proof of an orphan. */
  @Override
  public boolean wholeHistory() {
    return false;
  }

  @Override
  public String description() {
    return "file: " + String.join(", ", files.stream().map(l -> l.display + " (" + l.object.object() + ")").toList());
  }

  /** "UTC" for UTC however it was named ({@code Z}, {@code Etc/UTC}), else the zone's id. */
  static String zoneName(ZoneId zone) {
    return zone.normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
  }

  /**
   * What the operator should know about the exports, for the run report's warnings: date-times read in the
   * {@code --csv-zone} (with how many), rows outside {@code --since/--until}, columns that may be a Matter/Intake
   * lookup the config does not name. Complete once every page is read.
   */
  @Override
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    if (zoneless > 0) {
      out.add(zoneless + " date-time(s) in the CSV had no zone and were read in " + zoneName(options.zone())
          + " (from " + options.zoneFrom() + (options.zoneFrom().equals("--csv-zone") ? ")"
              : "; if the export was saved in another zone, pass --csv-zone ZONE or set config smsmagic.csvZone)")
          + (dstShifted == 0 ? "" : "; " + dstShifted + " of them fall in a daylight-saving change of that zone (an"
              + " hour skipped is read an hour later, an hour repeated as its first occurrence), so their time may be"
              + " an hour off and de-duplication may miss them; the first is " + firstDstShifted));
    }
    if (outsideWindow > 0) {
      out.add(outsideWindow + " CSV row(s) outside --since/--until were not read (judged by CREATEDDATE, or by the"
          + " message time where the export has no CREATEDDATE)");
    }
    for (Layout l : files) {
      l.lookupHint().ifPresent(out::add);
    }
    return out;
  }

  /** Rows of the exports not read because they fall outside the query's since/until; counted as pages are read. */
  public long outsideWindow() {
    return outsideWindow;
  }

  /** Date-time values read in the {@code --csv-zone} because they had none; counted as pages are read. */
  public long zonelessValues() {
    return zoneless;
  }

  @Override
  public void close() {
    closeOpen();
  }

  private void closeOpen() {
    if (open != null) {
      open.close();
      open = null;
    }
  }

  // ---- cursor -----------------------------------------------------------------------------------------

  /** A page cursor: the file's index and the rows of it already read ({@code "0:2000"}). */
  private record Position(int file, long rows) {
    static Position parse(String cursor) {
      int colon = cursor.indexOf(':');
      try {
        return new Position(Integer.parseInt(cursor.substring(0, colon)), Long.parseLong(cursor.substring(colon + 1)));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a CSV page cursor: '" + cursor + "'", e);
      }
    }

    @Override
    public String toString() {
      return file + ":" + rows;
    }
  }

  /** One data row and the line it starts on. */
  private record Row(long line, List<String> values) {}

  // ---- one file's columns -----------------------------------------------------------------------------

  /** Where each value of one export is: column indexes by role, found from the header. */
  private static final class Layout {
    final Path path;
    final String display;
    final MessageObject object;
    final List<String> header;
    final int id;
    final int body;
    final int counterparty;
    final int firmNumber;
    final int direction;
    final int[] times;
    final int[] owners;
    final int[] statuses;
    final int matter;
    final int intake;
    final int messageType;
    final int name;
    final int mediaUrl;
    final int createdDate;
    final List<String> unread;
    /** Column by upper-cased field name. */
    final Map<String, Integer> index;
    /** {@link #object} with the columns this file has, named as its header names them. */
    final MessageObject resolved;
    final java.util.Set<String> failedStatuses;

    private Layout(Path path, String display, MessageObject object, List<String> header,
        java.util.Set<String> failedStatuses) {
      this.path = path;
      this.display = display;
      this.object = object;
      this.header = header;
      this.failedStatuses = failedStatuses;
      Map<String, Integer> index = index(header);
      this.index = index;
      this.id = col(index, ID);
      this.body = col(index, object.body());
      this.counterparty = col(index, object.counterparty());
      this.firmNumber = col(index, object.firmNumber());
      this.direction = col(index, object.directionField());
      this.times = cols(index, object.timeFields());
      this.owners = cols(index, object.ownerFields());
      this.statuses = cols(index, object.statusFields());
      this.matter = col(index, object.matterLookup().filter(n -> !SmsMagicFieldMap.AUTO.equalsIgnoreCase(n)));
      this.intake = col(index, object.intakeLookup().filter(n -> !SmsMagicFieldMap.AUTO.equalsIgnoreCase(n)));
      this.messageType = col(index, object.messageType());
      this.name = col(index, object.nameField());
      this.mediaUrl = col(index, object.mediaUrl());
      this.createdDate = col(index, CREATED_DATE);
      this.resolved = new MessageObject(object.label(), object.object(), object.body(), object.counterparty(),
          named(firmNumber), named(direction), object.inboundValues(), object.fixedDirection(), named(times),
          named(owners), named(statuses), named(matter), named(intake), named(messageType), named(name))
          .withMediaUrl(named(mediaUrl));
      java.util.Set<String> known = new java.util.HashSet<>();
      java.util.stream.Stream.of(List.of(ID, object.body(), object.counterparty(), CREATED_DATE),
              object.firmNumber().stream().toList(), object.directionField().stream().toList(),
              object.matterLookup().stream().toList(), object.intakeLookup().stream().toList(),
              object.messageType().stream().toList(), object.nameField().stream().toList(),
              object.mediaUrl().stream().toList(), object.timeFields(),
              object.ownerFields(), object.statusFields())
          .flatMap(List::stream).forEach(f -> known.add(f.toUpperCase(Locale.ROOT)));
      // an admin-made lookup has no namespace (MATTER__C); the package's own fields carry smagicinteract__
      this.unread = header.stream().map(String::strip)
          .filter(h -> !h.contains(".") && h.toUpperCase(Locale.ROOT).endsWith("__C") && h.indexOf("__") == h.length() - 3)
          .filter(h -> !known.contains(h.toUpperCase(Locale.ROOT)))
          .toList();
    }

    static Layout of(Path path, String display, SmsMagicFieldMap map, Options options) {
      List<String> header;
      try (Open o = Open.at(path, display, options)) {
        header = o.header();
      }
      if (header.isEmpty()) {
        throw rejected(display + ": no header row; export with Data Loader, whose first row names the fields");
      }
      Map<String, Integer> index = index(header);
      if (!index.containsKey(ID.toUpperCase(Locale.ROOT))) {
        throw rejected(display + ": no ID column; export the Id field so re-runs find the same Notes");
      }
      MessageObject object = objectOf(display, map, index, options.object());
      for (SmsMagicFieldMap.Setting required : List.of(SmsMagicFieldMap.Setting.BODY,
          SmsMagicFieldMap.Setting.COUNTERPARTY)) {
        String field = required == SmsMagicFieldMap.Setting.BODY ? object.body() : object.counterparty();
        if (!index.containsKey(field.toUpperCase(Locale.ROOT))) {
          throw rejected(display + ": no " + field.toUpperCase(Locale.ROOT) + " column (" + object.object()
              + "'s " + required.key() + ", config " + object.configKey(required) + "); export that field");
        }
      }
      if (object.timeFields().stream().noneMatch(t -> index.containsKey(t.toUpperCase(Locale.ROOT)))) {
        throw rejected(display + ": no message time column; export one of " + String.join(", ",
            object.timeFields().stream().map(t -> t.toUpperCase(Locale.ROOT)).toList()) + " (" + object.object()
            + "'s time, config " + object.configKey(SmsMagicFieldMap.Setting.TIME_FIELDS) + ")");
      }
      return new Layout(path, display, object, header, map.failedStatuses());
    }

    /** The object a file holds: {@code --object}, else the one object whose body column the file has. */
    private static MessageObject objectOf(String display, SmsMagicFieldMap map, Map<String, Integer> index,
        Optional<String> named) {
      if (named.isPresent()) {
        return map.objects().stream().filter(o -> o.label().equalsIgnoreCase(named.get())).findFirst()
            .orElseThrow(() -> rejected("--object " + named.get() + " is not a configured SMS-Magic object; use "
                + String.join(" or ", map.objects().stream().map(MessageObject::label).toList())));
      }
      List<MessageObject> found = map.objects().stream()
          .filter(o -> index.containsKey(o.body().toUpperCase(Locale.ROOT))).toList();
      if (found.size() == 1) {
        return found.get(0);
      }
      String bodies = String.join(" or ", map.objects().stream()
          .map(o -> o.body().toUpperCase(Locale.ROOT) + " (" + o.label() + ")").toList());
      if (found.isEmpty()) {
        // worded without "SMS-Magic export", so the one-line error gets that prefix like the other file errors
        throw rejected(display + ": no message body column; an export of SMS History or Incoming SMS has " + bodies
            + ": export the body field, or name the object with --object");
      }
      throw rejected(display + ": has the body columns of several objects (" + bodies + "); an export holds one"
          + " object: name it with --object " + String.join("|", found.stream().map(MessageObject::label).toList()));
    }

    /**
     * One row into a record (added to {@code records}) or a rejected line (added to {@code rejected}); a row outside
     * the query's window is counted on {@code source} and added to neither.
     */
    void read(Row row, Query query, ZoneId zone, CsvHistorySource source, List<SmsMagicRecord> records,
        List<Rejected> rejected) {
      List<String> v = row.values();
      String rawId = value(v, id);
      String where = display + " line " + row.line() + (rawId.isEmpty() ? "" : " (Id " + shown(rawId) + ")");
      String ref = rawId.isEmpty() ? "line " + row.line() : rawId;
      source.reading = display + " line " + row.line();
      if (v.size() < header.size()) {
        rejected.add(new Rejected(ref, where + ": has " + v.size() + " field(s), the header has " + header.size()
            + " (a broken quote or a cut line?); fix or remove the row"));
        return;
      }
      SmsMagicRecord record;
      try {
        record = SmsMagicRow.read(resolved, f -> {
          int c = index.getOrDefault(f.toUpperCase(Locale.ROOT), -1);
          return c == body ? raw(v, c) : value(v, c);
        }, failedStatuses, (f, t) -> Optional.ofNullable(parse(t, zone, source)));
      } catch (SmsMagicRow.BadValue e) {
        rejected.add(new Rejected(ref, where + ": " + switch (e.kind()) {
          case NO_ID -> header.get(id) + " is empty";
          case NO_TIME -> "no message time (" + String.join(", ", resolved.timeFields()) + " empty)";
          case BAD_TIME -> e.field() + " '" + shown(e.value()) + "' " + e.problem() + DATE_TIME_FORMS;
          case BAD_ID -> header.get(id) + " '" + shown(e.value()) + "' " + e.problem();
          case BAD_OWNER, BAD_LOOKUP -> e.field() + " '" + shown(e.value()) + "' " + e.problem();
        } + "; fix or remove the row"));
        return;
      }
      Instant created = record.messageTime();
      String createdValue = value(v, createdDate);
      if (createdDate >= 0 && !createdValue.isEmpty()) {
        created = parse(createdValue, zone, null);
        if (created == null) {
          rejected.add(new Rejected(ref, where + ": " + header.get(createdDate) + " '" + shown(createdValue)
              + "' is not a date-time" + DATE_TIME_FORMS + "; fix or remove the row"));
          return;
        }
      }
      Instant at = created;
      if (query.since().map(at::isBefore).orElse(false) || query.until().map(u -> !at.isBefore(u)).orElse(false)) {
        source.outsideWindow++;
        return;
      }
      records.add(record);
    }

    /** A date-time as Data Loader or Excel writes it; {@code null} when it is none. */
    private static Instant parse(String raw, ZoneId zone, CsvHistorySource counter) {
      try {
        TemporalAccessor t = ISO.parse(raw);
        if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
          return java.time.OffsetDateTime.from(t).toInstant();
        }
        return zoneless(LocalDateTime.from(t), zone, counter);
      } catch (DateTimeException e) {
        for (DateTimeFormatter f : EXCEL) {
          try {
            return zoneless(LocalDateTime.parse(raw, f), zone, counter);
          } catch (DateTimeException ignored) {
            // the next format
          }
        }
      }
      return null;
    }

    private static Instant zoneless(LocalDateTime t, ZoneId zone, CsvHistorySource counter) {
      if (counter != null) {
        counter.zoneless++;
        // a daylight-saving gap (no offset: moved forward) or overlap (two: the earlier taken) is an hour in doubt
        if (zone.getRules().getValidOffsets(t).size() != 1) {
          counter.dstShifted++;
          if (counter.firstDstShifted == null) {
            counter.firstDstShifted = counter.reading;
          }
        }
      }
      return t.atZone(zone).toInstant();
    }

    /** A hint when the file has unnamespaced custom columns the config does not read (maybe a Matter lookup). */
    Optional<String> lookupHint() {
      boolean auto = object.matterLookup().filter(SmsMagicFieldMap.AUTO::equalsIgnoreCase).isPresent()
          || object.intakeLookup().filter(SmsMagicFieldMap.AUTO::equalsIgnoreCase).isPresent();
      if (!auto || unread.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(display + ": column(s) " + String.join(", ", unread) + " not read; the org's Matter/Intake"
          + " lookups are found by describe, which a CSV lacks: if one of them is the record's Matter or Intake, name"
          + " it in config smsmagic.objects (" + object.label() + ".matterLookup / intakeLookup)");
    }

    private Optional<String> named(int column) {
      return column < 0 ? Optional.empty() : Optional.of(header.get(column).strip());
    }

    private List<String> named(int[] columns) {
      return java.util.Arrays.stream(columns).mapToObj(c -> header.get(c).strip()).toList();
    }

    private static Map<String, Integer> index(List<String> header) {
      Map<String, Integer> index = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        String h = header.get(i).strip();
        if (!h.contains(".")) {
          index.putIfAbsent(h.toUpperCase(Locale.ROOT), i);
        }
      }
      return index;
    }

    private static int col(Map<String, Integer> index, String field) {
      return index.getOrDefault(field.toUpperCase(Locale.ROOT), -1);
    }

    private static int col(Map<String, Integer> index, Optional<String> field) {
      return field.map(f -> col(index, f)).orElse(-1);
    }

    private static int[] cols(Map<String, Integer> index, List<String> fields) {
      return fields.stream().mapToInt(f -> col(index, f)).filter(i -> i >= 0).toArray();
    }

    private static String value(List<String> v, int column) {
      return column < 0 || column >= v.size() || v.get(column) == null ? "" : v.get(column).strip();
    }

    private static String raw(List<String> v, int column) {
      return column < 0 || column >= v.size() || v.get(column) == null ? "" : v.get(column);
    }

    private static String shown(String raw) {
      String one = raw.replaceAll("\\s+", " ");
      return one.length() <= SHOWN_VALUE ? one : one.substring(0, SHOWN_VALUE - 1) + "…";
    }
  }

  /** A value that makes its row unreadable; the message is the row's rejected line. */
  private static final class BadValue extends RuntimeException {
    BadValue(String message) {
      super(message, null, false, false);
    }
  }

  static ExternalSystemException rejected(String message) {
    return new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.REJECTED, message);
  }

  // ---- an open file -----------------------------------------------------------------------------------

  /** One export open for reading: strict decoding, the BOM dropped, the header read, rows counted. */
  private static final class Open implements AutoCloseable {
    final int file;
    final String display;
    final Charset charset;
    final JsonParser parser;
    List<String> header = List.of();
    long rows;

    private Open(int file, String display, Charset charset, JsonParser parser) {
      this.file = file;
      this.display = display;
      this.charset = charset;
      this.parser = parser;
    }

    static Open at(Path path, String display, Options options) {
      return open(-1, path, display, options);
    }

    static Open at(Layout layout, Position at, Options options) {
      Open o = open(at.file(), layout.path, layout.display, options);
      while (o.rows < at.rows()) {
        if (o.next() == null) {
          break;
        }
      }
      return o;
    }

    private static Open open(int file, Path path, String display, Options options) {
      InputStream in = null;
      try {
        in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        Charset cs = options.charset();
        if (cs.equals(StandardCharsets.UTF_8)) {
          // Excel's "CSV UTF-8" starts with a byte order mark: not part of the first column's name
          in.mark(3);
          byte[] bom = in.readNBytes(3);
          if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
            in.reset();
          }
        }
        Reader reader = new InputStreamReader(in, cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
        JsonParser p = CSV.reader().with(CsvSchema.emptySchema())
            .with(CsvParser.Feature.SKIP_EMPTY_LINES)
            .createParser(reader);
        Open o = new Open(file, display, cs, p);
        Row first = o.row();
        if (first != null) {
          // a BOM decoded in another charset (or a second one) would stick to the first column's name
          o.header = first.values().stream().map(h -> h.startsWith("\uFEFF") ? h.substring(1) : h).toList();
        }
        return o;
      } catch (java.nio.file.NoSuchFileException e) {
        closeQuietly(in);
        throw rejected(display + ": no such file; check the path given to --from-csv");
      } catch (IOException e) {
        closeQuietly(in);
        throw unreadable(display, options.charset(), e, 1);
      }
    }

    List<String> header() {
      return header;
    }

    /** The next data row, or null at the end of the file. */
    Row next() {
      try {
        Row r = row();
        if (r != null) {
          rows++;
        }
        return r;
      } catch (IOException e) {
        throw unreadable(display, charset, e, parser.currentLocation().getLineNr());
      }
    }

    private Row row() throws IOException {
      JsonToken t = parser.nextToken();
      while (t != null && t != JsonToken.START_ARRAY) {
        t = parser.nextToken();
      }
      if (t == null) {
        return null;
      }
      // each row is an array; a value's token location is the line it starts on
      long line = -1;
      List<String> values = new ArrayList<>();
      for (t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        if (line < 0) {
          line = parser.currentTokenLocation().getLineNr();
        }
        values.add(parser.getText());
      }
      return new Row(line, values);
    }

    private static ExternalSystemException unreadable(String display, Charset cs, IOException e, long line) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof CharacterCodingException) {
          // the decoder reads ahead of the parser, so the line is not known: the file is named, the fix too
          return new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.REJECTED, display
              + ": holds bytes that are not valid " + cs.name() + "; pass --csv-charset with the export's encoding,"
              + " e.g. --csv-charset windows-1252, or save it as CSV UTF-8", e);
        }
      }
      return new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.REJECTED, display + ": cannot be read"
          + " as CSV (near line " + line + ": " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip()
          + "); fix the file or export it again", e);
    }

    private static void closeQuietly(InputStream in) {
      if (in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
    }

    @Override
    public void close() {
      try {
        parser.close();
      } catch (IOException e) {
        // a read-only file: nothing lost
      }
    }
  }
}

package io.rcsync.core.domain;

import io.rcsync.core.domain.SmsMagicFieldMap.MessageObject;
import io.rcsync.core.domain.SmsMagicFieldMap.Setting;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules that turn one SMS-Magic row's field values into an {@link SmsMagicRecord} (issue 15), in ONE place for
 * both sources: the org's SOQL rows ({@code SalesforceHistorySource}) and Data Loader CSV exports
 * ({@code CsvHistorySource}). A source supplies only how a value is read (by field API name, "" when absent or
 * empty), how a date-time is parsed, and the wording of a rejected row's line ({@link BadValue}).
 *
 * <ul>
 *   <li>Id ({@code Id}): required; {@link SalesforceId#caseSafe} (an 18-character Id canonical, a wrong checksum
 *       refused), so the org and an export key the same {@code smsmagic_} Note for one record;
 *   <li>direction: {@link MessageObject#directionField()}'s value in {@link MessageObject#inboundValues()}
 *       (case-insensitive, trimmed) = inbound, another value = outbound, empty or no field =
 *       {@link MessageObject#fixedDirection()};
 *   <li>message time: the first non-empty of {@link MessageObject#timeFields()}; a value that is not a date-time
 *       refuses the row (it never falls through to the next field); none = the row is refused;
 *   <li>sender: the first non-empty of {@link MessageObject#ownerFields()}, a User Id (15 or 18 letters/digits, as
 *       written: it keys no Note and is compared by its 15-character form);
 *   <li>status: the first of {@link MessageObject#statusFields()} whose value is a failed status (so an Interact-era
 *       record with {@code sentStatus__c} = Submitted, the field's never-updated default, and
 *       {@code deliveryStatus__c} = Failed is failed; research15 §2), else the first non-empty;
 *   <li>Matter/Intake lookups: the named field's value, a record Id (as the sender's); {@link SmsMagicFieldMap#AUTO} must have been
 *       resolved to a field by the source (describe) and reads as no lookup otherwise;
 *   <li>MMS: {@link MessageObject#messageType()}'s value is {@code MMS} (case-insensitive).
 * </ul>
 */
public final class SmsMagicRow {
  /** The record Id's field, the same in the org and in a Data Loader export ({@code ID}). */
  public static final String ID = "Id";

  private SmsMagicRow() {}

  /** How a source parses one date-time value; empty when it is not one. */
  @FunctionalInterface
  public interface DateTimes {
    Optional<Instant> parse(String field, String value);
  }

  /**
   * One row that cannot become a record. The source words its line from these parts (where the row is, what to do).
   *
   * @param field the field named ({@link #ID}, a time/owner/lookup field); for a missing time, the first time field
   * @param value the value as read; "" when the field is empty
   * @param problem what is wrong, e.g. {@code is not a date-time}; for a missing time
   *     {@code no message time (A, B are all empty)}
   * @param setting the config key the field comes from ({@link MessageObject#configKey})
   * @param kind which rule refused the row
   */
  public static final class BadValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Which rule refused the row. */
    public enum Kind { NO_ID, BAD_ID, BAD_TIME, NO_TIME, BAD_OWNER, BAD_LOOKUP }

    private final transient String field;
    private final transient String value;
    private final transient String problem;
    private final transient Setting setting;
    private final transient Kind kind;

    BadValue(Kind kind, String field, String value, String problem, Setting setting) {
      super(field + " '" + value + "' " + problem);
      this.kind = kind;
      this.field = field;
      this.value = value;
      this.problem = problem;
      this.setting = setting;
    }

    public Kind kind() {
      return kind;
    }

    public String field() {
      return field;
    }

    public String value() {
      return value;
    }

    public String problem() {
      return problem;
    }

    /** The config setting of the field, e.g. {@link Setting#TIME_FIELDS}; {@code null} for the Id. */
    public Setting setting() {
      return setting;
    }
  }

  /**
   * One row as a record.
   *
   * @param object the object's fields, with every name as the source reads it ({@link SmsMagicFieldMap#AUTO}
   *     resolved, fields the org lacks dropped)
   * @param valueOf a field's value by API name (case as in {@code object}); "" (or {@code null}) when absent or empty
   * @param failedStatuses {@code smsmagic.failedStatuses}, compared case-insensitively
   * @param dateTimes how the source parses a date-time
   * @return the record; its {@code name}, counterparty, firm number and body as read
   * @throws BadValue when the row is refused (see the class rules)
   */
  public static SmsMagicRecord read(MessageObject object, Function<String, String> valueOf,
      Set<String> failedStatuses, DateTimes dateTimes) {
    Objects.requireNonNull(object, "object");
    Function<String, String> v = f -> {
      String s = valueOf.apply(f);
      return s == null ? "" : s;
    };
    String rawId = v.apply(ID).strip();
    if (rawId.isEmpty()) {
      throw new BadValue(BadValue.Kind.NO_ID, ID, "", "is empty", null);
    }
    SalesforceId id;
    try {
      id = SalesforceId.caseSafe(rawId);
    } catch (IllegalArgumentException e) {
      throw new BadValue(BadValue.Kind.BAD_ID, ID, rawId, rawId.matches("[a-zA-Z0-9]{18}")
          ? "is not a valid 18-character Id (its last 3 characters are not the checksum of the first 15: export it again)"
          : "is not a Salesforce record Id (15 or 18 letters/digits)", null);
    }
    Instant time = null;
    for (String f : object.timeFields()) {
      String t = v.apply(f).strip();
      if (!t.isEmpty()) {
        time = dateTimes.parse(f, t).orElseThrow(() -> new BadValue(BadValue.Kind.BAD_TIME, f, t,
            "is not a date-time", Setting.TIME_FIELDS));
        break;
      }
    }
    if (time == null) {
      List<String> fields = object.timeFields();
      throw new BadValue(BadValue.Kind.NO_TIME, fields.get(0), "", "no message time (" + String.join(", ", fields)
          + (fields.size() == 1 ? " is" : " are all") + " empty)", Setting.TIME_FIELDS);
    }
    Optional<SalesforceId> sender = Optional.empty();
    for (String f : object.ownerFields()) {
      String s = v.apply(f).strip();
      if (!s.isEmpty()) {
        sender = Optional.of(id(BadValue.Kind.BAD_OWNER, f, s, "is not a Salesforce User Id", Setting.OWNER_FIELDS));
        break;
      }
    }
    Optional<SalesforceId> matter = lookup(object.matterLookup(), v, Setting.MATTER_LOOKUP);
    Optional<SalesforceId> intake = lookup(object.intakeLookup(), v, Setting.INTAKE_LOOKUP);
    Direction direction = object.fixedDirection();
    if (object.directionField().isPresent()) {
      String d = v.apply(object.directionField().get()).strip();
      if (!d.isEmpty()) {
        direction = object.inboundValues().stream().anyMatch(d::equalsIgnoreCase) ? Direction.INBOUND
            : Direction.OUTBOUND;
      }
    }
    boolean mms = object.messageType().map(f -> v.apply(f).strip().equalsIgnoreCase("MMS")).orElse(false);
    return new SmsMagicRecord(id, object.nameField().map(v).orElse(""), object.object(), direction,
        v.apply(object.counterparty()), object.firmNumber().map(v).orElse(""), v.apply(object.body()), time, sender,
        matter, intake, status(object.statusFields(), v, failedStatuses), mms, object.mediaUrl().map(v));
  }

  /** The first status field holding a failed status, else the first non-empty; "" when none. */
  static String status(List<String> fields, Function<String, String> v, Set<String> failedStatuses) {
    String first = "";
    for (String f : fields) {
      String s = v.apply(f).strip();
      if (s.isEmpty()) {
        continue;
      }
      if (failedStatuses.stream().anyMatch(x -> x.strip().equalsIgnoreCase(s))) {
        return s;
      }
      first = first.isEmpty() ? s : first;
    }
    return first;
  }

  private static Optional<SalesforceId> lookup(Optional<String> field, Function<String, String> v, Setting setting) {
    if (field.isEmpty() || field.get().isBlank() || field.get().equalsIgnoreCase(SmsMagicFieldMap.AUTO)) {
      return Optional.empty();
    }
    String s = v.apply(field.get()).strip();
    return s.isEmpty() ? Optional.empty()
        : Optional.of(id(BadValue.Kind.BAD_LOOKUP, field.get(), s, "is not a record Id", setting));
  }

  /**
   * A sender or lookup Id, as written: it keys no Note and is compared by its 15-character form
   * ({@link SalesforceId#sameRecord}), so only its shape is required.
   */
  private static SalesforceId id(BadValue.Kind kind, String field, String raw, String problem, Setting setting) {
    if (!raw.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}")) {
      throw new BadValue(kind, field, raw, problem, setting);
    }
    return SalesforceId.of(raw);
  }
}

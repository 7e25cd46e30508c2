package io.rcsync.cli.store;

import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicFieldMap.MessageObject;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.testkit.contract.HistorySourceContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV history source passes the port's contract: the fixtures are written as two Data Loader exports (SMS History,
 * then Incoming SMS; upper-case headers, every value quoted, CRLF, {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}), each in
 * creation order as a SOQL export ordered by CreatedDate has them. The admin-made lookups are named in the field map
 * ({@code Matter__c}, {@code Intake__c}): a CSV has no describe to find them. SMS History's time is
 * {@code Sent_On__c} then {@code CreatedOn__c} here (no {@code CreatedDate} fallback), so a row with neither is the
 * unreadable row the contract expects back rejected; its {@code CREATEDDATE} still places it in the window.
 */
class CsvHistorySourceContractTest extends HistorySourceContract {
  private static final DateTimeFormatter DATA_LOADER =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS).build();
  private static final List<String> HISTORY_COLUMNS = List.of("ID", "NAME", "CREATEDDATE",
      "SMAGICINTERACT__SMSTEXT__C", "SMAGICINTERACT__PHONENUMBER__C", "SMAGICINTERACT__SENDERID__C",
      "SMAGICINTERACT__DIRECTION__C", "SMAGICINTERACT__SENT_ON__C", "SMAGICINTERACT__SENT_BY__C",
      "SMAGICINTERACT__STATUS__C", "SMAGICINTERACT__MESSAGE_TYPE__C", "MATTER__C", "INTAKE__C");
  private static final List<String> INCOMING_COLUMNS = List.of("ID", "NAME", "CREATEDDATE",
      "SMAGICINTERACT__SMS_TEXT__C", "SMAGICINTERACT__MOBILE_NUMBER__C", "SMAGICINTERACT__INBOUND_NUMBER__C",
      "SMAGICINTERACT__MMS_TYPE__C", "SMAGICINTERACT__MMS_URL__C", "MATTER__C", "INTAKE__C");

  @TempDir
  Path dir;
  private int sources;

  static SmsMagicFieldMap fieldMap() {
    MessageObject h = SmsMagicFieldMap.smsHistory();
    MessageObject i = SmsMagicFieldMap.incomingSms();
    return new SmsMagicFieldMap(List.of(
        new MessageObject(h.label(), h.object(), h.body(), h.counterparty(), h.firmNumber(), h.directionField(),
            h.inboundValues(), h.fixedDirection(), List.of("smagicinteract__Sent_On__c", "smagicinteract__CreatedOn__c"),
            h.ownerFields(), h.statusFields(), Optional.of("Matter__c"), Optional.of("Intake__c"), h.messageType(),
            h.nameField()),
        new MessageObject(i.label(), i.object(), i.body(), i.counterparty(), i.firmNumber(), i.directionField(),
            i.inboundValues(), i.fixedDirection(), i.timeFields(), i.ownerFields(), i.statusFields(),
            Optional.of("Matter__c"), Optional.of("Intake__c"), i.messageType(), i.nameField())
            .withMediaUrl(i.mediaUrl())));
  }

  @Override
  protected HistorySource sourceWith(List<SmsMagicRecord> records, List<Unreadable> unreadable) {
    int n = ++sources;
    List<Row> history = new ArrayList<>();
    List<Row> incoming = new ArrayList<>();
    for (SmsMagicRecord r : records) {
      if (r.object().equals(SmsMagicFieldMap.smsHistory().object())) {
        history.add(new Row(r.messageTime(), List.of(r.id().value(), r.name(), time(r.messageTime()), r.body(),
            r.counterparty(), r.firmNumber(), r.direction() == Direction.INBOUND ? "IN" : "OUT", time(r.messageTime()),
            id(r.sender()), r.status(), r.mms() ? "MMS" : "SMS", id(r.matter()), id(r.intake()))));
      } else {
        incoming.add(new Row(r.messageTime(), List.of(r.id().value(), r.name(), time(r.messageTime()), r.body(),
            r.counterparty(), r.firmNumber(), r.mms() ? "MMS" : "SMS", r.mediaUrl().orElse(""), id(r.matter()),
            id(r.intake()))));
      }
    }
    for (Unreadable u : unreadable) {
      history.add(new Row(u.createdDate(), List.of(u.id().value(), "SM-X", time(u.createdDate()), "no time", "5025550100",
          "", "OUT", "", "", "", "SMS", "", "")));
    }
    Path h = write("history-" + n + ".csv", HISTORY_COLUMNS, history);
    Path i = write("incoming-" + n + ".csv", INCOMING_COLUMNS, incoming);
    return CsvHistorySource.open(List.of(h, i), Path::toString, fieldMap(), CsvHistorySource.Options.defaults());
  }

  private record Row(Instant created, List<String> values) {}

  private static String time(Instant t) {
    return DATA_LOADER.format(t);
  }

  private static String id(Optional<SalesforceId> id) {
    return id.map(SalesforceId::value).orElse("");
  }

  private Path write(String name, List<String> header, List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(Row::created));
    List<List<String>> lines = new ArrayList<>();
    lines.add(header);
    sorted.forEach(r -> lines.add(r.values()));
    Path f = dir.resolve(name);
    try {
      Files.write(f, CSV.writer(CsvSchema.emptySchema().withLineSeparator("\r\n")).writeValueAsBytes(lines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return f;
  }
}

package io.rcsync.cli.wiring;

import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.port.out.ApiQuota;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.port.out.RecordDirectory;
import io.rcsync.salesforce.SalesforceCaseDirectory.LookupPlan;
import io.rcsync.salesforce.SalesforceDescribe.ObjectInfo;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The Salesforce side of a run, plus the describe call {@code doctor} needs. */
public interface SalesforcePorts {
  CaseDirectory cases();

  NoteSink sink();

  NoteStore store();

  /**
   * Acquires the session now and says which org in one line (never the token).
   *
   * @throws io.rcsync.core.port.out.ExternalSystemException when no session can be had
   */
  String checkLogin();

  /** Where the session comes from: "sf CLI org LITIFY_ORG" or "SF_ACCESS_TOKEN for https://...". */
  String describe();

  /** The object's metadata (one describe call), empty when the org has no such object. */
  Optional<ObjectInfo> describeObject(String objectApiName);

  /**
   * Salesforce Files for MMS media (issue 12): what verify checks, rollback deletes and restore re-creates. Empty for
   * ports without files (then verify says files were not checked and rollback leaves files alone).
   */
  default Optional<FileStore> files() {
    return Optional.empty();
  }

  /**
   * The org's daily API usage as of the latest Salesforce answer (issue 13), for the run report and doctor;
   * {@link ApiQuota#NONE} for ports that are not Salesforce's (the in-memory demo).
   */
  default ApiQuota apiQuota() {
    return ApiQuota.NONE;
  }

  /**
   * The Matter or Intake, user names and file addresses a transcript (issue 14) reads; empty for ports without them
   * (then {@code transcript} says it needs a Salesforce org).
   */
  default Optional<RecordDirectory> records() {
    return Optional.empty();
  }

  /**
   * The org's SMS-Magic message history (issue 15, {@code rcsync import-smsmagic} without {@code --from-csv}): SMS
   * History and Incoming SMS read with SOQL in pages of {@code batchSize} records, on this session and call counter.
   * Empty for ports that are not a Salesforce org's (the in-memory demo): the import then needs {@code --from-csv}.
   *
   * @param fields the objects and fields to read (config {@code smsmagic.objects})
   * @param batchSize records asked for per page, 200 to 2,000 (config {@code smsmagic.queryBatchSize})
   */
  default Optional<io.rcsync.core.port.out.HistorySource> history(io.rcsync.core.domain.SmsMagicFieldMap fields,
      int batchSize) {
    return Optional.empty();
  }

  /**
   * The org's active standard Users on this session (issue 15: an SMS-Magic record's sender owns its Note only when
   * it is one; one query, made only when a record names a sender). Empty for ports that are not a Salesforce org's:
   * the import then takes the roster's {@code sfUserId}s as the active users.
   */
  default Optional<io.rcsync.core.port.out.StaffDirectory> staff() {
    return Optional.empty();
  }

  /** {@code base} with the org's user directory (issue 15); everything else is {@code base}'s. */
  static SalesforcePorts withStaff(SalesforcePorts base, io.rcsync.core.port.out.StaffDirectory staff) {
    return new Extended(base, base.files(), base.apiQuota(), Optional.empty(), Optional.empty(),
        Optional.of(java.util.Objects.requireNonNull(staff, "staff")));
  }

  /**
   * {@code base} with an SMS-Magic history reader (issue 15; the reader may answer null: no history on these ports);
   * everything else is {@code base}'s.
   */
  static SalesforcePorts withHistory(SalesforcePorts base, java.util.function.BiFunction<
      io.rcsync.core.domain.SmsMagicFieldMap, Integer, io.rcsync.core.port.out.HistorySource> history) {
    return new Extended(base, base.files(), base.apiQuota(), Optional.empty(),
        Optional.of(java.util.Objects.requireNonNull(history, "history")), Optional.empty());
  }

  /** {@code base} with a record directory (issue 14); everything else is {@code base}'s. */
  static SalesforcePorts withRecords(SalesforcePorts base, RecordDirectory records) {
    return new Extended(base, base.files(), base.apiQuota(), Optional.of(java.util.Objects.requireNonNull(records,
        "records")));
  }

  /** {@code base} with an API quota; everything else (its file store included) is {@code base}'s. */
  static SalesforcePorts withQuota(SalesforcePorts base, ApiQuota quota) {
    return quota == ApiQuota.NONE || quota == base.apiQuota() ? base : new Extended(base, base.files(), quota);
  }

  /** {@code base} with a file store; everything else (its API quota included) is {@code base}'s. */
  static SalesforcePorts withFiles(SalesforcePorts base, FileStore files) {
    return new Extended(base, Optional.of(java.util.Objects.requireNonNull(files, "files")), base.apiQuota());
  }

  /**
   * What {@link #withQuota} and {@link #withFiles} return: {@code base} with a file store and an API quota of its own.
   * One forwarding record for both, so a method added to these ports is forwarded in one place.
   */
  record Extended(SalesforcePorts base, Optional<FileStore> fileStore, ApiQuota quota,
      Optional<RecordDirectory> recordDirectory,
      Optional<java.util.function.BiFunction<io.rcsync.core.domain.SmsMagicFieldMap, Integer,
          io.rcsync.core.port.out.HistorySource>> historyReader,
      Optional<io.rcsync.core.port.out.StaffDirectory> staffDirectory) implements SalesforcePorts {
    public Extended {
      java.util.Objects.requireNonNull(staffDirectory, "staffDirectory");
      java.util.Objects.requireNonNull(base, "base");
      java.util.Objects.requireNonNull(fileStore, "fileStore");
      java.util.Objects.requireNonNull(quota, "quota");
      java.util.Objects.requireNonNull(recordDirectory, "recordDirectory");
      java.util.Objects.requireNonNull(historyReader, "historyReader");
    }

    /** {@code base}'s history reader and user directory, if any. */
    public Extended(SalesforcePorts base, Optional<FileStore> fileStore, ApiQuota quota,
        Optional<RecordDirectory> recordDirectory) {
      this(base, fileStore, quota, recordDirectory, Optional.empty(), Optional.empty());
    }

    @Override
    public Optional<io.rcsync.core.port.out.StaffDirectory> staff() {
      return staffDirectory.or(base::staff);
    }

    @Override
    public Optional<io.rcsync.core.port.out.HistorySource> history(io.rcsync.core.domain.SmsMagicFieldMap fields,
        int batchSize) {
      return historyReader.isPresent() ? Optional.ofNullable(historyReader.get().apply(fields, batchSize))
          : base.history(fields, batchSize);
    }

    /** {@code base}'s record directory, if any. */
    public Extended(SalesforcePorts base, Optional<FileStore> fileStore, ApiQuota quota) {
      this(base, fileStore, quota, Optional.empty());
    }

    @Override
    public Optional<RecordDirectory> records() {
      return recordDirectory.or(base::records);
    }

    @Override
    public CaseDirectory cases() {
      return base.cases();
    }

    @Override
    public NoteSink sink() {
      return base.sink();
    }

    @Override
    public NoteStore store() {
      return base.store();
    }

    @Override
    public String checkLogin() {
      return base.checkLogin();
    }

    @Override
    public String describe() {
      return base.describe();
    }

    @Override
    public Optional<ObjectInfo> describeObject(String objectApiName) {
      return base.describeObject(objectApiName);
    }

    @Override
    public List<LookupPlan> explainLookups(PhoneNumber sample) {
      return base.explainLookups(sample);
    }

    @Override
    public Optional<FileStore> files() {
      return fileStore;
    }

    @Override
    public ApiQuota apiQuota() {
      return quota;
    }
  }

  /**
   * Salesforce's query plan of each kind of lookup statement the case directory sends, for one sample number (one API
   * call each; see {@link io.rcsync.salesforce.SalesforceCaseDirectory#explainLookups}); empty when the org is not a
   * Salesforce org (the in-memory demo).
   *
   * @throws io.rcsync.core.port.out.ExternalSystemException when Salesforce refuses the explain
   */
  List<LookupPlan> explainLookups(PhoneNumber sample);

  /** Ports assembled from their parts, with no query plans (an org that is not Salesforce's). */
  static SalesforcePorts of(CaseDirectory cases, NoteSink sink, NoteStore store, Supplier<String> checkLogin,
      Supplier<String> describe, Function<String, Optional<ObjectInfo>> describeObject) {
    return new Assembled(cases, sink, store, checkLogin, describe, describeObject, sample -> List.of());
  }

  /** Ports assembled from their parts; the login check, description, describe and query plans run on each call. */
  static SalesforcePorts of(CaseDirectory cases, NoteSink sink, NoteStore store, Supplier<String> checkLogin,
      Supplier<String> describe, Function<String, Optional<ObjectInfo>> describeObject,
      Function<PhoneNumber, List<LookupPlan>> explainLookups) {
    return new Assembled(cases, sink, store, checkLogin, describe, describeObject, explainLookups);
  }

  /** The one implementation {@link #of} returns. */
  record Assembled(CaseDirectory cases, NoteSink sink, NoteStore store, Supplier<String> login,
      Supplier<String> description, Function<String, Optional<ObjectInfo>> objects,
      Function<PhoneNumber, List<LookupPlan>> plans) implements SalesforcePorts {
    @Override
    public List<LookupPlan> explainLookups(PhoneNumber sample) {
      return plans.apply(sample);
    }

    @Override
    public String checkLogin() {
      return login.get();
    }

    @Override
    public String describe() {
      return description.get();
    }

    @Override
    public Optional<ObjectInfo> describeObject(String objectApiName) {
      return objects.apply(objectApiName);
    }
  }
}

package io.rcsync.cli.command;

import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.cli.wiring.SalesforcePorts;

import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Remembers which kinds of {@link ExternalSystemException} the ports threw during a run. Core turns them into
 * report lines (an aborted run, failed records); this keeps their kind so the exit code can tell an
 * authentication or connection failure (3) from record failures (1).
 */
public final class ExternalFailures {
  private final Set<ExternalSystemException.Kind> kinds = EnumSet.noneOf(ExternalSystemException.Kind.class);

  public synchronized boolean authOrConnection() {
    return kinds.contains(ExternalSystemException.Kind.AUTHENTICATION)
        || kinds.contains(ExternalSystemException.Kind.CONNECTION);
  }

  public synchronized Set<ExternalSystemException.Kind> kinds() {
    return Set.copyOf(kinds);
  }

  private synchronized void record(ExternalSystemException e) {
    kinds.add(e.kind());
  }

  private <T> T watch(Supplier<T> call) {
    try {
      return call.get();
    } catch (ExternalSystemException e) {
      record(e);
      throw e;
    }
  }

  public RingCentralPorts watch(RingCentralPorts rc) {
    MessageSource source = new MessageSource() {
      @Override
      public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
        watch(() -> {
          rc.messages().fetch(extension, window, pages);
          return null;
        });
      }

      @Override
      public boolean supportsMessageSync() {
        return rc.messages().supportsMessageSync();
      }

      @Override
      public io.rcsync.core.domain.MessageSyncCheckpoint messageSync(ExtensionId extension,
          io.rcsync.core.domain.MessageSyncRequest request, Consumer<Page> pages) {
        try {
          return rc.messages().messageSync(extension, request, pages);
        } catch (io.rcsync.core.port.out.SyncTokenRejectedException e) {
          throw e; // core falls back to a full sync: not a failure of the run
        } catch (ExternalSystemException e) {
          record(e);
          throw e;
        }
      }
    };
    ExtensionDirectory directory = () -> watch(() -> rc.extensions().listExtensions());
    java.util.function.Supplier<String> login = () -> watch(rc::checkLogin);
    // the account's time zone passes through unwatched: init handles its failure (falls back to the system zone)
    RingCentralPorts watched = RingCentralPorts.of(source, directory, login, rc::describe, rc::warnings,
        () -> new io.rcsync.ringcentral.RingCentralAuth.Logout(false, java.util.Optional.empty()), login,
        rc::accountTimeZone);
    // MMS content (issue 12): a download failure fails only its file (exit 1 through the report), so only a failure
    // that stops the run (credentials, quota) is remembered for the exit code
    if (rc.attachments().isPresent()) {
      io.rcsync.core.port.out.AttachmentSource media = rc.attachments().get();
      watched = RingCentralPorts.withAttachments(watched, (extension, message, attachment) ->
          watchFatal(() -> media.open(extension, message, attachment)));
    }
    // serve's push ports pass through unwatched: a subscription failure is logged and retried, never a run's failure
    RingCentralPorts ports = watched;
    return rc.push().map(p -> RingCentralPorts.withPush(ports, p.subscriptions(), p.decoder())).orElse(ports);
  }

  /** {@code sf} with every port call watched; its API quota (issue 13) is passed through as it is. */
  public SalesforcePorts watch(SalesforcePorts sf) {
    // issue 15: the org's SMS-Magic history reads and its user list are watched too (a refused session exits 3)
    SalesforcePorts watched = SalesforcePorts.withHistory(watchCalls(sf),
        (fields, batchSize) -> sf.history(fields, batchSize).map(this::watch).orElse(null));
    if (sf.staff().isPresent()) {
      io.rcsync.core.port.out.StaffDirectory staff = sf.staff().get();
      watched = SalesforcePorts.withStaff(watched, () -> watch(staff::activeUsers));
    }
    return SalesforcePorts.withQuota(watched, sf.apiQuota());
  }

  /** {@code history} with its reads watched; its description, warnings and read order pass through. */
  io.rcsync.core.port.out.HistorySource watch(io.rcsync.core.port.out.HistorySource history) {
    return new io.rcsync.core.port.out.HistorySource() {
      @Override
      public Page read(Query query, java.util.Optional<String> cursor) {
        return watch(() -> history.read(query, cursor));
      }

      @Override
      public boolean fixedInboundFirst() {
        return history.fixedInboundFirst();
      }

      @Override
      public boolean wholeHistory() {
        return history.wholeHistory();
      }

      @Override
      public List<String> warnings() {
        return history.warnings();
      }

      @Override
      public String description() {
        return history.description();
      }
    };
  }

  private SalesforcePorts watchCalls(SalesforcePorts sf) {
    SalesforcePorts watched = watchNotesAndFiles(sf);
    if (sf.records().isEmpty()) {
      return watched;
    }
    // the transcript's record, user names and file addresses (issue 14)
    io.rcsync.core.port.out.RecordDirectory records = sf.records().get();
    return SalesforcePorts.withRecords(watched, new io.rcsync.core.port.out.RecordDirectory() {
      @Override
      public java.util.Optional<CaseSummary> findCase(SalesforceId id) {
        return watch(() -> records.findCase(id));
      }

      @Override
      public java.util.Map<String, String> userNames(Collection<SalesforceId> users) {
        return watch(() -> records.userNames(users));
      }

      @Override
      public java.util.Optional<String> fileUrl(SalesforceId contentDocumentId) {
        return records.fileUrl(contentDocumentId);
      }
    });
  }

  private SalesforcePorts watchNotesAndFiles(SalesforcePorts sf) {
    CaseDirectory cases = new CaseDirectory() {
      @Override
      public List<CaseRecord> findByPhones(Collection<PhoneNumber> numbers) {
        return watch(() -> sf.cases().findByPhones(numbers));
      }

      @Override
      public java.util.Optional<java.util.Map<String, io.rcsync.core.domain.CaseKind>> kindsOf(
          Collection<SalesforceId> ids) {
        return watch(() -> sf.cases().kindsOf(ids));
      }

      @Override
      public void startRun() {
        sf.cases().startRun();
      }
    };
    NoteSink sink = new NoteSink() {
      @Override
      public List<WriteOutcome> upsert(List<NoteDraft> notes) {
        return watch(() -> sf.sink().upsert(notes));
      }

      @Override
      public int maxBatchSize() {
        return sf.sink().maxBatchSize();
      }

      @Override
      public boolean findsExisting() {
        return sf.sink().findsExisting();
      }

      @Override
      public void expect(Collection<io.rcsync.core.domain.MessageId> texts,
          Collection<io.rcsync.core.domain.MessageId> groupTexts) {
        sf.sink().expect(texts, groupTexts); // a hint: it sends nothing, so there is nothing to watch
      }

      @Override
      public java.util.Map<String, io.rcsync.core.domain.StoredNote> findExisting(List<String> externalIds) {
        return watch(() -> sf.sink().findExisting(externalIds));
      }

      @Override
      public int maxLookupSize() {
        return sf.sink().maxLookupSize();
      }

      @Override
      public List<WriteOutcome> create(List<NoteDraft> notes) {
        return watch(() -> sf.sink().create(notes));
      }

      @Override
      public List<WriteOutcome> update(List<io.rcsync.core.domain.NoteUpdate> updates) {
        return watch(() -> sf.sink().update(updates));
      }

      @Override
      public io.rcsync.core.domain.NoteBodyFormat bodyFormat() {
        return watch(() -> sf.sink().bodyFormat());
      }
    };
    NoteStore store = new NoteStore() {
      @Override
      public List<NoteRecord> find(Query query) {
        return watch(() -> sf.store().find(query));
      }

      @Override
      public Span rcNoteSpan() {
        return watch(() -> sf.store().rcNoteSpan());
      }

      @Override
      public List<DeleteOutcome> delete(List<SalesforceId> ids) {
        return watch(() -> sf.store().delete(ids));
      }

      @Override
      public List<WriteOutcome> restore(List<NoteRecord> records) {
        return watch(() -> sf.store().restore(records));
      }

      @Override
      public int maxBatchSize() {
        return sf.store().maxBatchSize();
      }
    };
    SalesforcePorts watched = SalesforcePorts.of(cases, sink, store, () -> watch(sf::checkLogin), sf::describe,
        name -> watch(() -> sf.describeObject(name)), sample -> watch(() -> sf.explainLookups(sample)));
    if (sf.files().isEmpty()) {
      return watched;
    }
    // Salesforce Files (issue 12): as for MMS content, only a failure that stops the run is remembered
    FileStore files = sf.files().get();
    return SalesforcePorts.withFiles(watched, new FileStore() {
      @Override
      public java.util.Map<String, StoredFile> findByKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
        return watchFatal(() -> files.findByKeys(keys, noteIds));
      }

      @Override
      public java.util.Set<String> storedKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
        return watchFatal(() -> files.storedKeys(keys, noteIds));
      }

      @Override
      public List<StoredFile> findByNotes(Collection<SalesforceId> noteIds) {
        return watchFatal(() -> files.findByNotes(noteIds));
      }

      @Override
      public UploadOutcome upload(Upload upload) {
        return watchFatal(() -> files.upload(upload));
      }

      @Override
      public List<UploadOutcome> uploadAll(List<Upload> uploads) {
        return watchFatal(() -> files.uploadAll(uploads));
      }

      @Override
      public List<ShareOutcome> share(List<Share> shares) {
        return watchFatal(() -> files.share(shares));
      }

      @Override
      public List<ShareOutcome> unshare(List<Share> shares) {
        return watchFatal(() -> files.unshare(shares));
      }

      @Override
      public List<DeleteOutcome> delete(Collection<SalesforceId> contentDocumentIds) {
        return watchFatal(() -> files.delete(contentDocumentIds));
      }
    });
  }

  /** As {@link #watch(Supplier)}, remembering only failures that stop the run (credentials, quota). */
  private <T> T watchFatal(Supplier<T> call) {
    try {
      return call.get();
    } catch (ExternalSystemException e) {
      if (e.fatalToRun()) {
        record(e);
      }
      throw e;
    }
  }
}

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
    RingCentralPorts watched = RingCentralPorts.of(source, directory, () -> watch(rc::checkLogin), rc::describe,
        rc::warnings);
    // serve's push ports pass through unwatched: a subscription failure is logged and retried, never a run's failure
    RingCentralPorts pushing =
        rc.push().map(p -> RingCentralPorts.withPush(watched, p.subscriptions(), p.decoder())).orElse(watched);
    // MMS content: a failed download is that file's outcome, counted by the use case; passed through unwatched
    return rc.attachments().map(a -> RingCentralPorts.withAttachments(pushing, a)).orElse(pushing);
  }

  public SalesforcePorts watch(SalesforcePorts sf) {
    CaseDirectory cases = new CaseDirectory() {
      @Override
      public List<CaseRecord> findByPhones(Collection<PhoneNumber> numbers) {
        return watch(() -> sf.cases().findByPhones(numbers));
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
    // Files (issue 12): whole-call failures are reported by the use cases per file; passed through unwatched
    return sf.files().map(f -> SalesforcePorts.withFiles(watched, f)).orElse(watched);
  }
}

package io.rcsync.cli.demo;

import io.rcsync.cli.wiring.AdapterFactory;
import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.cli.wiring.SalesforcePorts;

import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fake.InMemoryExtensionDirectory;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import io.rcsync.testkit.fake.InMemoryAttachmentSource;
import io.rcsync.testkit.fake.InMemoryFiles;
import io.rcsync.testkit.fake.InMemoryNotes;
import io.rcsync.salesforce.SalesforceDescribe.FieldInfo;
import io.rcsync.salesforce.SalesforceDescribe.ObjectInfo;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The testkit's in-memory ports behind the CLI: {@code demo --in-memory} and the CLI's own tests. The fakes keep
 * their data across runs (a re-run finds the Notes of the first); each run's calls are counted on that run's
 * {@link ApiCalls}: one per page fetched, extension list, lookup, upsert, find, delete or restore.
 */
public final class InMemoryAdapters implements AdapterFactory {
  private final InMemoryMessageSource messages;
  private final InMemoryExtensionDirectory extensions;
  private final InMemoryCaseDirectory cases;
  /**
   * MMS media (issue 12): generated content and the org's Files, kept across the demo's runs like the Notes; their
   * calls are counted on their own counters, not in a run's API calls.
   */
  private final InMemoryAttachmentSource media = new InMemoryAttachmentSource();
  private final InMemoryFiles files = new InMemoryFiles();
  private final InMemoryNotes notes;
  /** The org's SMS-Magic history (issue 15), read by {@code import-smsmagic}; none until {@link #withHistory}. */
  private List<io.rcsync.core.domain.SmsMagicRecord> history = List.of();

  public InMemoryAdapters(InMemoryMessageSource messages, InMemoryExtensionDirectory extensions,
      InMemoryCaseDirectory cases, InMemoryNotes notes) {
    this.messages = messages;
    this.extensions = extensions;
    this.cases = cases;
    this.notes = notes;
  }

  /**
   * Gives the in-memory org SMS-Magic history records (issue 15), which {@code import-smsmagic} then reads as if from
   * the org's objects, whatever field map the config names (the records' values are already picked).
   */
  public synchronized InMemoryAdapters withHistory(List<io.rcsync.core.domain.SmsMagicRecord> records) {
    this.history = List.copyOf(records);
    return this;
  }

  public InMemoryMessageSource messages() {
    return messages;
  }

  public InMemoryNotes notes() {
    return notes;
  }

  public InMemoryCaseDirectory cases() {
    return cases;
  }

  /** The demo org's Salesforce Files (MMS media copied by the syncs; issue 12). */
  public InMemoryFiles files() {
    return files;
  }

  @Override
  public RingCentralPorts ringCentral(ConfigFile config, CliEnvironment env, ApiCalls calls) {
    MessageSource source = new MessageSource() {
      @Override
      public void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages) {
        // one request per page, and one for an empty answer
        boolean[] any = {false};
        try {
          messages.fetch(extension, window, page -> {
            any[0] = true;
            calls.increment(ApiCalls.RINGCENTRAL);
            pages.accept(page);
          });
        } finally {
          if (!any[0]) {
            calls.increment(ApiCalls.RINGCENTRAL);
          }
        }
      }

      @Override
      public boolean supportsMessageSync() {
        return messages.supportsMessageSync();
      }

      @Override
      public io.rcsync.core.domain.MessageSyncCheckpoint messageSync(ExtensionId extension,
          io.rcsync.core.domain.MessageSyncRequest request, Consumer<Page> pages) {
        // one request per page, and one for an empty answer or a refused token
        boolean[] any = {false};
        try {
          return messages.messageSync(extension, request, page -> {
            any[0] = true;
            calls.increment(ApiCalls.RINGCENTRAL);
            pages.accept(page);
          });
        } finally {
          if (!any[0]) {
            calls.increment(ApiCalls.RINGCENTRAL);
          }
        }
      }
    };
    ExtensionDirectory directory = () -> {
      calls.increment(ApiCalls.RINGCENTRAL);
      return extensions.listExtensions();
    };
    return RingCentralPorts.withAttachments(RingCentralPorts.of(source, directory,
        () -> "in-memory RingCentral: no login needed",
        () -> "in-memory RingCentral (generated demo data, no credentials)", List::of), media);
  }

  @Override
  public SalesforcePorts salesforce(ConfigFile config, Optional<String> targetOrg, CliEnvironment env, ApiCalls calls) {
    CaseDirectory directory = new CaseDirectory() {
      @Override
      public List<CaseRecord> findByPhones(Collection<PhoneNumber> numbers) {
        calls.increment(ApiCalls.SALESFORCE);
        return cases.findByPhones(numbers);
      }

      @Override
      public void startRun() {
        cases.startRun();
      }
    };
    NoteSink sink = new NoteSink() {
      @Override
      public List<WriteOutcome> upsert(List<NoteDraft> drafts) {
        calls.increment(ApiCalls.SALESFORCE);
        return notes.upsert(drafts);
      }

      @Override
      public int maxBatchSize() {
        return notes.maxBatchSize();
      }

      @Override
      public boolean findsExisting() {
        return notes.findsExisting();
      }

      @Override
      public java.util.Map<String, io.rcsync.core.domain.StoredNote> findExisting(List<String> externalIds) {
        calls.increment(ApiCalls.SALESFORCE);
        return notes.findExisting(externalIds);
      }

      @Override
      public int maxLookupSize() {
        return notes.maxLookupSize();
      }

      @Override
      public List<WriteOutcome> create(List<NoteDraft> drafts) {
        calls.increment(ApiCalls.SALESFORCE);
        return notes.create(drafts);
      }

      @Override
      public List<WriteOutcome> update(List<io.rcsync.core.domain.NoteUpdate> updates) {
        calls.increment(ApiCalls.SALESFORCE);
        return notes.update(updates);
      }

      @Override
      public io.rcsync.core.domain.NoteBodyFormat bodyFormat() {
        return notes.bodyFormat();
      }
    };
    NoteStore store = new NoteStore() {
      @Override
      public List<NoteRecord> find(Query query) {
        calls.increment(ApiCalls.SALESFORCE);
        return notes.find(query);
      }

      @Override
      public Span rcNoteSpan() {
        calls.increment(ApiCalls.SALESFORCE);
        return notes.rcNoteSpan();
      }

      @Override
      public List<DeleteOutcome> delete(List<SalesforceId> ids) {
        calls.increment(ApiCalls.SALESFORCE);
        return notes.delete(ids);
      }

      @Override
      public List<WriteOutcome> restore(List<NoteRecord> records) {
        calls.increment(ApiCalls.SALESFORCE);
        return notes.restore(records);
      }

      @Override
      public int maxBatchSize() {
        return notes.maxBatchSize();
      }
    };
    LitifySchema schema = config.sync().schema();
    SalesforcePorts ports = SalesforcePorts.withFiles(SalesforcePorts.of(directory, sink, store,
        () -> "in-memory Salesforce: no login needed",
        () -> "in-memory Salesforce org (generated demo data)", name -> describeObject(schema, name)), files);
    List<io.rcsync.core.domain.SmsMagicRecord> records;
    synchronized (this) {
      records = history;
    }
    if (records.isEmpty()) {
      return ports;
    }
    // each read of a page counts as one Salesforce call, as a SOQL page would
    return SalesforcePorts.withHistory(ports, (fields, batchSize) -> new io.rcsync.testkit.fake.InMemoryHistory(calls)
        .pageSize(batchSize).addAll(records)
        .describedAs("in-memory org: SMS History and Incoming SMS (generated demo history)"));
  }

  /** What doctor sees of the generated org: every configured object and field exists and is writable. */
  private static Optional<ObjectInfo> describeObject(LitifySchema schema, String name) {
    Map<String, FieldInfo> fields = new LinkedHashMap<>();
    if (name.equals(schema.noteObject())) {
      for (String f : List.of(schema.noteBodyField(), schema.noteTopicField(), schema.noteMatterField(),
          schema.noteIntakeField(), "OwnerId")) {
        fields.put(f, new FieldInfo(f, "string", true, true, false));
      }
      fields.put(schema.noteExternalIdField(), new FieldInfo(schema.noteExternalIdField(), "string", true, true, true));
      schema.messageTimeField().ifPresent(f -> fields.put(f, new FieldInfo(f, "datetime", true, true, false)));
      schema.counterpartyField().ifPresent(f -> fields.put(f, new FieldInfo(f, "string", true, true, false)));
    } else if (name.equals(schema.matterObject()) || name.equals(schema.intakeObject())) {
      for (String f : schema.phoneFields()) {
        fields.put(f, new FieldInfo(f, "phone", true, true, false));
      }
      String status = name.equals(schema.matterObject()) ? schema.matterStatusField() : schema.intakeStatusField();
      fields.put(status, new FieldInfo(status, "picklist", true, true, false));
    } else if (name.equals("ContentVersion")) {
      // Salesforce Files (issue 12): what a copy writes; FirstPublishLocationId can be set on create only
      fields.put("ExternalDocumentInfo1", new FieldInfo("ExternalDocumentInfo1", "string", true, true, false));
      fields.put("FirstPublishLocationId", new FieldInfo("FirstPublishLocationId", "reference", true, false, false));
    } else if (name.equals("ContentDocumentLink")) {
      fields.put("LinkedEntityId", new FieldInfo("LinkedEntityId", "reference", true, false, false));
    } else {
      return Optional.empty();
    }
    return Optional.of(new ObjectInfo(name, true, true, true, fields));
  }
}

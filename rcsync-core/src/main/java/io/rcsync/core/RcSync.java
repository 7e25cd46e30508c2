package io.rcsync.core;

import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.in.IngestMessagesUseCase;
import io.rcsync.core.port.in.RestoreNotesUseCase;
import io.rcsync.core.port.in.RollbackCommand;
import io.rcsync.core.port.in.RollbackNotesUseCase;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.SyncMessagesUseCase;
import io.rcsync.core.port.in.VerifyNotesUseCase;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.port.out.ManifestStore;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.port.out.PushSubscriptions;
import io.rcsync.core.port.out.SyncStateStore;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.report.VerifyReport;
import io.rcsync.core.service.RollbackService;
import io.rcsync.core.service.SyncService;
import io.rcsync.core.service.SyncSettings;
import io.rcsync.core.service.VerifyService;
import io.rcsync.core.service.push.PushService;
import io.rcsync.core.service.push.PushSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one entry point for embedders: give it the rules and the adapters, then sync, ingest pushed messages,
 * verify, roll back or restore.
 *
 * <pre>{@code
 * RcSync rcsync = RcSync.builder()
 *     .settings(ConfigLoader.load(Path.of("config/sync-config.json")).toSettings())
 *     .messageSource(ringCentralSource)
 *     .caseDirectory(salesforceCases)
 *     .noteSink(salesforceNotes)
 *     .build();
 * RunReport report = rcsync.sync(SyncCommand.backfill("wave1_intake", since, null, true));
 * }</pre>
 */
public final class RcSync implements SyncMessagesUseCase, IngestMessagesUseCase, VerifyNotesUseCase,
    RollbackNotesUseCase, RestoreNotesUseCase {
  private final SyncService sync;
  private final Optional<VerifyService> verify;
  private final Optional<RollbackService> rollback;
  private final ApiCalls apiCalls;
  private final boolean hasState;
  private final Clock clock;

  private RcSync(Builder b) {
    this.hasState = b.stateStore != null;
    SyncSettings settings = Objects.requireNonNull(b.settings, "settings");
    SyncStateStore state = b.stateStore != null ? b.stateStore : new UnsupportedState();
    this.apiCalls = b.apiCalls;
    this.clock = b.clock;
    this.sync = new SyncService(settings, Objects.requireNonNull(b.messageSource, "messageSource"),
        Optional.ofNullable(b.extensionDirectory), Objects.requireNonNull(b.caseDirectory, "caseDirectory"),
        Objects.requireNonNull(b.noteSink, "noteSink"), state, b.clock, b.apiCalls,
        Optional.ofNullable(b.attachmentSource), Optional.ofNullable(b.fileStore));
    this.verify = Optional.ofNullable(b.noteStore).map(s -> new VerifyService(settings, b.messageSource,
        Optional.ofNullable(b.extensionDirectory), b.caseDirectory, b.noteSink, s, b.clock, b.apiCalls,
        Optional.ofNullable(b.fileStore)));
    this.rollback = b.noteStore == null || b.manifestStore == null ? Optional.empty()
        : Optional.of(new RollbackService(settings.roster(), b.noteStore, b.manifestStore, b.clock, b.apiCalls,
            Optional.ofNullable(b.fileStore), Optional.ofNullable(b.attachmentSource), Optional.ofNullable(b.messageSource)));
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public RunReport sync(SyncCommand command) {
    if (command.mode() == io.rcsync.core.port.in.SyncMode.INCREMENTAL && !hasState) {
      throw new IllegalStateException("an incremental sync needs a SyncStateStore for its watermarks: set one on the builder");
    }
    return sync.sync(command);
  }

  @Override
  public RunReport ingest(List<SmsMessage> messages, boolean dryRun) {
    return sync.ingest(messages, dryRun);
  }

  @Override
  public VerifyReport verify(VerifyCommand command) {
    return verify.orElseThrow(() -> new IllegalStateException("verify needs a NoteStore: set one on the builder"))
        .verify(command);
  }

  @Override
  public RollbackReport rollback(RollbackCommand command) {
    return rollbackService().rollback(command);
  }

  @Override
  public RestoreReport restore(String manifestLocation, boolean dryRun) {
    return rollbackService().restore(manifestLocation, dryRun);
  }

  /**
   * A push service (issue 11 item 4) that writes through this instance: pushed texts by {@link #ingest}, store
   * changes and the safety net by incremental {@link #sync}. Needs a state store, as incremental syncs do. Start it
   * once the webhook endpoint answers; close it to stop.
   *
   * @param log one line per subscription action, batch and sync (never a token)
   */
  public PushService push(PushSettings settings, PushSubscriptions subscriptions, Consumer<String> log) {
    if (!hasState) {
      throw new IllegalStateException("a push service syncs incrementally and needs a SyncStateStore: set one on the builder");
    }
    return PushService.withThreads(settings, this, this, subscriptions, clock, log);
  }

  /** Calls made to each external system so far, as counted by the adapters sharing this counter. */
  public Map<String, Long> apiCalls() {
    return apiCalls.snapshot();
  }

  private RollbackService rollbackService() {
    return rollback.orElseThrow(() -> new IllegalStateException(
        "rollback/restore need a NoteStore and a ManifestStore: set both on the builder"));
  }

  /** Builder; {@code settings}, {@code messageSource}, {@code caseDirectory} and {@code noteSink} are required. */
  public static final class Builder {
    private SyncSettings settings;
    private MessageSource messageSource;
    private ExtensionDirectory extensionDirectory;
    private CaseDirectory caseDirectory;
    private NoteSink noteSink;
    private NoteStore noteStore;
    private SyncStateStore stateStore;
    private ManifestStore manifestStore;
    private AttachmentSource attachmentSource;
    private FileStore fileStore;
    private Clock clock = Clock.systemUTC();
    private ApiCalls apiCalls = new ApiCalls();

    private Builder() {}

    public Builder settings(SyncSettings settings) {
      this.settings = settings;
      return this;
    }

    public Builder config(SyncConfig config) {
      return settings(config.toSettings());
    }

    public Builder messageSource(MessageSource source) {
      this.messageSource = source;
      return this;
    }

    public Builder extensionDirectory(ExtensionDirectory directory) {
      this.extensionDirectory = directory;
      return this;
    }

    public Builder caseDirectory(CaseDirectory directory) {
      this.caseDirectory = directory;
      return this;
    }

    public Builder noteSink(NoteSink sink) {
      this.noteSink = sink;
      return this;
    }

    /** Sets the sink and, when it also reads and deletes Notes, the store. */
    public Builder notes(NoteSink sink) {
      this.noteSink = sink;
      if (sink instanceof NoteStore store) {
        this.noteStore = store;
      }
      return this;
    }

    public Builder noteStore(NoteStore store) {
      this.noteStore = store;
      return this;
    }

    public Builder stateStore(SyncStateStore store) {
      this.stateStore = store;
      return this;
    }

    public Builder manifestStore(ManifestStore store) {
      this.manifestStore = store;
      return this;
    }

    /**
     * Where MMS media is downloaded from (issue 12). With a {@link #fileStore} and {@code attachments.enabled}, a sync
     * copies each MMS's media into Salesforce Files; without either, Notes list their attachments only.
     */
    public Builder attachmentSource(AttachmentSource source) {
      this.attachmentSource = source;
      return this;
    }

    /** Where MMS media is stored (Salesforce Files; issue 12); see {@link #attachmentSource}. */
    public Builder fileStore(FileStore store) {
      this.fileStore = store;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Share one counter with the adapters so reports show the calls they made. */
    public Builder apiCalls(ApiCalls apiCalls) {
      this.apiCalls = Objects.requireNonNull(apiCalls);
      return this;
    }

    public RcSync build() {
      return new RcSync(this);
    }
  }

  private static final class UnsupportedState implements SyncStateStore {
    @Override
    public Optional<Instant> watermark(ExtensionId extension) {
      return Optional.empty();
    }

    @Override
    public void saveWatermarks(Map<ExtensionId, Instant> watermarks) {
      // no state store configured: backfills only, nothing to remember
    }
  }
}

package io.rcsync.core.service.sync;

import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.AttachmentPolicy;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.report.FileIssue;
import io.rcsync.core.support.LimitedInputStream;
import io.rcsync.core.report.FileIssue.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Copies the MMS media of the texts whose Notes exist into Salesforce Files (issue 12), one batch of Notes at a time
 * (the {@link NoteWriter}'s {@link NoteWrittenHook}). For each media attachment ({@link Attachment#isMedia()}) of the
 * batch's texts, keyed {@code rc_att_{messageId}_{attachmentId}} ({@link #key}):
 *
 * <ol>
 *   <li>{@code attachments.enabled=false} → skipped (no call);
 *   <li>ONE {@link FileStore#findByKeys} for the batch's keys: a stored file is counted alreadyStored whatever the
 *       policy says now (already stored wins: the policy decides new copies only), and a missing link to its Note(s)
 *       or to the Matter/Intake they point to is repaired by a share;
 *   <li>for a file not stored, the {@link AttachmentPolicy}: a listed content type not in {@code contentTypes} →
 *       typeRefused; a listed size over {@code maxBytes} → overLimit (no download);
 *   <li>each missing one is opened ({@link AttachmentSource#open}, streamed), refused as overLimit when its
 *       {@code Content-Length} is over {@code maxBytes} or — when the length is unknown or lies — once more than
 *       {@code maxBytes} bytes were read (a counting stream stops the read there), and uploaded published to the
 *       text's first Note: files up to {@link UploadBatcher#BATCHABLE_BYTES} are read into memory and sent together
 *       ({@link FileStore#uploadAll}, by an {@link UploadBatcher}: up to 200 files or
 *       {@link UploadBatcher#BATCH_BYTES} a call), larger ones stream alone ({@link FileStore#upload});
 *   <li>ONE {@link FileStore#share} for the batch: the new files' further links and the repairs;
 *   <li>ONE {@link FileStore#unshare} when a stored file is linked to a Matter/Intake none of its text's Notes points
 *       to any more.
 * </ol>
 *
 * <p><b>Files follow the Note</b>: a file is linked to the Matter/Intake its Notes point to NOW
 * ({@link Written#caseId()}: for an existing Note its lookup as Salesforce holds it — staff may have moved it, and
 * after creation rcsync does not own the case link unless {@code --relink}), never to the draft's record when they
 * differ. When staff moved a Note, its file gets a link to the new record and loses its link to the old one (a record
 * whose key prefix is a Matter's or Intake's and that none of the text's Notes points to; a link to any other kind of
 * record stays), only when all the text's Notes are in the batch. Each link made or removed so counts one in
 * {@code linksMoved}.
 *
 * <p><b>Group texts</b> (one Note per Matter/Intake, issue 10): one file per attachment key, not one per Note. It is
 * published to the text's {@code rc_msg_{id}} Note (the first Note of the batch when that one is not there), and
 * shared with every other Note of the text and with every Matter/Intake the text is on. A text whose Notes span two
 * batches (more Notes than a batch) gets the later Notes' links by a share in the later batch; its file is counted
 * once.
 *
 * <p><b>Outcomes</b>, each recorded once per attachment in the {@link RunLedger#file}: copied (bytes as streamed),
 * already stored, over limit, type refused, skipped, failed (a transient cause: connection, rate limit, 5xx, a
 * refusal without a permanent code, a link not made or not removed, run stopped), unavailable (RingCentral refused the
 * download with a 4xx — 404/410 purged content, 403 — or Salesforce refused the file with a permanent code such as
 * STRING_TOO_LONG, {@link #permanent}), and in a dry run would copy. A failed file keeps the text's extension from
 * moving its watermark past the text and its Message Sync checkpoint, so the next run copies it; an unavailable one
 * makes the run exit 1 but holds nothing back (re-reading cannot cure it); the text stays matched. A group text's
 * file counted by an earlier batch whose later link fails is not counted again but holds the watermark back
 * ({@link RunLedger#fileLinkFailed}).
 *
 * <p><b>Errors</b>: an {@link ExternalSystemException} from the file store that is {@link
 * ExternalSystemException#fatalToRun() fatal} (quota, credentials) stops the run as a Note write does — the batch's
 * files not done yet fail as not processed — and throws {@code RunAborted}; a non-fatal one fails the files of that
 * call. From the attachment source (RingCentral) a non-fatal error fails only that file; a fatal one stops the run.
 *
 * <p><b>Dry run</b>: no download, upload or share. The policy applies by the listed type and size; with
 * {@code lookUp} (the Note sink finds existing Notes) the one {@link FileStore#findByKeys} read per batch tells
 * already stored from would copy, else every allowed file is would copy. Would-copy bytes are the listed sizes; files
 * without one are counted sizeUnknown.
 *
 * <p><b>Not configured</b>: without an {@link AttachmentSource} or a {@link FileStore} (not set on the builder), media
 * is counted skipped and the run gets one warning saying so.
 *
 * <p>Calls per batch of N new small files: Salesforce 1 ({@code findByKeys}) + {@code ceil(N/200)}
 * ({@code uploadAll}; more when 200 of them exceed {@link UploadBatcher#BATCH_BYTES}, plus 1 per file over
 * {@link UploadBatcher#BATCHABLE_BYTES}) + the {@code share} calls (Salesforce 2 per 200 links) + only when a Note
 * was moved the {@code unshare} calls (2 per 100 links); RingCentral N ({@code open}). Memory: at
 * most {@code BATCH_BYTES + BATCHABLE_BYTES} of file bytes at a time. A re-run of the same batch: 1 Salesforce call, none to RingCentral.
 * Bound to one run: make one per run.
 */
public final class FileCopier implements NoteWrittenHook {
  /** The prefix of every file key rcsync writes. */
  public static final String KEY_PREFIX = io.rcsync.core.domain.FileKey.PREFIX;

  private final AttachmentPolicy policy;
  private final Optional<AttachmentSource> source;
  private final Optional<FileStore> store;
  private final boolean dryRun;
  private final boolean lookUp;
  private final RunLedger ledger;
  /** Keys handled by an earlier batch of this run, with the file when it is stored. */
  private final Map<String, Optional<FileStore.StoredFile>> handled = new HashMap<>();
  private boolean warnedMissing;

  /**
   * @param policy {@code attachments.*} ({@code SyncSettings.attachments()})
   * @param source where media is downloaded from; empty when the builder has none
   * @param store where media is stored; empty when the builder has none
   * @param dryRun true to download, upload and share nothing (count only)
   * @param lookUp in a dry run, whether to read which files are stored ({@link FileStore#findByKeys}); a real run
   *     always reads them
   * @param ledger the run's ledger, where every media attachment's outcome ends
   */
  public FileCopier(AttachmentPolicy policy, Optional<AttachmentSource> source, Optional<FileStore> store,
      boolean dryRun, boolean lookUp, RunLedger ledger) {
    this.policy = policy;
    this.source = source;
    this.store = store;
    this.dryRun = dryRun;
    this.lookUp = lookUp;
    this.ledger = ledger;
  }

  /** The stable key of one attachment's file: {@code rc_att_{messageId}_{attachmentId}}. */
  public static String key(MessageId message, Attachment attachment) {
    return io.rcsync.core.domain.FileKey.format(message, attachment.id());
  }

  /** One text of the batch with its Notes that exist: the first is the one files are published to. */
  private record Text(SyncTarget target, SmsMessage message, List<Written> notes) {
    String noteExternalId() {
      return notes.get(0).note().draft().externalId();
    }

    /**
     * Every record the file must be linked to: the Notes (first first), then the Matters/Intakes the Notes point to
     * now ({@link Written#caseId()}: as Salesforce holds them, which staff may have corrected), never the drafts'.
     */
    List<SalesforceId> links() {
      Set<SalesforceId> out = new LinkedHashSet<>();
      notes.forEach(w -> w.noteId().ifPresent(out::add));
      out.addAll(cases());
      return List.copyOf(out);
    }

    /** The Matters/Intakes the text's Notes point to now. */
    Set<SalesforceId> cases() {
      Set<SalesforceId> out = new LinkedHashSet<>();
      notes.forEach(w -> w.caseId().ifPresent(out::add));
      return out;
    }

    /** True when a Note of the text points elsewhere than its draft (staff moved it): links made to it move one. */
    boolean moved(SalesforceId record) {
      return notes.stream().anyMatch(w -> w.caseId().equals(Optional.of(record))
          && !w.note().draft().caseId().sameRecord(record));
    }

    /** Every Note of the text is in this batch (none failed, none in another batch): only then is a link stale. */
    boolean complete() {
      return notes.size() >= notes.get(0).note().notesOfText();
    }

    /**
     * The file's links to a Matter/Intake none of the text's Notes points to any more (staff moved the Note): a
     * linked record that is not one of the text's Notes nor their current records, whose 3-character key prefix (the
     * sObject type, per org) is that of a Matter/Intake the text knows (its drafts' and Notes' records). A link to
     * another kind of record (an Account staff shared the file with) is left alone. Empty unless {@link #complete()}.
     */
    List<SalesforceId> staleLinks(FileStore.StoredFile stored) {
      if (!complete()) {
        return List.of();
      }
      Set<String> casePrefixes = new HashSet<>();
      Set<SalesforceId> current = cases();
      current.forEach(c -> casePrefixes.add(prefix(c)));
      notes.forEach(w -> casePrefixes.add(prefix(w.note().draft().caseId())));
      List<SalesforceId> out = new ArrayList<>();
      for (SalesforceId linked : stored.linkedTo()) {
        boolean aNote = notes.stream().anyMatch(w -> w.noteId().filter(linked::sameRecord).isPresent());
        boolean aCurrentCase = current.stream().anyMatch(linked::sameRecord);
        if (!aNote && !aCurrentCase && casePrefixes.contains(prefix(linked))) {
          out.add(linked);
        }
      }
      return out;
    }

    private static String prefix(SalesforceId id) {
      return id.value().substring(0, Math.min(3, id.value().length()));
    }
  }

  /** One media attachment being handled, and (once decided) its outcome. */
  private static final class Job {
    final Text text;
    final Attachment attachment;
    final String key;
    final String fileName;
    Outcome outcome;
    String reason = "";
    Long size;
    FileStore.StoredFile stored;
    /** Counted by an earlier batch: only its links are repaired, nothing is recorded. */
    boolean repeat;

    Job(Text text, Attachment attachment) {
      this.text = text;
      this.attachment = attachment;
      this.key = key(text.message().id(), attachment);
      this.fileName = MmsNoteBody.displayName(attachment);
      this.size = attachment.size();
    }

    void decide(Outcome o, String why) {
      outcome = o;
      reason = why == null ? "" : why;
    }

    boolean open() {
      return outcome == null;
    }
  }

  @Override
  public void written(List<Written> batch) {
    List<Job> jobs = jobs(batch);
    if (jobs.isEmpty()) {
      return;
    }
    try {
      if (skipAll(jobs)) {
        return;
      }
      jobs.stream().filter(j -> j.repeat).forEach(this::repeat);
      List<Job> open = jobs.stream().filter(Job::open).toList();
      if (!open.isEmpty()) {
        if (dryRun && !lookUp) {
          open.forEach(this::applyPolicy);
          open.stream().filter(Job::open).forEach(j -> j.decide(Outcome.WOULD_COPY, ""));
          return;
        }
        Map<String, FileStore.StoredFile> found;
        try {
          // through the batch's Notes and their Matters/Intakes (indexed), every Note of a group text included, so a
          // file staff unlinked from its Note is still found (and re-linked), never uploaded twice
          found = lookUp(open.stream().map(j -> j.key).distinct().toList(),
              open.stream().flatMap(j -> j.text.notes().stream())
                  .flatMap(w -> java.util.stream.Stream.concat(w.noteId().stream(), w.caseId().stream()))
                  .distinct().toList());
        } catch (ExternalSystemException e) {
          failAll(open, "Salesforce Files lookup failed: " + e.getMessage(), e);
          return;
        }
        UploadBatcher batcher = new UploadBatcher(store.orElseThrow());
        for (Job j : open) {
          FileStore.StoredFile stored = found.get(j.key);
          if (stored != null) {
            // already stored wins: the policy decides new copies only (a tighter policy later does not refuse it)
            j.stored = stored;
            j.size = stored.sizeBytes();
            j.decide(Outcome.ALREADY_STORED, "");
            continue;
          }
          applyPolicy(j);
          if (!j.open()) {
            continue;
          }
          if (dryRun) {
            j.decide(Outcome.WOULD_COPY, "");
          } else {
            copy(j, batcher);
          }
        }
        try {
          batcher.flush();
        } catch (ExternalSystemException e) {
          stop(e);
        }
      }
      if (dryRun) {
        return;
      }
      // the new files' further links, and the repairs of stored ones (also those an earlier batch of this run stored)
      List<FileStore.Share> shares = new ArrayList<>();
      Map<FileStore.Share, Job> shareJobs = new LinkedHashMap<>();
      List<FileStore.Share> unshares = new ArrayList<>();
      Map<FileStore.Share, Job> unshareJobs = new LinkedHashMap<>();
      for (Job j : jobs) {
        if (j.stored != null && (j.outcome == Outcome.COPIED || j.outcome == Outcome.ALREADY_STORED)) {
          for (SalesforceId link : j.text.links()) {
            if (j.stored.linkedTo().stream().noneMatch(link::sameRecord)) {
              FileStore.Share s = new FileStore.Share(j.stored, link);
              shares.add(s);
              shareJobs.put(s, j);
            }
          }
          if (!j.repeat && j.outcome == Outcome.ALREADY_STORED) {
            for (SalesforceId stale : j.text.staleLinks(j.stored)) {
              FileStore.Share s = new FileStore.Share(j.stored, stale);
              unshares.add(s);
              unshareJobs.put(s, j);
            }
          }
        }
      }
      if (!shares.isEmpty()) {
        share(shares, shareJobs);
      }
      if (!unshares.isEmpty()) {
        unshare(unshares, unshareJobs);
      }
    } catch (RunAborted stopped) {
      // files stored before the stop whose links were not made yet: the next run finds them and repairs the links
      for (Job j : jobs) {
        if (j.stored != null && (j.outcome == Outcome.COPIED || j.outcome == Outcome.ALREADY_STORED)
            && !j.stored.linkedTo().containsAll(j.text.links())) {
          j.decide(Outcome.FAILED, "stored, but not linked: " + ledger.stopReason());
        }
      }
      throw stopped;
    } finally {
      record(jobs);
    }
  }

  /**
   * The one lookup of the batch's stored files, by key. Kept in this one method so the lookup can change (e.g.
   * through the Notes' links) without touching the flow; a store's null answer reads as none stored.
   */
  private Map<String, FileStore.StoredFile> lookUp(List<String> keys, List<SalesforceId> noteIds) {
    Map<String, FileStore.StoredFile> found = store.orElseThrow().findByKeys(keys, noteIds);
    return found == null ? Map.of() : found;
  }

  @Override
  public void notProcessed(List<Written> batch) {
    List<Job> jobs = jobs(batch);
    try {
      if (!skipAll(jobs)) {
        jobs.forEach(j -> j.decide(Outcome.FAILED, ledger.stopReason()));
      }
    } finally {
      record(jobs);
    }
  }

  /** The batch's media attachments, texts in order, with their Notes grouped (the {@code rc_msg_{id}} Note first). */
  private List<Job> jobs(List<Written> batch) {
    Map<MessageId, List<Written>> byText = new LinkedHashMap<>();
    for (Written w : batch) {
      if (w.note().message().attachments().stream().anyMatch(Attachment::isMedia)) {
        byText.computeIfAbsent(w.note().message().id(), k -> new ArrayList<>()).add(w);
      }
    }
    List<Job> jobs = new ArrayList<>();
    for (List<Written> notes : byText.values()) {
      List<Written> ordered = new ArrayList<>(notes);
      ordered.sort((a, b) -> Boolean.compare(a.note().draft().furtherOfGroup(), b.note().draft().furtherOfGroup()));
      NoteBatches.Pending first = ordered.get(0).note();
      Text text = new Text(first.target(), first.message(), List.copyOf(ordered));
      Set<String> ids = new HashSet<>();
      for (Attachment a : text.message().attachments()) {
        if (a.isMedia() && ids.add(a.id())) {
          Job j = new Job(text, a);
          if (handled.containsKey(j.key)) {
            j.repeat = true;
          }
          jobs.add(j);
        }
      }
    }
    return jobs;
  }

  /** Skips every job when copying is off or not configured; true then. */
  private boolean skipAll(List<Job> jobs) {
    String why = null;
    if (!policy.enabled()) {
      why = "attachments.enabled=false: set it to true to copy MMS media into Salesforce Files";
    } else if (source.isEmpty() || store.isEmpty()) {
      why = "not configured: rcsync was built without an AttachmentSource or FileStore";
      if (!warnedMissing) {
        warnedMissing = true;
        ledger.warn("MMS media is not copied into Salesforce Files: rcsync was built without an "
            + (source.isEmpty() ? "AttachmentSource" : "FileStore")
            + " (RcSync.Builder.attachmentSource/fileStore); the files are counted as skipped");
      }
    }
    if (why == null) {
      return false;
    }
    for (Job j : jobs) {
      j.decide(Outcome.SKIPPED, why);
    }
    return true;
  }

  /** A file an earlier batch of this run counted: only this batch's further Notes' links are made. */
  private void repeat(Job j) {
    if (dryRun || handled.get(j.key).isEmpty()) {
      j.decide(Outcome.SKIPPED, "counted in an earlier batch");
    } else {
      j.stored = handled.get(j.key).get();
      j.decide(Outcome.ALREADY_STORED, "");
    }
  }

  /**
   * The {@code attachments.*} decision on the listed type and size, for a file not stored yet. Kept in this one
   * method so a shared {@code AttachmentPolicy} decision can replace it.
   */
  /** The policy's one decision on the listed type and size (the same verify applies: AttachmentPolicy#decide). */
  private void applyPolicy(Job j) {
    AttachmentPolicy.Decision d = policy.decide(j.fileName, j.attachment.contentType(), j.attachment.size());
    if (d.verdict() == AttachmentPolicy.Verdict.TYPE_REFUSED) {
      j.decide(Outcome.TYPE_REFUSED, d.reason());
    } else if (d.verdict() == AttachmentPolicy.Verdict.OVER_LIMIT) {
      j.decide(Outcome.OVER_LIMIT, d.reason());
    }
  }

  private String typeRefused(Job j, String type) {
    return j.fileName + " has content type " + type.split(";", 2)[0].strip() + ", not in attachments.contentTypes "
        + policy.contentTypes() + ": add it there to copy it";
  }

  /**
   * Downloads one missing file and uploads it: a small one (up to {@link UploadBatcher#BATCHABLE_BYTES}) is read into
   * memory and joins the batch's {@link FileStore#uploadAll}, a larger one streams alone through
   * {@link FileStore#upload}. Decides its outcome, or leaves it to the batch's answer.
   */
  private void copy(Job j, UploadBatcher batcher) {
    AttachmentSource.Content content;
    try {
      content = source.orElseThrow().open(j.text.target().extension(), j.text.message().id(), j.attachment);
    } catch (ExternalSystemException e) {
      if (e.kind() == ExternalSystemException.Kind.REJECTED) {
        // RingCentral refused this download for good (404/410: purged; 403; another 4xx): no retry can cure it
        j.decide(Outcome.UNAVAILABLE, "download refused: " + e.getMessage());
      } else {
        j.decide(Outcome.FAILED, "download failed: " + e.getMessage());
      }
      if (e.fatalToRun()) {
        stop(e);
      }
      return;
    } catch (RuntimeException e) {
      j.decide(Outcome.FAILED, "download failed: " + describe(e));
      return;
    }
    if (content == null) {
      j.decide(Outcome.FAILED, "download failed: the attachment source returned no content");
      return;
    }
    String served = content.contentType() == null || content.contentType().isBlank()
        ? j.attachment.contentType() : content.contentType();
    if ((j.attachment.contentType() == null || j.attachment.contentType().isBlank()) && served != null
        && !served.isBlank() && !policy.allowsType(served)) {
      closeQuietly(content);
      j.decide(Outcome.TYPE_REFUSED, typeRefused(j, served));
      return;
    }
    OptionalLong length = content.length();
    if (length.isPresent() && !policy.allowsSize(length.getAsLong())) {
      closeQuietly(content);
      j.size = length.getAsLong();
      j.decide(Outcome.OVER_LIMIT, j.fileName + " is " + length.getAsLong() + " bytes (Content-Length), over"
          + " attachments.maxBytes (" + policy.maxBytes() + "): raise attachments.maxBytes to copy it");
      return;
    }
    LimitedInputStream counted = new LimitedInputStream(content.stream(), policy.maxBytes(), "attachments.maxBytes");
    String contentType = served == null || served.isBlank() ? "application/octet-stream" : served;
    UploadBatcher.Read read;
    try {
      read = UploadBatcher.read(counted, length);
    } catch (IOException | RuntimeException e) {
      closeQuietly(content);
      if (counted.exceeded()) {
        overLimit(j, length);
      } else {
        j.decide(Outcome.FAILED, "download failed: " + (e.getMessage() == null ? e.getClass().getName()
            : e.getMessage()));
        if (e instanceof ExternalSystemException x && x.fatalToRun()) {
          stop(x);
        }
      }
      return;
    }
    if (read.complete()) {
      closeQuietly(content);
      byte[] bytes = read.head();
      FileStore.Upload upload = new FileStore.Upload(j.key, j.fileName, j.fileName, contentType, j.text.links(),
          UploadBatcher.inMemory(bytes, contentType));
      try {
        batcher.add(upload, bytes.length, (outcome, failure) -> uploaded(j, outcome, failure, bytes.length));
      } catch (ExternalSystemException e) {
        stop(e);
      }
      return;
    }
    FileStore.Upload upload = new FileStore.Upload(j.key, j.fileName, j.fileName, contentType, j.text.links(),
        new AttachmentSource.Content(UploadBatcher.rest(read, counted), contentType, length));
    FileStore.UploadOutcome outcome;
    try {
      outcome = store.orElseThrow().upload(upload);
    } catch (ExternalSystemException e) {
      j.decide(Outcome.FAILED, "upload failed: " + e.getMessage());
      if (e.fatalToRun()) {
        stop(e);
      }
      return;
    } catch (RuntimeException e) {
      // e.g. a store that rethrows the counting stream's stop as an UncheckedIOException
      if (!counted.exceeded()) {
        j.decide(Outcome.FAILED, "upload failed: " + describe(e));
        return;
      }
      outcome = null;
    } finally {
      closeQuietly(content);
    }
    if (counted.exceeded()) {
      overLimit(j, length);
      return;
    }
    uploaded(j, outcome, null, counted.count());
  }

  private void overLimit(Job j, OptionalLong length) {
    j.size = null;
    j.decide(Outcome.OVER_LIMIT, j.fileName + " streamed more than attachments.maxBytes (" + policy.maxBytes()
        + " bytes" + (length.isPresent() ? ", although its Content-Length said " + length.getAsLong() : "")
        + "): raise attachments.maxBytes to copy it");
  }

  /** Decides a file by the store's answer: copied (once its links are shared), or failed. */
  private static void uploaded(Job j, FileStore.UploadOutcome outcome, ExternalSystemException failure, long bytes) {
    if (failure != null) {
      j.decide(Outcome.FAILED, "upload failed: " + failure.getMessage());
      return;
    }
    if (outcome == null || outcome.stored() == null || outcome.stored().isEmpty()) {
      String error = outcome == null || outcome.error() == null ? "no result returned for this file"
          : outcome.error().orElse("no result returned for this file");
      j.decide(permanent(error) ? Outcome.UNAVAILABLE : Outcome.FAILED, "upload refused: " + error);
      return;
    }
    j.stored = outcome.stored().get();
    j.size = bytes;
    j.decide(Outcome.COPIED, "");
  }

  /**
   * Salesforce's record errors no retry can cure, for a file the store refused
   * (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm#statuscode):
   * a value too long or invalid for its field, a validation rule, or the file over the store's size limit.
   * Other refusals (row lock, a 5xx, no result) stay failed and are retried by the next run.
   */
  static boolean permanent(String error) {
    if (error == null) {
      return false;
    }
    for (String code : PERMANENT_CODES) {
      if (error.contains(code)) {
        return true;
      }
    }
    return error.contains("is over the limit of");
  }

  private static final List<String> PERMANENT_CODES = List.of("STRING_TOO_LONG", "INVALID_FIELD",
      "FIELD_INTEGRITY_EXCEPTION", "INVALID_TYPE_ON_FIELD_IN_RECORD", "FIELD_CUSTOM_VALIDATION_EXCEPTION",
      "REQUIRED_FIELD_MISSING", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "MALFORMED_ID");

  /** Closes a download; a failing close is no reason to lose the file's outcome (its bytes were read or refused). */
  private static void closeQuietly(AttachmentSource.Content content) {
    try {
      content.close();
    } catch (RuntimeException ignored) {
      // nothing to do: the stream is abandoned either way
    }
  }

  /** The one share call of the batch; a failed link fails its file (it is stored: the next run repairs the link). */
  private void share(List<FileStore.Share> shares, Map<FileStore.Share, Job> shareJobs) {
    List<FileStore.ShareOutcome> outcomes;
    try {
      outcomes = store.orElseThrow().share(shares);
    } catch (ExternalSystemException e) {
      for (Job j : new LinkedHashSet<>(shareJobs.values())) {
        j.decide(Outcome.FAILED, "stored, but linking it failed: " + e.getMessage());
      }
      if (e.fatalToRun()) {
        stop(e);
      }
      return;
    }
    outcomes = outcomes == null ? List.of() : outcomes.stream().filter(o -> o != null && o.share() != null).toList();
    // matched by (version, record): a store returns each share with its file completed (document id, links)
    Map<String, Job> byLink = new HashMap<>();
    shareJobs.forEach((s, j) -> byLink.put(linkKey(s), j));
    Set<String> answered = new HashSet<>();
    for (FileStore.ShareOutcome o : outcomes) {
      answered.add(linkKey(o.share()));
      Job j = byLink.get(linkKey(o.share()));
      if (j != null && !o.linked() && j.outcome != Outcome.FAILED) {
        j.decide(Outcome.FAILED, "stored, but not linked to " + o.share().record().value() + ": "
            + o.error().orElse(""));
      } else if (j != null && o.linked() && j.text.moved(o.share().record())) {
        ledger.linksMoved(j.text.target(), 1);
      }
    }
    for (Map.Entry<FileStore.Share, Job> e : shareJobs.entrySet()) {
      if (!answered.contains(linkKey(e.getKey())) && e.getValue().outcome != Outcome.FAILED) {
        e.getValue().decide(Outcome.FAILED, "stored, but no result returned for its link to "
            + e.getKey().record().value());
      }
    }
  }

  /**
   * The one unlink call of the batch: a stored file leaves the Matters/Intakes none of its text's Notes points to any
   * more (staff moved the Note; files follow it). Each link removed counts one in linksMoved; a failed removal fails
   * its file (the next run removes it).
   */
  private void unshare(List<FileStore.Share> unshares, Map<FileStore.Share, Job> unshareJobs) {
    List<FileStore.ShareOutcome> outcomes;
    try {
      outcomes = store.orElseThrow().unshare(unshares);
    } catch (ExternalSystemException e) {
      for (Job j : new LinkedHashSet<>(unshareJobs.values())) {
        if (j.outcome != Outcome.FAILED) {
          j.decide(Outcome.FAILED, "stored, but removing its link to a record its Note left failed: " + e.getMessage());
        }
      }
      if (e.fatalToRun()) {
        stop(e);
      }
      return;
    }
    Map<String, Job> byLink = new HashMap<>();
    unshareJobs.forEach((s, j) -> byLink.put(linkKey(s), j));
    Set<String> answered = new HashSet<>();
    for (FileStore.ShareOutcome o : outcomes == null ? List.<FileStore.ShareOutcome>of() : outcomes) {
      if (o == null || o.share() == null) {
        continue;
      }
      Job j = byLink.get(linkKey(o.share()));
      if (j == null) {
        continue;
      }
      answered.add(linkKey(o.share()));
      if (o.linked()) {
        ledger.linksMoved(j.text.target(), 1);
      } else if (j.outcome != Outcome.FAILED) {
        j.decide(Outcome.FAILED, "stored, but its link to " + o.share().record().value() + " (its Note points"
            + " elsewhere now) was not removed: " + o.error().orElse(""));
      }
    }
    for (Map.Entry<FileStore.Share, Job> e : unshareJobs.entrySet()) {
      if (!answered.contains(linkKey(e.getKey())) && e.getValue().outcome != Outcome.FAILED) {
        e.getValue().decide(Outcome.FAILED, "stored, but no result returned for removing its link to "
            + e.getKey().record().value());
      }
    }
  }

  /** A link by its file's version and the record, each by its 15-character id (case-sensitive). */
  private static String linkKey(FileStore.Share s) {
    return s.file().contentVersionId().shortForm() + "/" + s.record().shortForm();
  }

  /** Aborts the run; the batch's files not decided yet fail as not processed. */
  private void stop(ExternalSystemException e) {
    ledger.abort(e.getMessage());
    throw new RunAborted();
  }

  private void failAll(List<Job> jobs, String reason, ExternalSystemException e) {
    jobs.forEach(j -> j.decide(Outcome.FAILED, reason));
    if (e.fatalToRun()) {
      stop(e);
    }
  }

  /** Records every job once (undecided ones failed as not processed: the run stopped). */
  private void record(List<Job> jobs) {
    for (Job j : jobs) {
      if (j.open()) {
        j.decide(Outcome.FAILED, ledger.stopped() ? ledger.stopReason() : "not processed");
      }
      if (j.repeat) {
        if (j.outcome == Outcome.FAILED) {
          // its file was counted by an earlier batch; its link to this batch's Notes/records failed: pin, once counted
          ledger.fileLinkFailed(j.text.target(), j.text.message(), issue(j));
        }
        continue;
      }
      handled.put(j.key, Optional.ofNullable(j.outcome == Outcome.FAILED ? null : j.stored));
      ledger.file(j.text.target(), j.text.message(), issue(j));
    }
  }

  private static FileIssue issue(Job j) {
    return new FileIssue(j.text.message().id().value(), j.text.target().extension().value(), j.attachment.id(),
        j.fileName, j.attachment.contentType(), j.size, j.text.noteExternalId(), j.outcome, j.reason);
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName() : e.getMessage();
  }
}

package io.rcsync.core.service.sync;

import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.FileStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Gathers small files into {@link FileStore#uploadAll} calls (many files per Salesforce call) while large ones go
 * alone through {@link FileStore#upload}, streamed. Used by the sync's {@link FileCopier} and by restore.
 *
 * <p><b>Memory</b>: a file is read into memory only up to {@link #BATCHABLE_BYTES} ({@link #read}); a pending batch
 * holds at most {@link #BATCH_BYTES} bytes and {@link FileStore#MAX_FILES_PER_CALL} files, then is sent. So the
 * batcher holds at most {@code BATCH_BYTES + BATCHABLE_BYTES} bytes at a time, whatever the number of files.
 *
 * <p><b>Calls</b>: N small files cost {@code ceil(N / 200)} uploads (more only when they are large enough that 200 of
 * them exceed {@link #BATCH_BYTES}: 200 files of 200 KB = 40 MB make two calls), each large file one.
 *
 * <p>Not thread-safe; one per batch of work.
 */
public final class UploadBatcher {
  /**
   * Files up to this many bytes (4 MiB) are read into memory and batched; larger ones stream alone. RingCentral MMS
   * carry at most 1.5 MB in all per message (its sending limit), so every MMS file is batchable; 4 MiB leaves room for
   * a received MMS slightly over that without letting one file take a large share of {@link #BATCH_BYTES}.
   */
  public static final int BATCHABLE_BYTES = 4 * 1024 * 1024;

  /**
   * The bytes one batch may gather before it is sent (32 MiB): what rcsync holds in memory for a batch, well under
   * Salesforce's 500 MB per sObject Collections request ({@link FileStore#MAX_BYTES_PER_CALL}).
   */
  public static final long BATCH_BYTES = 32L * 1024 * 1024;

  /** What became of one upload: its outcome, or the failure of the whole call it was in. */
  public interface Done {
    /**
     * @param outcome the store's outcome for this upload; null when the call failed
     * @param failure the whole call's failure; null when there is an outcome
     */
    void done(FileStore.UploadOutcome outcome, ExternalSystemException failure);
  }

  /** The start of a content read into memory: {@code complete} when it is the whole file. */
  public record Read(byte[] head, boolean complete) {}

  private record Pending(FileStore.Upload upload, long bytes, Done done) {}

  private final FileStore store;
  private final int maxFiles;
  private final long maxBytes;
  private final List<Pending> pending = new ArrayList<>();
  private long pendingBytes;
  private int calls;

  /** A batcher of {@link FileStore#MAX_FILES_PER_CALL} files and {@link #BATCH_BYTES} bytes per call. */
  public UploadBatcher(FileStore store) {
    this(store, FileStore.MAX_FILES_PER_CALL, BATCH_BYTES);
  }

  /**
   * @param maxFiles files per {@link FileStore#uploadAll} call, 1 to {@link FileStore#MAX_FILES_PER_CALL}
   * @param maxBytes bytes per call, 1 to {@link FileStore#MAX_BYTES_PER_CALL}
   */
  public UploadBatcher(FileStore store, int maxFiles, long maxBytes) {
    this.store = Objects.requireNonNull(store, "store");
    if (maxFiles < 1 || maxFiles > FileStore.MAX_FILES_PER_CALL || maxBytes < 1
        || maxBytes > FileStore.MAX_BYTES_PER_CALL) {
      throw new IllegalArgumentException("maxFiles must be 1.." + FileStore.MAX_FILES_PER_CALL + " and maxBytes 1.."
          + FileStore.MAX_BYTES_PER_CALL + ", not " + maxFiles + " and " + maxBytes);
    }
    this.maxFiles = maxFiles;
    this.maxBytes = maxBytes;
  }

  /**
   * Reads a content into memory up to {@link #BATCHABLE_BYTES}: complete when the stream ended there (a small file),
   * else the bytes read so far (give them back with {@link #rest} to stream the file alone). A known length over the
   * limit reads nothing. The stream's own errors (an over-limit guard, a broken download) propagate.
   */
  public static Read read(InputStream in, OptionalLong length) throws IOException {
    if (length.isPresent() && length.getAsLong() > BATCHABLE_BYTES) {
      return new Read(new byte[0], false);
    }
    byte[] head = in.readNBytes(BATCHABLE_BYTES + 1);
    return head.length <= BATCHABLE_BYTES ? new Read(head, true) : new Read(head, false);
  }

  /** The whole file again from what {@link #read} took and the rest of the stream. */
  public static InputStream rest(Read read, InputStream in) {
    return read.head().length == 0 ? in : new SequenceInputStream(new ByteArrayInputStream(read.head()), in);
  }

  /** An upload of bytes in memory: its content is re-readable and of known length. */
  public static AttachmentSource.Content inMemory(byte[] bytes, String contentType) {
    return new AttachmentSource.Content(new ByteArrayInputStream(bytes), contentType, OptionalLong.of(bytes.length));
  }

  /**
   * Adds an upload whose content is in memory ({@link #inMemory}, {@code bytes} long) to the pending batch, sending
   * the batch first when this file would take it over its files or bytes. {@code done} hears of it when its batch was
   * sent.
   *
   * @throws ExternalSystemException only when a batch sent now failed {@link ExternalSystemException#fatalToRun()
   *     fatally}, after every file of that call heard of it
   */
  public void add(FileStore.Upload upload, long bytes, Done done) {
    if (!pending.isEmpty() && (pending.size() >= maxFiles || pendingBytes + bytes > maxBytes)) {
      flush();
    }
    pending.add(new Pending(upload, bytes, done));
    pendingBytes += bytes;
  }

  /**
   * Sends the pending batch in one {@link FileStore#uploadAll} (nothing when empty); each file hears its outcome, a
   * file the store gave no outcome for hears a one-line refusal.
   *
   * @throws ExternalSystemException only when the call failed fatally (quota, credentials), after every file of it
   *     heard of it; a non-fatal failure is only heard by the files
   */
  public void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> batch = List.copyOf(pending);
    pending.clear();
    pendingBytes = 0;
    List<FileStore.UploadOutcome> outcomes;
    calls++;
    try {
      outcomes = store.uploadAll(batch.stream().map(Pending::upload).toList());
    } catch (ExternalSystemException e) {
      batch.forEach(p -> p.done().done(null, e));
      if (e.fatalToRun()) {
        throw e;
      }
      return;
    }
    // a store's null list or null outcome is "no result" for those files, never a NullPointerException
    List<FileStore.UploadOutcome> answered = outcomes == null ? List.of() : outcomes;
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      FileStore.UploadOutcome o = i < answered.size() ? answered.get(i) : null;
      if (o == null || !p.upload().key().equals(o.key())) {
        // matched by order and checked by key: a store that answered out of order must not misfile a result
        FileStore.UploadOutcome byKey = answered.stream()
            .filter(x -> x != null && p.upload().key().equals(x.key())).findFirst().orElse(null);
        o = byKey != null ? byKey : new FileStore.UploadOutcome(p.upload().key(), java.util.Optional.empty(),
            java.util.Optional.of("no result returned for this file"));
      }
      p.done().done(o, null);
    }
  }

  /** Files waiting for the next {@link #flush}. */
  public int pendingFiles() {
    return pending.size();
  }

  /** {@link FileStore#uploadAll} calls made so far. */
  public int calls() {
    return calls;
  }
}

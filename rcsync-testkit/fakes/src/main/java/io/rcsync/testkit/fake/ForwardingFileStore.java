package io.rcsync.testkit.fake;

import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.FileStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link FileStore} that passes every call, default methods included, to another: override one method to inject a
 * fault or change one answer in a test, and the rest behaves as the wrapped store. Forwarding the defaults too keeps a
 * wrapped store's own batching ({@code uploadAll}, {@code storedKeys}, {@code unshare}) instead of the port's
 * one-by-one fallbacks.
 */
public class ForwardingFileStore implements FileStore {
  private final FileStore to;

  /** @param to the store every call goes to */
  public ForwardingFileStore(FileStore to) {
    this.to = Objects.requireNonNull(to, "to");
  }

  @Override
  public Map<String, StoredFile> findByKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
    return to.findByKeys(keys, noteIds);
  }

  @Override
  public Set<String> storedKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
    return to.storedKeys(keys, noteIds);
  }

  @Override
  public List<StoredFile> findByNotes(Collection<SalesforceId> noteIds) {
    return to.findByNotes(noteIds);
  }

  @Override
  public UploadOutcome upload(Upload upload) {
    return to.upload(upload);
  }

  @Override
  public List<UploadOutcome> uploadAll(List<Upload> uploads) {
    return to.uploadAll(uploads);
  }

  @Override
  public List<ShareOutcome> share(List<Share> shares) {
    return to.share(shares);
  }

  @Override
  public List<ShareOutcome> unshare(List<Share> shares) {
    return to.unshare(shares);
  }

  @Override
  public List<DeleteOutcome> delete(Collection<SalesforceId> contentDocumentIds) {
    return to.delete(contentDocumentIds);
  }
}

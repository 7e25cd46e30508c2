package io.rcsync.testkit.contract;

import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.FileStore;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * One {@link FileStore} under test for {@link FileStoreContract}, with the records its files link to and a back door.
 *
 * @param store the store under test
 * @param matter a Matter (or Intake) files are shared with
 * @param newNote makes a new Note (on the Matter) and returns its id
 * @param insertForeign puts a file that rcsync did not upload (no rcsync key) linked to the given record and returns
 *     its ContentDocument id
 * @param calls the Salesforce API calls the backend has served so far, when it can tell (the call-count cases of
 *     {@link FileStoreContract} are skipped without it); null when it cannot
 */
public record FileBackend(FileStore store, SalesforceId matter, Supplier<SalesforceId> newNote,
    Function<SalesforceId, SalesforceId> insertForeign, IntSupplier calls) {
  public FileBackend {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(matter, "matter");
    Objects.requireNonNull(newNote, "newNote");
    Objects.requireNonNull(insertForeign, "insertForeign");
  }

  /** A backend that does not count its calls. */
  public FileBackend(FileStore store, SalesforceId matter, Supplier<SalesforceId> newNote,
      Function<SalesforceId, SalesforceId> insertForeign) {
    this(store, matter, newNote, insertForeign, null);
  }

  /** The calls served so far, empty when the backend does not count them. */
  public OptionalInt callsSoFar() {
    return calls == null ? OptionalInt.empty() : OptionalInt.of(calls.getAsInt());
  }
}

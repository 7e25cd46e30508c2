package io.rcsync.cli.wiring;

import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.salesforce.SalesforceDescribe.ObjectInfo;
import java.util.Optional;
import io.rcsync.core.port.out.FileStore;
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
   * Salesforce Files for MMS media (issue 12), handed to the {@code RcSync} builder; empty when these ports have none
   * (media is then counted skipped, with a warning).
   */
  default Optional<FileStore> files() {
    return Optional.empty();
  }

  /** The same ports with a {@link FileStore} for MMS media. */
  static SalesforcePorts withFiles(SalesforcePorts base, FileStore files) {
    return new WithFiles(base, files);
  }

  /** {@code base} plus a {@link FileStore}; everything else delegated. */
  record WithFiles(SalesforcePorts base, FileStore fileStore) implements SalesforcePorts {
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
    public Optional<FileStore> files() {
      return Optional.of(fileStore);
    }
  }

  /** Ports assembled from their parts; the login check, description and describe run on each call. */
  static SalesforcePorts of(CaseDirectory cases, NoteSink sink, NoteStore store, Supplier<String> checkLogin,
      Supplier<String> describe, Function<String, Optional<ObjectInfo>> describeObject) {
    return new Assembled(cases, sink, store, checkLogin, describe, describeObject);
  }

  /** The one implementation {@link #of} returns. */
  record Assembled(CaseDirectory cases, NoteSink sink, NoteStore store, Supplier<String> login,
      Supplier<String> description, Function<String, Optional<ObjectInfo>> objects) implements SalesforcePorts {
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

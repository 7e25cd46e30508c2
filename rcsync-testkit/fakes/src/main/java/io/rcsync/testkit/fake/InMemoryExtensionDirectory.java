package io.rcsync.testkit.fake;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** The phone system's extension list in memory. Each listing counts one RingCentral call. Thread-safe. */
public final class InMemoryExtensionDirectory implements ExtensionDirectory {
  private final ApiCalls apiCalls;
  private final List<Extension> extensions = new ArrayList<>();
  private int listCalls;
  private ExternalSystemException failure;

  public InMemoryExtensionDirectory() {
    this(new ApiCalls());
  }

  public InMemoryExtensionDirectory(ApiCalls apiCalls) {
    this.apiCalls = Objects.requireNonNull(apiCalls, "apiCalls");
  }

  public static InMemoryExtensionDirectory holding(Collection<Extension> extensions) {
    InMemoryExtensionDirectory d = new InMemoryExtensionDirectory();
    d.addAll(extensions);
    return d;
  }

  public synchronized InMemoryExtensionDirectory add(Extension extension) {
    extensions.removeIf(e -> e.id().equals(extension.id()));
    extensions.add(extension);
    return this;
  }

  public synchronized InMemoryExtensionDirectory add(String id, String number, String name) {
    return add(new Extension(ExtensionId.of(id), number, name, "Enabled"));
  }

  public synchronized InMemoryExtensionDirectory addAll(Collection<Extension> more) {
    more.forEach(this::add);
    return this;
  }

  /** Makes every following listing throw (null clears it). */
  public synchronized InMemoryExtensionDirectory failWith(ExternalSystemException e) {
    this.failure = e;
    return this;
  }

  @Override
  public synchronized List<Extension> listExtensions() {
    listCalls++;
    apiCalls.increment(ApiCalls.RINGCENTRAL);
    if (failure != null) {
      throw failure;
    }
    return List.copyOf(extensions);
  }

  public synchronized int listCalls() {
    return listCalls;
  }
}

package io.rcsync.cli.store;

import io.rcsync.core.port.out.PushSubscriptions;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Remembers the verification token of the webhook subscription {@code rcsync serve} created, so a restart can reuse
 * that subscription instead of creating a second one.
 *
 * <p>RingCentral never reports a subscription's verification token back: its subscription record's
 * {@code deliveryMode} holds {@code transportType}, {@code address} and {@code encryption} only
 * (https://ringcentral.github.io/RingCentral.Net/html/classRingCentral_1_1WebhookDeliveryMode-members.html; the token
 * is a request field, {@code WebhookDeliveryModeRequest.verificationToken}). Without it the push service cannot check
 * deliveries and would not reuse the subscription. This decorator of the {@link PushSubscriptions} port writes
 * {@code subscriptionId} and {@code verificationToken} to a properties file (mode 0600, atomically) when a
 * subscription is created, fills the token into the listed or renewed record with that id, and removes the file when
 * that subscription is deleted. A file readable by others, or unreadable, is not trusted: it is ignored (so a new
 * subscription is created and the file rewritten 0600), with one warning line. The token is never shown.
 */
public final class RememberedWebhookToken implements PushSubscriptions {
  /** The file's name, beside the state file. */
  public static final String FILE_NAME = "webhook-token.properties";
  private static final String ID = "subscriptionId";
  private static final String TOKEN = "verificationToken";

  private final PushSubscriptions delegate;
  private final Path file;
  private final String display;
  private final Consumer<String> warn;

  private record Saved(String id, String token) {}

  /**
   * @param file where the token is kept (e.g. {@code .rcsync/webhook-token.properties})
   * @param display the file's name as shown in messages
   * @param warn receives one line when the file is ignored or cannot be written (never the token)
   */
  public RememberedWebhookToken(PushSubscriptions delegate, Path file, String display, Consumer<String> warn) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.file = Objects.requireNonNull(file, "file");
    this.display = Objects.requireNonNull(display, "display");
    this.warn = Objects.requireNonNull(warn, "warn");
  }

  @Override
  public List<Subscription> list() {
    List<Subscription> all = delegate.list();
    Optional<Saved> saved = read();
    return saved.isEmpty() ? all : all.stream().map(s -> withToken(s, saved.get())).toList();
  }

  @Override
  public Subscription create(Request request) {
    Subscription created = delegate.create(request);
    Saved saved = new Saved(created.id(), request.verificationToken());
    write(saved);
    return withToken(created, saved);
  }

  @Override
  public Subscription renew(String id) {
    Subscription renewed = delegate.renew(id);
    Optional<Saved> saved = read();
    return saved.isEmpty() ? renewed : withToken(renewed, saved.get());
  }

  @Override
  public void delete(String id) {
    delegate.delete(id);
    if (read().filter(s -> s.id().equals(id)).isPresent()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        warn.accept("could not delete " + display + " (" + e.getClass().getSimpleName() + "); it names a deleted "
            + "subscription and is ignored");
      }
    }
  }

  private static Subscription withToken(Subscription s, Saved saved) {
    if (s.verificationToken().isPresent() || !s.id().equals(saved.id())) {
      return s;
    }
    return new Subscription(s.id(), s.extensions(), s.eventFilters(), s.address(), Optional.of(saved.token()),
        s.expiresAt(), s.status());
  }

  private Optional<Saved> read() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        if (p.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
          warn.accept(display + " is readable by others: its webhook token is not trusted, a new subscription is "
              + "created and the file rewritten with mode 600");
          return Optional.empty();
        }
      }
      Properties props = new Properties();
      props.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      String id = props.getProperty(ID);
      String token = props.getProperty(TOKEN);
      if (id == null || id.isBlank() || token == null || token.isBlank()) {
        warn.accept(display + " lacks " + ID + " or " + TOKEN + ": ignored (a new subscription is created)");
        return Optional.empty();
      }
      return Optional.of(new Saved(id.strip(), token.strip()));
    } catch (IOException | IllegalArgumentException e) {
      warn.accept("cannot read " + display + " (" + e.getClass().getSimpleName() + "): ignored (a new subscription is "
          + "created)");
      return Optional.empty();
    }
  }

  private void write(Saved saved) {
    Properties props = new Properties();
    props.setProperty(ID, saved.id());
    props.setProperty(TOKEN, saved.token());
    StringWriter text = new StringWriter();
    try {
      props.store(text, "rcsync serve: the webhook subscription it created and its verification token (a secret)");
      AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8), AtomicFiles.ATOMIC_RENAME, true);
    } catch (IOException e) {
      warn.accept("cannot write " + display + " (" + e.getClass().getSimpleName() + "): this run works, but a "
          + "restart creates a new subscription instead of reusing " + saved.id());
    }
  }
}

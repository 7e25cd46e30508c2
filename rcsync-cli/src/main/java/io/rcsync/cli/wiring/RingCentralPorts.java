package io.rcsync.cli.wiring;

import io.rcsync.ringcentral.RingCentralAccountInfo;
import io.rcsync.ringcentral.RingCentralAuth;
import java.util.Optional;

import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.PushEventDecoder;
import io.rcsync.core.port.out.PushSubscriptions;
import java.util.List;
import java.util.function.Supplier;

/** The RingCentral side of a run. */
public interface RingCentralPorts {
  MessageSource messages();

  ExtensionDirectory extensions();

  /**
   * Logs in now (rather than on the first fetch) and says so in one line, e.g. "token valid until 14:05Z".
   *
   * @throws io.rcsync.core.port.out.ExternalSystemException when RingCentral refuses the credentials
   */
  String checkLogin();

  /**
   * Tests the JWT itself, also when {@link #checkLogin()} was answered from a shared token cache: one JWT login of its
   * own (one Auth call), whose extra session is revoked at once; the cached session is left as it is. Says so in one
   * line. Ports without a token cache test the JWT by {@link #checkLogin()} already, so this defaults to it.
   *
   * @throws io.rcsync.core.port.out.ExternalSystemException when RingCentral refuses the JWT or the app's credentials
   */
  default String checkJwt() {
    return checkLogin();
  }

  /**
   * The account's own time zone (Get Account Info's {@code regionalSettings.timezone}; one call), which
   * {@code rcsync init} writes as {@code timeZone}. Empty for ports that cannot read it (fakes, the in-memory demo)
   * and for an account without one.
   *
   * @throws io.rcsync.core.port.out.ExternalSystemException when RingCentral refuses or cannot be reached
   */
  default Optional<RingCentralAccountInfo.AccountTimeZone> accountTimeZone() {
    return Optional.empty();
  }

  /** Where the credentials came from and the server, without any secret. */
  String describe();

  /** Non-fatal findings while loading (credentials file readable by others ...). */
  List<String> warnings();

  /**
   * Ends the cached RingCentral session: revokes it at RingCentral and deletes the token cache (also when the revoke
   * fails). Ports without a token cache (fakes, the in-memory demo) have nothing to end.
   */
  default RingCentralAuth.Logout logout() {
    return new RingCentralAuth.Logout(false, Optional.empty());
  }

  /**
   * What {@code rcsync serve} needs from RingCentral: its webhook subscriptions and the decoder of its deliveries.
   * Empty for ports that cannot push (the plain fakes).
   */
  default Optional<PushPorts> push() {
    return Optional.empty();
  }

  /**
   * Where MMS media is downloaded from (issue 12): restore re-downloads the files it re-creates. Empty for ports
   * without it.
   */
  default Optional<AttachmentSource> attachments() {
    return Optional.empty();
  }

  /** {@code base} with an attachment source; everything else (push included) is {@code base}'s. */
  static RingCentralPorts withAttachments(RingCentralPorts base, AttachmentSource source) {
    return new Extended(base, base.push(), Optional.of(java.util.Objects.requireNonNull(source, "source")));
  }

  /** The push side of RingCentral (issue 11 item 4). */
  record PushPorts(PushSubscriptions subscriptions, PushEventDecoder decoder) {
    public PushPorts {
      java.util.Objects.requireNonNull(subscriptions, "subscriptions");
      java.util.Objects.requireNonNull(decoder, "decoder");
    }
  }

  /** {@code base} plus its push ports; everything else (the attachment source included) is {@code base}'s. */
  static RingCentralPorts withPush(RingCentralPorts base, PushSubscriptions subscriptions, PushEventDecoder decoder) {
    return new Extended(base, Optional.of(new PushPorts(subscriptions, decoder)), base.attachments());
  }

  /**
   * What {@link #withAttachments} and {@link #withPush} return: {@code base} with push ports and an attachment source
   * of its own. One forwarding record for both, so a method added to these ports is forwarded in one place.
   */
  record Extended(RingCentralPorts base, Optional<PushPorts> pushPorts, Optional<AttachmentSource> source)
      implements RingCentralPorts {
    public Extended {
      java.util.Objects.requireNonNull(base, "base");
      java.util.Objects.requireNonNull(pushPorts, "pushPorts");
      java.util.Objects.requireNonNull(source, "source");
    }

    @Override
    public MessageSource messages() {
      return base.messages();
    }

    @Override
    public ExtensionDirectory extensions() {
      return base.extensions();
    }

    @Override
    public String checkLogin() {
      return base.checkLogin();
    }

    @Override
    public String checkJwt() {
      return base.checkJwt();
    }

    @Override
    public String describe() {
      return base.describe();
    }

    @Override
    public Optional<RingCentralAccountInfo.AccountTimeZone> accountTimeZone() {
      return base.accountTimeZone();
    }

    @Override
    public List<String> warnings() {
      return base.warnings();
    }

    @Override
    public RingCentralAuth.Logout logout() {
      return base.logout();
    }

    @Override
    public Optional<PushPorts> push() {
      return pushPorts;
    }

    @Override
    public Optional<AttachmentSource> attachments() {
      return source;
    }
  }

  /** Ports assembled from their parts; the login check, description and warnings run on each call. */
  static RingCentralPorts of(MessageSource messages, ExtensionDirectory extensions, Supplier<String> checkLogin,
      Supplier<String> describe, Supplier<List<String>> warnings) {
    return new Assembled(messages, extensions, checkLogin, describe, warnings,
        () -> new RingCentralAuth.Logout(false, Optional.empty()), checkLogin, Optional::empty);
  }

  /** As {@link #of(MessageSource, ExtensionDirectory, Supplier, Supplier, Supplier)}, with a {@link #logout()}. */
  static RingCentralPorts of(MessageSource messages, ExtensionDirectory extensions, Supplier<String> checkLogin,
      Supplier<String> describe, Supplier<List<String>> warnings, Supplier<RingCentralAuth.Logout> logout) {
    return new Assembled(messages, extensions, checkLogin, describe, warnings, logout, checkLogin, Optional::empty);
  }

  /** As {@link #of(MessageSource, ExtensionDirectory, Supplier, Supplier, Supplier, Supplier)}, with a {@link #checkJwt()}. */
  static RingCentralPorts of(MessageSource messages, ExtensionDirectory extensions, Supplier<String> checkLogin,
      Supplier<String> describe, Supplier<List<String>> warnings, Supplier<RingCentralAuth.Logout> logout,
      Supplier<String> checkJwt) {
    return new Assembled(messages, extensions, checkLogin, describe, warnings, logout, checkJwt, Optional::empty);
  }

  /** As the seven-argument {@code of}, with the account's time zone ({@link #accountTimeZone()}). */
  static RingCentralPorts of(MessageSource messages, ExtensionDirectory extensions, Supplier<String> checkLogin,
      Supplier<String> describe, Supplier<List<String>> warnings, Supplier<RingCentralAuth.Logout> logout,
      Supplier<String> checkJwt, Supplier<Optional<RingCentralAccountInfo.AccountTimeZone>> timeZone) {
    return new Assembled(messages, extensions, checkLogin, describe, warnings, logout, checkJwt, timeZone);
  }

  /** The one implementation {@link #of} returns. */
  record Assembled(MessageSource messages, ExtensionDirectory extensions, Supplier<String> login,
      Supplier<String> description, Supplier<List<String>> findings, Supplier<RingCentralAuth.Logout> logoutAction,
      Supplier<String> jwtCheck, Supplier<Optional<RingCentralAccountInfo.AccountTimeZone>> timeZone)
      implements RingCentralPorts {
    @Override
    public Optional<RingCentralAccountInfo.AccountTimeZone> accountTimeZone() {
      return timeZone.get();
    }

    @Override
    public String checkJwt() {
      return jwtCheck.get();
    }

    @Override
    public RingCentralAuth.Logout logout() {
      return logoutAction.get();
    }

    @Override
    public String checkLogin() {
      return login.get();
    }

    @Override
    public String describe() {
      return description.get();
    }

    @Override
    public List<String> warnings() {
      return findings.get();
    }
  }
}

package io.rcsync.testkit.sim.ringcentral;

import io.rcsync.core.domain.ExtensionId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The simulator's Message Sync tokens. RingCentral's token "includes the datetime of last synchronization; includes
 * the definition of current Sync Frame (set of filters); does not include record count; is encrypted in some way to
 * hide implementation details from client" (https://developers.ringcentral.com/guide/messaging/message-store/message-sync,
 * "Sync Token"). Here a token is the base64url text of {@code extension|change position|epoch|frame dateFrom (epoch
 * ms)|message types|sync time (epoch ms)} followed by an HMAC-SHA256 of that text under a secret drawn per simulator: opaque to clients,
 * bound to one extension, and impossible to forge or to carry to another simulator. Raising the epoch
 * ({@link #expireAll()}) invalidates every token issued so far. Not thread-safe: used under the simulator's lock.
 */
final class RcSyncTokens {
  /** What a valid token says: whose store, how far its holder has seen, and the sync frame. */
  record Position(ExtensionId extension, long change, Instant frameFrom, Set<String> types, Instant syncTime) {}

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] secret = new byte[32];
  private int epoch;
  private int rejectNext;

  RcSyncTokens() {
    new SecureRandom().nextBytes(secret);
  }

  /**
   * A new token for the frame {@code [frameFrom, …)} of {@code types} (lower case), at change {@code change}, issued
   * by the sync at {@code syncTime}.
   */
  String issue(ExtensionId extension, long change, Instant frameFrom, Set<String> types, Instant syncTime) {
    String body = "v1|" + extension.value() + "|" + change + "|" + epoch + "|" + frameFrom.toEpochMilli() + "|"
        + String.join(",", new TreeSet<>(types)) + "|" + syncTime.toEpochMilli();
    return B64.encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(mac(body));
  }

  /**
   * The position a token holds when it is genuine, of this epoch and issued for {@code extension}; empty otherwise
   * (garbage, forged, another extension's, expired, or the one rejection {@link #rejectNextOnce()} asked for).
   */
  Optional<Position> read(String token, ExtensionId extension) {
    if (rejectNext > 0) {
      rejectNext--;
      return Optional.empty();
    }
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot < 1) {
      return Optional.empty();
    }
    String body;
    byte[] given;
    try {
      body = new String(B64D.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      given = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(mac(body), given)) {
      return Optional.empty();
    }
    String[] f = body.split("\\|", -1);
    if (f.length != 7 || !f[0].equals("v1") || !f[1].equals(extension.value())
        || !f[3].equals(Integer.toString(epoch))) {
      return Optional.empty();
    }
    Set<String> types = new TreeSet<>(Arrays.asList(f[5].isEmpty() ? new String[0] : f[5].split(",")));
    return Optional.of(new Position(extension, Long.parseLong(f[2]), Instant.ofEpochMilli(Long.parseLong(f[4])), types,
        Instant.ofEpochMilli(Long.parseLong(f[6]))));
  }

  /** Every token issued so far is rejected from now on (as after a server-side reset or a long pause). */
  void expireAll() {
    epoch++;
  }

  /** The next incremental request is rejected whatever its token; later ones are read as usual. */
  void rejectNextOnce() {
    rejectNext++;
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

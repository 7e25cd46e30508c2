package io.rcsync.ringcentral;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import io.rcsync.http.ServerUrls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app credentials of a RingCentral JWT-flow login (design.md §2): client id, client secret, the user's JWT,
 * and the server URL. {@link #toString()} and every error never show the secret or the JWT.
 *
 * <p>{@link #load(Path, Map)} reads the JSON file ({@code clientId}, {@code clientSecret}, {@code jwt}, optional
 * {@code server}) and lets the environment variables {@code RC_CLIENT_ID}, {@code RC_CLIENT_SECRET},
 * {@code RC_JWT}, {@code RC_SERVER_URL} override each field. The file is not needed when the environment holds all
 * three credentials.
 */
public final class RingCentralCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(RingCentralCredentials.class);

  public static final URI DEFAULT_SERVER = URI.create("https://platform.ringcentral.com");
  public static final String ENV_CLIENT_ID = "RC_CLIENT_ID";
  public static final String ENV_CLIENT_SECRET = "RC_CLIENT_SECRET";
  public static final String ENV_JWT = "RC_JWT";
  public static final String ENV_SERVER_URL = "RC_SERVER_URL";

  /** The three credential fields, with their JSON key and environment variable. */
  public enum Field {
    CLIENT_ID("clientId", ENV_CLIENT_ID),
    CLIENT_SECRET("clientSecret", ENV_CLIENT_SECRET),
    JWT("jwt", ENV_JWT);

    private final String key;
    private final String env;

    Field(String key, String env) {
      this.key = key;
      this.env = env;
    }

    public String key() {
      return key;
    }

    public String envVar() {
      return env;
    }
  }

  private static final Set<String> KNOWN_KEYS = Set.of("clientId", "clientSecret", "jwt", "server");

  private final String clientId;
  private final String clientSecret;
  private final String jwt;
  private final URI server;
  private final Map<Field, String> origins;
  private final List<String> warnings;

  private RingCentralCredentials(
      String clientId, String clientSecret, String jwt, URI server, Map<Field, String> origins, List<String> warnings) {
    this.clientId = requireText(clientId, "clientId");
    this.clientSecret = requireText(clientSecret, "clientSecret");
    this.jwt = requireText(jwt, "jwt");
    this.server = ServerUrls.withoutTrailingSlashes(Objects.requireNonNull(server, "server"));
    this.origins = Map.copyOf(origins);
    this.warnings = List.copyOf(warnings);
  }

  /** Credentials given in code (tests, embedders); server defaults to {@link #DEFAULT_SERVER}. */
  public static RingCentralCredentials of(String clientId, String clientSecret, String jwt) {
    return new RingCentralCredentials(clientId, clientSecret, jwt, DEFAULT_SERVER,
        Map.of(Field.CLIENT_ID, "the configured clientId", Field.CLIENT_SECRET, "the configured clientSecret",
            Field.JWT, "the configured jwt"),
        List.of());
  }

  /** @throws RingCentralCredentialsException when the server is plain http to a host other than localhost */
  public RingCentralCredentials withServer(URI server) {
    Objects.requireNonNull(server, "server");
    return new RingCentralCredentials(clientId, clientSecret, jwt, parseServer(server.toString(), "RingCentral server URL"),
        origins, warnings);
  }

  /**
   * Loads credentials from the JSON file, with environment variables taking precedence field by field.
   *
   * @param env usually {@code System.getenv()}
   * @throws RingCentralCredentialsException one line naming the file and field when a credential is missing or
   *     the file cannot be read
   */
  public static RingCentralCredentials load(Path file, Map<String, String> env) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(env, "env");
    List<String> warnings = new ArrayList<>();
    JsonNode json = null;
    boolean fileExists = Files.exists(file);
    if (fileExists) {
      checkPermissions(file).ifPresent(w -> {
        warnings.add(w);
        LOG.warn(w);
      });
      json = readJson(file);
      for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!KNOWN_KEYS.contains(key)) {
          String w = "RingCentral credentials file " + file + ": unknown field '" + key + "' ignored";
          warnings.add(w);
          LOG.warn(w);
        }
      }
    }
    String[] values = new String[Field.values().length];
    Map<Field, String> origins = new java.util.EnumMap<>(Field.class);
    List<Field> missing = new ArrayList<>();
    for (Field f : Field.values()) {
      String fromEnv = env.get(f.envVar());
      if (fromEnv != null && !fromEnv.isBlank()) {
        values[f.ordinal()] = fromEnv.strip();
        origins.put(f, "environment variable " + f.envVar());
        continue;
      }
      String fromFile = json == null ? null : textField(json, f.key(), file);
      if (fromFile != null) {
        values[f.ordinal()] = fromFile;
        origins.put(f, "field '" + f.key() + "' of " + file);
      } else {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      Field first = missing.get(0);
      if (!fileExists) {
        throw new RingCentralCredentialsException("RingCentral credentials file " + file + " not found and "
            + String.join(", ", missing.stream().map(Field::envVar).toList())
            + " not set: create the file with clientId, clientSecret and jwt, or set the environment variables");
      }
      throw new RingCentralCredentialsException("RingCentral credentials file " + file + ": missing field '"
          + first.key() + "' (add it to the file or set " + first.envVar() + ")");
    }
    URI server = DEFAULT_SERVER;
    String envServer = env.get(ENV_SERVER_URL);
    if (envServer != null && !envServer.isBlank()) {
      server = parseServer(envServer.strip(), "environment variable " + ENV_SERVER_URL);
    } else if (json != null) {
      String fileServer = textField(json, "server", file);
      if (fileServer != null) {
        server = parseServer(fileServer, "RingCentral credentials file " + file + ": field 'server'");
      }
    }
    return new RingCentralCredentials(values[0], values[1], values[2], server, origins, warnings);
  }

  public String clientId() {
    return clientId;
  }

  String clientSecret() {
    return clientSecret;
  }

  String jwt() {
    return jwt;
  }

  public URI server() {
    return server;
  }

  /** Where a field came from, for error messages: e.g. {@code environment variable RC_JWT}. */
  public String originOf(Field field) {
    return origins.getOrDefault(field, field.key());
  }

  /** Problems worth telling the operator that did not stop loading (permissions, unknown fields). */
  public List<String> warnings() {
    return warnings;
  }

  /** The secret values, so adapters can scrub them from any text that came back from the server. */
  List<String> secrets() {
    return List.of(clientSecret, jwt);
  }

  @Override
  public String toString() {
    return "RingCentralCredentials[clientId=" + clientId + ", clientSecret=****, jwt=****, server=" + server + "]";
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private static JsonNode readJson(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new RingCentralCredentialsException("RingCentral credentials file " + file + " not found");
    } catch (IOException e) {
      throw new RingCentralCredentialsException("cannot read RingCentral credentials file " + file + ": "
          + e.getClass().getSimpleName() + " (check the path and its permissions)");
    }
    JsonNode node;
    try {
      node = new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      // never echo the parser's message: it quotes the file's content, which holds secrets
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new RingCentralCredentialsException("RingCentral credentials file " + file + " is not valid JSON" + where
          + ": expected {\"clientId\": ..., \"clientSecret\": ..., \"jwt\": ...}");
    }
    if (node == null || !node.isObject()) {
      throw new RingCentralCredentialsException("RingCentral credentials file " + file
          + " must hold a JSON object {\"clientId\": ..., \"clientSecret\": ..., \"jwt\": ...}");
    }
    return node;
  }

  private static String textField(JsonNode json, String key, Path file) {
    JsonNode v = json.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new RingCentralCredentialsException(
          "RingCentral credentials file " + file + ": field '" + key + "' must be a string");
    }
    String s = v.asText().strip();
    return s.isEmpty() ? null : s;
  }

  private static java.util.Optional<String> checkPermissions(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return java.util.Optional.empty();
    }
    try {
      Set<PosixFilePermission> perms = view.readAttributes().permissions();
      boolean open = perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
      if (open) {
        return java.util.Optional.of("RingCentral credentials file " + file + " is readable by group/others ("
            + PosixFilePermissions.toString(perms) + "): run chmod 600 " + file);
      }
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.empty();
  }

  private static URI parseServer(String value, String where) {
    URI uri = null;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      // fall through
    }
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null
        || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
      throw new RingCentralCredentialsException(
          where + " is not an http(s) URL: '" + value + "' (e.g. https://platform.ringcentral.com)");
    }
    if (!ServerUrls.isSecure(uri)) {
      throw new RingCentralCredentialsException(where + " '" + value + "' must use https: the client secret and JWT"
          + " would cross the network in clear text (plain http is accepted only for localhost simulators)");
    }
    return uri;
  }


  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new RingCentralCredentialsException("RingCentral " + name + " is empty");
    }
    return value.strip();
  }
}

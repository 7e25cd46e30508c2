package io.rcsync.cli.demo;

import io.rcsync.cli.store.LocalFileException;
import io.rcsync.cli.wiring.AdapterFactory;
import io.rcsync.cli.wiring.LiveAdapters;

import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo on the real path: the testkit's RingCentral and Salesforce HTTP simulators on free localhost ports, seeded
 * with the generated firm, and the CLI's live adapters pointed at them exactly as an operator would point them at
 * production: a RingCentral credentials file in {@code .credentials/} and {@code SF_ACCESS_TOKEN} +
 * {@code SF_INSTANCE_URL}.
 */
public final class SimulatorDemoWorld implements DemoWorld {
  private final RingCentralSimulator rc;
  private final SalesforceSimulator sf;
  private final SyncConfig config;
  private final Map<String, String> env;
  private final Path credentials;

  private SimulatorDemoWorld(RingCentralSimulator rc, SalesforceSimulator sf, SyncConfig config, Map<String, String> env,
      Path credentials) {
    this.rc = rc;
    this.sf = sf;
    this.config = config;
    this.env = env;
    this.credentials = credentials;
  }

  /**
   * Starts both simulators, seeds them and writes the RingCentral credentials file under {@code workDir}.
   *
   * @param clock the demo's clock, which the RingCentral simulator shares: the demo moves time forward between steps,
   *     and a Message Sync reads up to the server's now ({@code dateTo} defaults to it), so a simulator on the wall
   *     clock would see the demo's new texts as created in the future and leave them out
   */
  public static SimulatorDemoWorld start(DemoDataset data, ConfigFile file, Path workDir, java.time.Clock clock) {
    SyncConfig config = file.sync();
    // the demo makes a few dozen calls a minute; RingCentral's per-minute limits are the adapter's tests' business
    RingCentralSimulator rc = RingCentralSimulator.builder().noRateLimits().clock(clock).build().start();
    SalesforceSimulator sf = null;
    try {
      rc.addExtensions(data.extensions());
      rc.addMessages(data.allMessages());
      // the firm's org still holds the retired SMS-Magic package's message records (issue 15: import-smsmagic)
      sf = SalesforceSimulator.builder().schema(io.rcsync.testkit.sim.salesforce.OrgSchema
          .litifyDefaults(config.schema()).withSmsMagic(config.schema())).build().start();
      // names and e-mails first (rcsync init matches staff by them), then any id the profiles do not cover
      for (var u : io.rcsync.testkit.demo.DemoData.salesforceUsers(data)) {
        sf.addUser(u.id(), u.firstName(), u.lastName(), u.email());
      }
      data.users().forEach(sf::addUser);
      sf.seedCases(data.cases(), config.schema());
      for (var row : io.rcsync.testkit.demo.DemoData.smsMagicHistory(data).rows()) {
        sf.insert(row.object(), row.values());
      }
      Path credentials = workDir.resolve(file.ringCentral().credentialsFile());
      Files.createDirectories(credentials.getParent());
      Files.writeString(credentials, rc.credentialsJson());
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
      }
      Map<String, String> env = new LinkedHashMap<>();
      env.put("SF_ACCESS_TOKEN", sf.issueToken());
      env.put("SF_INSTANCE_URL", sf.instanceUrl());


      return new SimulatorDemoWorld(rc, sf, config, env, credentials);
    } catch (IOException | RuntimeException e) {
      rc.close();
      if (sf != null) {
        sf.close();
      }
      throw new LocalFileException("cannot start the demo's simulators: " + e.getMessage(), e);
    }
  }

  public RingCentralSimulator ringCentral() {
    return rc;
  }

  public SalesforceSimulator salesforce() {
    return sf;
  }

  /**
   * The RingCentral simulator's throwaway credentials as the {@code RC_*} variables rcsync reads instead of a
   * credentials file (RC_CLIENT_ID, RC_CLIENT_SECRET, RC_JWT, RC_SERVER_URL), for {@code demo-env.sh}.
   */
  public Map<String, String> ringCentralEnv() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("RC_CLIENT_ID", rc.clientId());
    m.put("RC_CLIENT_SECRET", rc.clientSecret());
    m.put("RC_JWT", rc.jwt());
    m.put("RC_SERVER_URL", rc.baseUrl());
    return m;
  }

  public Path credentialsFile() {
    return credentials;
  }

  @Override
  public AdapterFactory adapters() {
    return new LiveAdapters();
  }

  @Override
  public Map<String, String> env() {
    return env;
  }

  @Override
  public void addMessages(List<SmsMessage> messages) {
    rc.addMessages(messages);
  }

  @Override
  public void addCases(List<io.rcsync.core.domain.CaseRecord> cases) {
    sf.seedCases(cases, config.schema());
  }

  @Override
  public List<String> describe() {
    return List.of("RingCentral: simulator at " + rc.baseUrl() + " (credentials in " + credentials.getFileName() + ")",
        "Salesforce: simulator at " + sf.instanceUrl() + " (SF_ACCESS_TOKEN + SF_INSTANCE_URL)");
  }

  @Override
  public List<String> callsReceived() {
    return List.of("RingCentral simulator received " + rc.totalCalls() + " requests " + counts(rc.callCounts())
            + "; JWT logins " + rc.jwtLogins() + ", token refreshes " + rc.refreshes(),
        "Salesforce simulator received " + sf.totalCalls() + " API calls " + counts(sf.callCounts()));
  }

  private static String counts(Map<?, Long> byEndpoint) {
    StringBuilder b = new StringBuilder("(");
    byEndpoint.forEach((k, v) -> {
      if (v > 0) {
        b.append(b.length() > 1 ? ", " : "").append(k.toString().toLowerCase(java.util.Locale.ROOT)).append(' ').append(v);
      }
    });
    return b.append(')').toString();
  }

  /** Whether Salesforce holds the Note of that message (by its rc_msg_ external id). */
  public boolean hasNote(MessageId message) {
    return !sf.findBy(config.schema().noteObject(), config.schema().noteExternalIdField(), message.externalId()).isEmpty();
  }

  @Override
  public long rcsyncNotes() {
    String field = config.schema().noteExternalIdField();
    return sf.records(config.schema().noteObject()).stream()
        .map(r -> r.get(field))
        .filter(v -> v instanceof String s && s.startsWith(MessageId.EXTERNAL_ID_PREFIX))
        .count();
  }

  @Override
  public List<String> rcsyncFiles() {
    String noteObject = config.schema().noteObject();
    String externalId = config.schema().noteExternalIdField();
    java.util.Map<String, String> noteKeys = new java.util.HashMap<>();
    for (java.util.Map<String, Object> n : sf.records(noteObject)) {
      noteKeys.put(String.valueOf(n.get("Id")).substring(0, 15), String.valueOf(n.get(externalId)));
    }
    java.util.Map<String, List<String>> links = new java.util.HashMap<>();
    for (java.util.Map<String, Object> l : sf.records("ContentDocumentLink")) {
      String entity = String.valueOf(l.get("LinkedEntityId"));
      if (!entity.startsWith("005")) { // the owner's own link
        links.computeIfAbsent(String.valueOf(l.get("ContentDocumentId")).substring(0, 15), k -> new java.util.ArrayList<>())
            .add(noteKeys.getOrDefault(entity.substring(0, Math.min(15, entity.length())), entity));
      }
    }
    return sf.records("ContentVersion").stream()
        .filter(v -> String.valueOf(v.get("ExternalDocumentInfo1")).startsWith("rc_att_"))
        .map(v -> v.get("PathOnClient") + " (" + io.rcsync.core.service.sync.MmsNoteBody.humanSize(
            ((Number) v.get("ContentSize")).longValue()) + "), linked to " + String.join(", ",
            links.getOrDefault(String.valueOf(v.get("ContentDocumentId")).substring(0, 15), List.of())))
        .sorted()
        .toList();
  }

  @Override
  public void close() {
    try {
      rc.close();
    } finally {
      sf.close();
    }
  }
}

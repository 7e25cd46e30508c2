package io.rcsync.cli.command;

import io.rcsync.cli.store.FileSyncStateStore;
import io.rcsync.core.support.Redactor;
import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.cli.store.OwnerOnlyFiles;
import io.rcsync.cli.store.RunLock;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.cli.wiring.SalesforcePorts;
import io.rcsync.core.config.ConfigException;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.salesforce.SalesforceCaseDirectory.LookupPlan;
import io.rcsync.salesforce.SalesforceCaseDirectory.PhoneMatch;
import io.rcsync.salesforce.SalesforceDescribe.FieldInfo;
import io.rcsync.salesforce.SalesforceDescribe.ObjectInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    header = "Check config, credentials, extensions and Salesforce fields.",
    sortOptions = false,
    description = {
        "Checks everything a sync needs and says how to fix what is wrong: the config file, the RingCentral "
            + "credentials and login, every roster extension, the Salesforce session, the Note object and each "
            + "configured field (exists and writable), the Matter/Intake phone and status fields, whether each "
            + "Matter/Intake lookup is selective in this org (Salesforce's query plan: GET /query?explain=), and the "
            + "local state, run lock and reports directory.",
        "",
        "The RingCentral login uses the session every rcsync process shares (" + LiveAdapters.TOKEN_CACHE_PATH
            + ") when there is one, which does not test the JWT; --check-jwt tests it with one login of its own.",
        "",
        "Changes nothing (--check-jwt revokes the session it opened). Exit 0 when no check fails."})
final class DoctorVerb extends Verb {
  @Option(names = "--state-file", paramLabel = "FILE", defaultValue = FileSyncStateStore.DEFAULT_PATH,
      description = "Incremental state file to check (default: ${DEFAULT-VALUE}).")
  String stateFile;

  @Option(names = "--check-jwt", description = "Also test the JWT itself: one JWT login (one Auth call), whose extra "
      + "session is revoked at once. Without it, a session from the shared cache passes the login check.")
  boolean checkJwt;

  @Mixin
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  /** SKIP: a check that could not run because an earlier one failed (it says which); neither passed nor failed. */
  enum Status { PASS, WARN, FAIL, SKIP }

  record Check(Status status, String name, String detail, String fix, int exitCode) {}

  private final List<Check> checks = new ArrayList<>();

  /** The live run (serve, a sync ...) holding the run lock, when one does. */
  private Optional<RunLock.Holder> lockHolder = Optional.empty();

  @Override
  public Integer call() {
    Instant started = env().clock().instant();
    PrintWriter out = out();
    out.println("rcsync doctor");
    ConfigFile config = config();
    if (config != null) {
      local(config.sync());
      ApiCalls calls = new ApiCalls();
      ExternalFailures seen = failures();
      checkRingCentral(config, calls, seen);
      checkSalesforce(config, calls, seen);
    }
    long failed = checks.stream().filter(c -> c.status() == Status.FAIL).count();
    long warned = checks.stream().filter(c -> c.status() == Status.WARN).count();
    long skipped = checks.stream().filter(c -> c.status() == Status.SKIP).count();
    int code = ExitCodes.forChecks(checks.stream().filter(c -> c.status() == Status.FAIL).map(Check::exitCode).toList());
    out.println();
    out.println((checks.size() - failed - warned - skipped) + " passed, " + warned + " warning(s), " + failed + " failed"
        + (skipped > 0 ? ", " + skipped + " skipped" : "")
        + (failed > 0 ? ": fix the failures above, then run 'rcsync doctor' again."
            : lockHolder.map(h -> ": ready, but '" + command(h) + "' (pid " + h.pid() + ") holds the run lock, so a "
                + "sync started now is refused until it stops.").orElse(": ready to sync.")));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Check c : checks) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("status", c.status().name());
      row.put("check", c.name());
      row.put("detail", c.detail());
      row.put("fix", c.fix());
      rows.add(row);
    }
    try {
      String report = reports(cfg).generic("doctor", started, env().clock().instant(), code, Map.of("checks", rows)).report();
      out.println("Report: " + report);
    } catch (RuntimeException e) {
      out.println("(report not written: " + e.getMessage() + ")");
    }
    out.flush();
    return code;
  }

  // ---- checks ------------------------------------------------------------------------------------------

  private ConfigFile config() {
    Path path = env().resolve(cfg.config);
    try {
      ConfigFile file = readConfig(cfg.config);
      SyncConfig config = file.sync();
      int staff = config.roster().wave(config.activeWave()).members().size();
      pass("config", env().display(path) + ": " + config.roster().waveNames().size() + " wave(s), active "
          + config.activeWave() + " (" + staff + " staff)");
      for (String w : config.warnings()) {
        // staff without extension or user are listed below, each with its fix
        if (!w.contains("no RingCentral extension") && !w.contains("no sfUserId")) {
          warn("config", w, "edit " + env().display(path) + " if this is not intended");
        }
      }
      return file;
    } catch (ConfigException e) {
      fail("config", e.getMessage(), "edit the file as the message says (or pass --config PATH); other checks need it",
          ExitCodes.USAGE);
      return null;
    }
  }

  private void local(SyncConfig config) {
    Path state = env().resolve(stateFile);
    try {
      Map<String, Instant> marks = new FileSyncStateStore(state, env().display(state), env().clock()).all();
      pass("state file", Files.exists(state) ? env().display(state) + ": watermarks for " + marks.size() + " extension(s)"
          : env().display(state) + " not created yet (the first --incremental run or backfill writes it)");
    } catch (RuntimeException e) {
      fail("state file", e.getMessage(), "fix or delete the file, then backfill the gap", ExitCodes.USAGE);
    }
    Path lock = state.resolveSibling("sync.lock");
    Optional<RunLock.Holder> holder = RunLock.readHolder(lock);
    Instant now = env().clock().instant();
    if (holder.isPresent() && RunLock.holderAlive(holder.get())) {
      RunLock.Holder h = holder.get();
      lockHolder = holder;
      boolean serve = h.command().startsWith("serve");
      warn("run lock", env().display(lock) + " is held by " + RunLock.describeHolder(h, now) + ", last heartbeat "
          + h.heartbeat() + ": a sync or backfill started now is refused until it ends",
          serve ? "nothing: 'rcsync serve' syncs on its own; to sync by hand, stop the service first (its launchd "
              + "agent or systemd unit, or kill " + h.pid() + ")"
              : "wait for it to finish; if it hangs, it counts as stale after " + RunLock.staleAfter(
                  config.hotWindow().interval()).toMinutes() + " min without progress and the next run takes over");
    } else if (holder.isPresent()) {
      RunLock.Holder h = holder.get();
      warn("run lock", env().display(lock) + " was left by " + RunLock.describeHolder(h, now) + ", which is no longer "
          + "running: the next run takes the lock over", "nothing");
    } else {
      pass("run lock", env().display(lock) + " is free");
    }
    Path reportsDir = env().resolve(cfg.reportDir);
    try {
      Files.createDirectories(reportsDir);
      Path probe = Files.createTempFile(reportsDir, ".doctor", ".tmp");
      Files.delete(probe);
      pass("reports directory", env().display(reportsDir) + " is writable");
    } catch (Exception e) {
      fail("reports directory", env().display(reportsDir) + " is not writable: " + e.getMessage(),
          "create it with write permission, or pass --report-dir DIR", ExitCodes.USAGE);
    }
  }

  private void checkRingCentral(ConfigFile config, ApiCalls calls, ExternalFailures seen) {
    RingCentralPorts rc;
    RingCentralPorts unwatched;
    try {
      unwatched = env().adapters().ringCentral(config, env(), calls);
      rc = seen.watch(unwatched);
      pass("RingCentral credentials", rc.describe());
      for (String w : rc.warnings()) {
        warn("RingCentral credentials", w, "chmod 600 the credentials file (it holds the JWT and client secret)");
      }
    } catch (RuntimeException e) {
      fail("RingCentral credentials", msg(e), "create " + config.ringCentral().credentialsFile()
          + " with clientId, clientSecret and jwt (or set RC_CLIENT_ID, RC_CLIENT_SECRET, RC_JWT)", code(e));
      withoutLogin(config, "needs RingCentral credentials (see above)");
      return;
    }
    String credentialsFix = "check the app's client id/secret and the JWT in the RingCentral developer console (the "
        + "JWT must belong to a user of this account, the app must allow the JWT grant)";
    boolean loggedIn;
    try {
      pass("RingCentral login", rc.checkLogin());
      loggedIn = true;
    } catch (RuntimeException e) {
      Path cache = env().resolve(LiveAdapters.TOKEN_CACHE_PATH);
      Optional<String> open = OwnerOnlyFiles.openToOthers(cache);
      // a cache open to others is refused before any login: the credentials are not the problem
      fail("RingCentral login", msg(e), open.map(p -> "chmod 600 " + env().display(cache) + " (it holds the shared "
          + "session's tokens and is " + p + "), or run 'rcsync logout' to revoke that session and delete the file")
          .or(() -> networkFix(e)).orElse(credentialsFix), code(e));
      loggedIn = false;
    }
    if (checkJwt) {
      try {
        pass("RingCentral JWT", unwatched.checkJwt());
      } catch (RuntimeException e) {
        fail("RingCentral JWT", msg(e), networkFix(e).orElse(credentialsFix), code(e));
      }
    }
    if (!loggedIn) {
      withoutLogin(config, "needs the RingCentral login, which failed above");
      return;
    }
    List<ExtensionDirectory.Extension> directory;
    try {
      directory = rc.extensions().listExtensions();
      pass("RingCentral extensions", directory.size() + " extension(s) in the account");
    } catch (RuntimeException e) {
      fail("RingCentral extensions", msg(e), "the JWT's user needs permission to read the account's extensions "
          + "(ReadAccounts)", code(e));
      return;
    }
    for (Wave w : config.sync().roster().waves().values()) {
      int i = 0;
      for (StaffMember m : w.members()) {
        // the person and a 1-based position, not "waves.w[12]": an operator finds Dana, not row 12 counted from 0
        String where = m.name() + " in waves." + w.name() + ", entry " + ++i;
        String name = "extension of " + m.name() + " (" + w.name() + ")";
        if (!m.hasExtension()) {
          warn(name, "no RingCentral extension: skipped by every sync", "set extensionId for " + where + " when they get one");
          continue;
        }
        Optional<ExtensionDirectory.Extension> found = directory.stream()
            .filter(e -> m.extensionId().map(id -> id.equals(e.id())).orElse(false)
                || (m.extensionId().isEmpty() && m.extensionNumber().map(n -> n.equals(e.number())).orElse(false)))
            .findFirst();
        if (found.isEmpty()) {
          fail(name, m.extensionId().map(id -> "extension id " + id).orElse("extension number " + m.extensionNumber().orElse("?"))
              + " is not in the RingCentral account", "correct extensionId for " + where + " (the numeric id, not the "
              + "dialable number; the extension list in RingCentral's admin portal shows both)", ExitCodes.USAGE);
        } else if (!"Enabled".equalsIgnoreCase(found.get().status())) {
          warn(name, found.get().id() + " (" + found.get().name() + ") is " + found.get().status(),
              "its texts can still be read; remove it from the wave if they left");
        } else if (m.sfUserId().isEmpty()) {
          warn(name, found.get().id() + " (ext " + found.get().number() + ") has no sfUserId: its texts will fail",
              "set sfUserId for " + where + " to their Salesforce User id (005...)");
        } else {
          pass(name, found.get().id() + " (ext " + found.get().number() + ", " + found.get().name() + ")");
        }
      }
    }
  }

  /**
   * The fix for a RingCentral failure that never reached the server (fresh14 #7): a refused connection, an unknown
   * host or no route is the URL or the network, a TLS failure the URL or a proxy, never the JWT. Empty for any other
   * failure (the server answered, so the credentials fix applies).
   */
  private Optional<String> networkFix(RuntimeException e) {
    String where = "the RingCentral server URL (ringcentral.server in " + env().display(env().resolve(cfg.config))
        + ", or RC_SERVER_URL; the credentials line above names the one in use)";
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (io.rcsync.http.HttpRetry.unreachable(t)) { // the same rule that stops retrying an unreachable host
        return Optional.of("check " + where + " and that this machine can reach it: DNS, an HTTP proxy, a firewall");
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return Optional.of("check " + where + " (https://platform.ringcentral.com, or the sandbox's), and whether a "
            + "proxy intercepts TLS (then add its CA certificate to Java's trust store)");
      }
    }
    return Optional.empty();
  }

  /**
   * The RingCentral checks when there is no login: the extension checks become SKIP lines saying why, while what
   * the config alone shows (staff without an extension or an sfUserId) is still warned about, as in a full run.
   */
  private void withoutLogin(ConfigFile config, String why) {
    skip("RingCentral extensions", "not checked: " + why);
    int unchecked = 0;
    for (Wave w : config.sync().roster().waves().values()) {
      int i = 0;
      for (StaffMember m : w.members()) {
        String where = m.name() + " in waves." + w.name() + ", entry " + ++i;
        String name = "extension of " + m.name() + " (" + w.name() + ")";
        if (!m.hasExtension()) {
          warn(name, "no RingCentral extension: skipped by every sync", "set extensionId for " + where + " when they get one");
        } else if (m.sfUserId().isEmpty()) {
          warn(name, "no sfUserId: its texts will fail", "set sfUserId for " + where + " to their Salesforce User id (005...)");
        } else {
          unchecked++;
        }
      }
    }
    if (unchecked > 0) {
      skip("roster extensions", unchecked + " staff member(s) not looked up in the RingCentral account: " + why);
    }
  }

  /**
   * The org's daily API usage from the login check's {@code Sforce-Limit-Info} header (issue 13): PASS with the room
   * left before the reserve, WARN when usage is already within it (a sync would stop before writing). No line for
   * ports that are not Salesforce's (the in-memory demo).
   */
  private void apiUsage(SalesforcePorts sf, int reservePercent) {
    if (sf.apiQuota() == io.rcsync.core.port.out.ApiQuota.NONE) {
      return;
    }
    sf.apiQuota().usage().ifPresentOrElse(u -> {
      if (u.withinReserve(reservePercent)) {
        warn("Salesforce API usage", usage(u, reservePercent) + ": a sync would stop before writing",
            "wait for the org's rolling 24-hour allowance to recover (Setup > Company Information), or lower "
                + "salesforce.apiReservePercent");
      } else {
        pass("Salesforce API usage", usage(u, reservePercent));
      }
    }, () -> warn("Salesforce API usage", "Salesforce sent no Sforce-Limit-Info header: the "
        + reservePercent + "% reserve cannot be kept", "check Setup > Company Information for API requests used"));
  }

  /** {@code describe} without its own "Salesforce API usage" head, which the check's label already says. */
  private static String usage(io.rcsync.core.port.out.ApiQuota.Usage u, int reservePercent) {
    return u.describe(reservePercent).replaceFirst("^Salesforce API usage ", "");
  }

  private void checkSalesforce(ConfigFile config, ApiCalls calls, ExternalFailures seen) {
    SalesforcePorts sf;
    try {
      // doctor spends a few calls even inside the API reserve: it reports the reserve instead of stopping at it
      ConfigFile unreserved = new ConfigFile(config.sync(), new ConfigFile.SalesforceSection(
          config.salesforce().targetOrg(), config.salesforce().apiVersion(), config.salesforce().compositeBatching(),
          config.salesforce().fileVisibility(), 0), config.ringCentral());
      sf = salesforce(unreserved, org, calls, seen);
      pass("Salesforce login", sf.checkLogin() + " — " + sf.describe());
    } catch (RuntimeException e) {
      String alias = Optional.ofNullable(org.targetOrg).or(() -> config.salesforce().targetOrg()).orElse("LITIFY_ORG");
      fail("Salesforce login", msg(e), "run 'sf org login web --alias " + alias + "' (then 'sf org display --target-org "
          + alias + "' works), or set SF_ACCESS_TOKEN and SF_INSTANCE_URL", code(e));
      return;
    }
    apiUsage(sf, config.salesforce().apiReservePercent());
    LitifySchema s = config.sync().schema();
    Optional<ObjectInfo> note = describe(sf, s.noteObject());
    if (note.isEmpty()) {
      return;
    }
    ObjectInfo n = note.get();
    if (!n.createable() || !n.updateable()) {
      fail("Note object " + n.name(), "the integration user may not create/edit " + n.name(),
          "grant Create and Edit on " + n.name() + " to the user's permission set", ExitCodes.USAGE);
    } else {
      pass("Note object " + n.name(), "exists, createable and updateable" + (n.deletable() ? ", deletable" : ""));
    }
    if (!n.deletable()) {
      warn("Note object " + n.name(), "not deletable by this user: rollback will fail", "grant Delete on " + n.name());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(s.noteBodyField(), "salesforce.note.bodyField");
    fields.put(s.noteTopicField(), "salesforce.note.topicField");
    fields.put(s.noteMatterField(), "salesforce.note.matterField");
    fields.put(s.noteIntakeField(), "salesforce.note.intakeField");
    fields.put(s.noteExternalIdField(), "salesforce.note.externalIdField");
    s.messageTimeField().ifPresent(f -> fields.put(f, "salesforce.note.messageTimeField"));
    s.counterpartyField().ifPresent(f -> fields.put(f, "salesforce.note.counterpartyField"));
    fields.put("OwnerId", null);
    fields.forEach((field, key) -> writable(n, field, key));
    FieldInfo ext = lower(n.fields()).get(s.noteExternalIdField().toLowerCase(java.util.Locale.ROOT));
    if (ext != null && !ext.externalId()) {
      fail("field " + n.name() + "." + ext.name(), "is not marked External ID: upserts by it are refused",
          "edit the field in Setup and tick 'External ID' (and 'Unique')", ExitCodes.USAGE);
    }
    FieldInfo body = lower(n.fields()).get(s.noteBodyField().toLowerCase(java.util.Locale.ROOT));
    if (body != null) {
      // the sync learns the same from its own describe (SalesforceNoteSink.bodyFormat) and renders bodies accordingly
      pass("Note body " + n.name() + "." + body.name(), (body.richText() ? io.rcsync.core.domain.NoteBodyFormat.RICH_TEXT
          : io.rcsync.core.domain.NoteBodyFormat.PLAIN_TEXT).describe());
    }
    if (s.messageTimeField().isEmpty()) {
      warn("message time field", "salesforce.note.messageTimeField is not set: Notes carry only their CreatedDate "
          + "(the backfill's time), and verify cannot find orphaned Notes",
          "create a Date/Time field on " + n.name() + " and name it in salesforce.note.messageTimeField");
    }
    files(sf, config.sync().attachments(), config.salesforce().fileVisibility());
    Optional<ObjectInfo> matter = describe(sf, s.matterObject());
    Optional<ObjectInfo> intake = describe(sf, s.intakeObject());
    matter.ifPresent(m -> readable(m, s.matterStatusField(), "salesforce.matter.statusField"));
    intake.ifPresent(i -> readable(i, s.intakeStatusField(), "salesforce.intake.statusField"));
    for (String phone : s.phoneFields()) {
      List<String> on = new ArrayList<>();
      matter.filter(m -> lower(m.fields()).containsKey(phone.toLowerCase(java.util.Locale.ROOT))).ifPresent(m -> on.add(m.name()));
      intake.filter(i -> lower(i.fields()).containsKey(phone.toLowerCase(java.util.Locale.ROOT))).ifPresent(i -> on.add(i.name()));
      if (on.isEmpty() && (matter.isPresent() || intake.isPresent())) {
        fail("phone field " + phone, "exists on neither " + s.matterObject() + " nor " + s.intakeObject(),
            "remove it from phoneFields or fix its API name", ExitCodes.USAGE);
      } else if (!on.isEmpty()) {
        pass("phone field " + phone, "on " + String.join(" and ", on));
      }
    }
    if (matter.isPresent() || intake.isPresent()) {
      lookupPlans(sf);
    }
  }

  /**
   * MMS media (issue 12): the {@code attachments.*} settings in effect and, when copying is on, that the user may
   * create what a copy writes: a {@code ContentVersion} with {@code ExternalDocumentInfo1} (rcsync's key) and
   * {@code FirstPublishLocationId} (the Note), and a {@code ContentDocumentLink} (the Matter/Intake). Many orgs grant
   * "Create and Set Up Files" only to some profiles; without it every file fails and holds the watermarks.
   */
  private void files(SalesforcePorts sf, io.rcsync.core.domain.AttachmentPolicy a, String visibility) {
    if (!a.enabled()) {
      warn("MMS files", "attachments.enabled is false: pictures and documents are listed in the Note body only, "
          + "not copied to Salesforce Files", "set attachments.enabled to true to copy them");
      return;
    }
    String settings = "up to " + io.rcsync.core.service.sync.MmsNoteBody.humanSize(a.maxBytes())
        + " a file (attachments.maxBytes), types " + String.join(", ", a.contentTypes()) + " (attachments.contentTypes),"
        + " Matter/Intake links visible to " + visibility + " (attachments.visibility)";
    Optional<ObjectInfo> version = describe(sf, "ContentVersion");
    Optional<ObjectInfo> link = describe(sf, "ContentDocumentLink");
    if (version.isEmpty() || link.isEmpty()) {
      return;
    }
    if (!version.get().createable() || !link.get().createable()) {
      fail("MMS files", "the integration user may not create "
              + (!version.get().createable() ? "ContentVersion" : "ContentDocumentLink") + ": every MMS file would fail",
          "grant 'Create and Set Up Files' (or Create on Content) to the user's permission set, or set "
              + "attachments.enabled to false", ExitCodes.USAGE);
      return;
    }
    writable(version.get(), "ExternalDocumentInfo1", null);
    FieldInfo publish = lower(version.get().fields()).get("firstpublishlocationid");
    if (publish == null || !publish.createable()) {
      fail("field ContentVersion.FirstPublishLocationId", "is not createable by this user: a file cannot be "
          + "published to its Note", "grant the user access to ContentVersion's FirstPublishLocationId", ExitCodes.USAGE);
    }
    pass("MMS files", "copied to Salesforce Files, " + settings);
  }

  /** A number no Matter or Intake should hold (555-01xx is reserved for fiction): only the plan's shape matters. */
  static final String PLAN_SAMPLE_NUMBER = "5025550100";

  /**
   * For each lookup statement a sync sends (per object: the LIKE one, the exact {@code IN} one when
   * {@code exactPhoneFields} is set), Salesforce's query plan for a sample number: PASS when its relativeCost is at
   * most 1 (selective: "values above 1 mean that the query won't be selective",
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query_performance_feedback.htm),
   * else WARN with the field to normalize or index and the config key to set. A large org may time out a lookup that
   * scans.
   */
  private void lookupPlans(SalesforcePorts sf) {
    List<LookupPlan> plans;
    try {
      plans = sf.explainLookups(io.rcsync.core.domain.PhoneNumber.of(PLAN_SAMPLE_NUMBER));
    } catch (RuntimeException e) {
      warn("lookup query plans", "Salesforce did not explain the lookups: " + msg(e),
          "nothing for a sync; to see whether lookups are selective, run 'rcsync doctor' again when the fields "
              + "above pass");
      return;
    }
    for (LookupPlan p : plans) {
      boolean like = p.match() == PhoneMatch.LIKE;
      String name = "lookup plan " + p.object() + " (" + (like ? "LIKE" : "IN") + " on " + String.join(", ", p.fields())
          + ")";
      String detail = p.leadingOperationType() + ", relativeCost " + cost(p.relativeCost()) + " ("
          + (p.leadingOperationType().equals("TableScan") ? "scans " + p.sobjectCardinality() + " records"
              : "about " + p.cardinality() + " of " + p.sobjectCardinality() + " records") + ")";
      if (p.selective() && p.leadingOperationType().equals("TableScan")) {
        // a TableScan under the threshold is the optimizer's choice for a small object: its cost grows with the
        // object's row count, and above 1 the query "won't be selective" (same page as above), so say it will not last
        pass(name, detail + ": a full scan, fine at this size; its cost grows with the number of " + p.object()
            + " records, so it will not stay fine as the org grows (doctor warns once it passes 1)");
      } else if (p.selective()) {
        pass(name, detail + ": selective (uses an index)");
      } else if (like) {
        warn(name, detail + ": not selective (a leading-wildcard LIKE never uses an index; a large org may time it out)",
            "copy each number, normalized to 10 digits, into a Text(10) field marked External ID on " + p.object()
                + " (e.g. Phone_10_Digit__c, filled by a flow), then list it in both phoneFields and exactPhoneFields");
      } else {
        warn(name, detail + ": not selective (" + String.join(", ", p.fields()) + " has no index, or too many records "
            + "share a number)", "give " + String.join(", ", p.fields()) + " on " + p.object() + " an index (mark it "
                + "External ID, or ask Salesforce Support for a custom index), or take it out of exactPhoneFields "
                + "if it does not hold normalized 10-digit values");
      }
    }
  }

  private static String cost(double c) {
    return Double.isNaN(c) ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f", c);
  }

  private Optional<ObjectInfo> describe(SalesforcePorts sf, String object) {
    try {
      Optional<ObjectInfo> info = sf.describeObject(object);
      if (info.isEmpty()) {
        fail("object " + object, "does not exist in the org (or the user cannot see it)",
            "check the API name in the config's salesforce section and the user's object permissions", ExitCodes.USAGE);
      }
      return info;
    } catch (RuntimeException e) {
      fail("object " + object, msg(e), "check the Salesforce session and the user's API access", code(e));
      return Optional.empty();
    }
  }

  private void writable(ObjectInfo o, String field, String key) {
    FieldInfo f = lower(o.fields()).get(field.toLowerCase(java.util.Locale.ROOT));
    String name = "field " + o.name() + "." + field;
    if (f == null) {
      fail(name, "does not exist", key == null ? "the org's " + o.name() + " has no " + field
          : "create it, or set " + key + " in the config to the field's API name", ExitCodes.USAGE);
    } else if (!f.createable() || !f.updateable()) {
      String why = !f.createable() && !f.updateable() ? "neither createable nor updateable"
          : !f.createable() ? "not createable" : "not updateable";
      fail(name, "is not writable by this user (" + why + ")",
          "grant Edit field-level security on " + field + " to the integration user's permission set", ExitCodes.USAGE);
    } else {
      pass(name, f.type() + ", writable");
    }
  }

  private void readable(ObjectInfo o, String field, String key) {
    FieldInfo f = lower(o.fields()).get(field.toLowerCase(java.util.Locale.ROOT));
    if (f == null) {
      fail("field " + o.name() + "." + field, "does not exist", "set " + key + " to the field that says open/closed", ExitCodes.USAGE);
    } else {
      pass("field " + o.name() + "." + field, f.type());
    }
  }

  private static String command(RunLock.Holder h) {
    return h.command().isBlank() ? "an rcsync run" : h.command();
  }

  private static Map<String, FieldInfo> lower(Map<String, FieldInfo> fields) {
    Map<String, FieldInfo> out = new LinkedHashMap<>();
    fields.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return out;
  }

  // ---- output ------------------------------------------------------------------------------------------

  private String msg(RuntimeException e) {
    return ExitCodes.oneLine(e, secrets());
  }

  private static int code(RuntimeException e) {
    return ExitCodes.forException(e);
  }

  private void pass(String name, String detail) {
    add(new Check(Status.PASS, name, detail, null, ExitCodes.OK));
  }

  private void warn(String name, String detail, String fix) {
    add(new Check(Status.WARN, name, detail, fix, ExitCodes.OK));
  }

  private void fail(String name, String detail, String fix, int code) {
    add(new Check(Status.FAIL, name, detail, fix, code));
  }

  private void skip(String name, String detail) {
    add(new Check(Status.SKIP, name, detail, null, ExitCodes.OK));
  }

  private void add(Check c) {
    checks.add(c);
    PrintWriter out = out();
    out.printf("  %-4s  %s: %s%n", c.status(), c.name(), Redactor.mask(c.detail(), secrets()));
    if (c.fix() != null && c.status() != Status.PASS) {
      out.println("        fix: " + c.fix());
    }
    out.flush();
  }
}

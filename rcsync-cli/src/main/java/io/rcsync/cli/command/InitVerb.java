package io.rcsync.cli.command;

import io.rcsync.cli.store.AtomicFiles;
import io.rcsync.cli.store.LocalFileException;
import io.rcsync.cli.wiring.AdapterFactory;
import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.config.ConfigWriter;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.ringcentral.RingCentralAccountInfo;
import io.rcsync.salesforce.SalesforceDescribe;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.StaffDirectory.SalesforceUser;
import io.rcsync.core.service.StaffMatcher;
import io.rcsync.core.service.StaffMatcher.Outcome;
import io.rcsync.core.service.StaffMatcher.StaffMatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rcsync init}: writes a first {@code config/sync-config.json} from RingCentral's extension list and the org's
 * active Salesforce users, matched by e-mail, then by name ({@link StaffMatcher} has the rules).
 *
 * <p>Reads: one Salesforce login check and one User query (a call per 2,000 users), and RingCentral's extension list
 * (a call per 1,000 extensions, after the JWT login). Writes only the config file (owner read/write, 0600, replaced
 * atomically; with {@code --force} the previous file is kept beside it as {@code .bak}) and the run report. The
 * file holds no secret: the credentials file's path and the {@code sf} org alias only.
 *
 * <p>Exit codes: 0 written (staff without a Salesforce user are listed, each with its fix); 2 the file exists and
 * {@code --force} was not given, or a bad option; 3 RingCentral or Salesforce refused the login or could not be
 * reached (nothing written).
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    header = "Write a first config: RingCentral's user extensions matched to Salesforce users.",
    sortOptions = false,
    description = {
        "Reads RingCentral's extension list (the credentials file or RC_* variables, as sync reads them) and the org's "
            + "active standard Salesforce users (--target-org, which is also written as salesforce.targetOrg, or "
            + "SF_ACCESS_TOKEN + SF_INSTANCE_URL), matches each "
            + "enabled user extension to a user by e-mail (letter case and spaces ignored), else by first and last name "
            + "(accents, punctuation and middle initials ignored), and writes the config: every enabled user extension "
            + "in one wave, made the activeWave, with its extensionId, extensionNumber, name and sfUserId, and the "
            + "standard Litify objects and fields.",
        "",
        "Staff without a match get sfUserId null and are listed with what to do; so are e-mails or names shared by "
            + "two users, and one user matched by two extensions. Disabled and not-yet-activated user extensions are "
            + "listed but left out of the wave (add one by hand to sync its history); call queues, IVR menus and "
            + "other non-user extensions are left out.",
        "",
        "Also writes timeZone (the RingCentral account's own time zone, else the system's) and, when the Note object "
            + "has exactly one writable custom Date/Time field named like a message time (Message_Time__c, "
            + "Sent_Time__c ...), salesforce.note.messageTimeField; both are printed.",
        "",
        "Never writes a secret. Refuses to replace an existing config unless --force is given. --force rebuilds only "
            + "the --wave's roster (staff added and removed as RingCentral now lists them; an sfUserId set by hand is "
            + "kept, also where init finds none or another; rows added by hand for a not-enabled extension stay) and "
            + "keeps every other key and wave; the old file is kept as <file>.bak-<UTC time>, never overwritten.",
        "",
        "Exit 0 when written; 2 when the file exists (without --force) or an option is wrong; 3 when a login fails."})
final class InitVerb extends Verb {
  /** The wave init writes unless told otherwise. */
  static final String DEFAULT_WAVE = "wave1";

  @Option(names = "--wave", paramLabel = "NAME", defaultValue = DEFAULT_WAVE,
      description = "Name of the wave to write, made the activeWave (default: ${DEFAULT-VALUE}).")
  String wave;

  @Option(names = "--force", description = "Rebuild the --wave's roster in an existing config, keeping every other "
      + "key, every other wave and hand-set sfUserIds (the old file is kept as <file>.bak-<UTC time>).")
  boolean force;

  @Mixin
  ConfigOptions cfg;

  @Mixin
  OrgOptions org;

  @Override
  public Integer call() {
    Instant started = env().clock().instant();
    if (wave == null || wave.isBlank()) {
      throw usage("--wave needs a name, e.g. --wave " + DEFAULT_WAVE);
    }
    Path target = env().resolve(cfg.config);
    String shown = env().display(target);
    if (Files.exists(target) && !force) {
      throw usage(shown + " already exists: not replaced. Edit it, or pass --force to rebuild wave " + wave
          + "'s roster and keep everything else (the old file is kept as " + shown + ".bak-<UTC time>)");
    }
    String credentialsFile = ConfigFile.RingCentralSection.DEFAULT_CREDENTIALS_FILE;
    Optional<String> alias = Optional.ofNullable(org.targetOrg).filter(s -> !s.isBlank());
    // a config without staff: the connection settings the adapters need before the roster exists
    ConfigFile bootstrap = ConfigLoader.parseFile(shown,
        ConfigWriter.initialConfig(wave, List.of(), alias, credentialsFile));
    ApiCalls calls = new ApiCalls();
    ExternalFailures seen = failures();
    PrintWriter out = out();
    out.println("rcsync init");

    // both sides' local credentials first (a missing file is a config error, exit 2), then the Salesforce login
    RingCentralPorts rc = ringCentral(bootstrap, calls, seen);
    AdapterFactory.StaffPorts sf = env().adapters().salesforceStaff(bootstrap, alias, env(), calls);
    checkSalesforceFirst(sf.checkLogin(), bootstrap, org);
    List<Extension> extensions = rc.extensions().listExtensions();
    List<SalesforceUser> users = sf.directory().activeUsers();
    StaffMatcher.Result result = StaffMatcher.match(extensions, users);
    LitifySchema schema = bootstrap.sync().schema();
    TimeZoneChoice zone = timeZone(rc);
    FieldChoice timeField = messageTimeField(sf, schema.noteObject());

    out.println("RingCentral: " + extensions.size() + " extension(s): " + result.staff().size()
        + " enabled user extension(s), " + result.notEnabled().size() + " user extension(s) not enabled, "
        + result.otherTypes() + " of other types (call queues, IVR menus ...), left out");
    out.println("Salesforce: " + users.size() + " active standard user(s) (" + sf.describe().get() + ")");
    if (alias.isPresent() && envSession(env().env())) {
      // fresh14 #16: the SF_* session wins over --target-org; the alias is still what runs without SF_* (cron) use
      out.println("Salesforce login: SF_ACCESS_TOKEN + SF_INSTANCE_URL were used; --target-org " + alias.get()
          + " was ignored for this run (still written as salesforce.targetOrg for runs without SF_*, such as cron)");
    }
    out.println(zone.line());
    out.println(timeField.line());
    out.println();

    List<StaffMember> members = new ArrayList<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StaffMatch m : result.staff()) {
      Extension e = m.extension();
      String name = staffName(e);
      members.add(new StaffMember(name, Optional.of(e.id()), Optional.ofNullable(e.number()),
          m.user().map(SalesforceUser::id)));
      out.println(line(m, name, shown));
      rows.add(row(m, name));
    }
    for (Extension e : result.notEnabled()) {
      out.println("  not in wave   " + label(staffName(e), e) + " is " + e.status() + ": add it to " + wave + " in "
          + shown + " by hand if its texts should be synced");
    }
    if (!result.usersWithoutExtension().isEmpty()) {
      List<SalesforceUser> idle = result.usersWithoutExtension();
      out.println("  " + idle.size() + " active Salesforce user(s) matched no extension (admins, or staff who do not "
          + "text): " + idle.stream().limit(10).map(InitVerb::userName).collect(Collectors.joining(", "))
          + (idle.size() > 10 ? ", ..." : ""));
    }

    String json = ConfigWriter.initialConfig(wave, members, alias, credentialsFile, timeField.field(), zone.zone());
    Optional<ConfigWriter.Merged> merged = Files.exists(target)
        ? merge(target, shown, members, result, alias, timeField, zone, out) : Optional.empty();
    if (merged.isPresent()) {
      json = merged.get().json();
    }
    SyncConfig check = ConfigLoader.parseFile(shown, json).sync(); // what sync will read: fails here, not later
    Optional<Path> backup = Optional.empty();
    try {
      if (Files.exists(target)) {
        // timestamped, never replaced: a second --force must not lose the operator's file (fresh14 #4)
        Path bak = backupPath(target, env().clock().instant());
        Files.copy(target, bak);
        backup = Optional.of(bak);
      }
      AtomicFiles.write(target, json.getBytes(StandardCharsets.UTF_8), AtomicFiles.ATOMIC_RENAME, true);
    } catch (IOException e) {
      throw new LocalFileException("cannot write " + shown + ": " + e.getMessage()
          + "; check the directory exists and is writable, or pass --config PATH", e);
    }

    long matched = result.matched();
    int staff = result.staff().size();
    out.println();
    out.println("Wrote " + shown + backup.map(b -> " (previous file kept as " + env().display(b) + ")").orElse("")
        + ": wave " + wave + (check.activeWave().equals(wave) ? " (the activeWave)"
            : " (activeWave stays " + check.activeWave() + "; set it to " + wave + " to sync this wave)")
        + " with " + check.roster().wave(wave).members().size() + " staff.");
    if (merged.isPresent()) {
      printChanges(merged.get(), out);
    }
    out.println("init matched " + matched + " of " + staff + " staff: " + result.count(Outcome.BY_EMAIL)
        + " by e-mail, " + result.count(Outcome.BY_NAME) + " by name, " + (staff - matched)
        + " without sfUserId (their texts fail until it is set)" + breakdown(result) + ".");
    long withoutId = check.roster().wave(wave).members().stream().filter(m -> m.sfUserId().isEmpty()).count();
    if (withoutId > 0) {
      // fresh14 #23: an unmatched staff member's texts fail on every run, so a scheduled run exits 1 each time
      out.println("Scheduled runs exit 1 until each of the " + withoutId + " staff without sfUserId has one in " + shown
          + " (or is removed from wave " + wave + ").");
    }
    out.println("Next: rcsync doctor, then rcsync sync --backfill --since YYYY-MM-DD --dry-run");
    // not written by default: a standard Litify org has neither field (docs/configuration.md)
    out.println("Optional, if your Note object has (or gets) the fields: salesforce.note.messageTimeField (Date/Time: "
        + "each text's own time) and salesforce.note.counterpartyField (Text(20) or Phone: the number each text was "
        + "exchanged with, so rcsync transcript shows one conversation per number); doctor checks them.");

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("config", shown);
    body.put("wave", wave);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("extensions", extensions.size());
    totals.put("enabledUserExtensions", staff);
    totals.put("matchedByEmail", result.count(Outcome.BY_EMAIL));
    totals.put("matchedByName", result.count(Outcome.BY_NAME));
    totals.put("ambiguous", result.count(Outcome.AMBIGUOUS));
    totals.put("conflicts", result.count(Outcome.CONFLICT));
    totals.put("unmatched", result.count(Outcome.UNMATCHED));
    totals.put("userExtensionsNotEnabled", result.notEnabled().size());
    totals.put("otherTypes", result.otherTypes());
    totals.put("salesforceUsers", users.size());
    totals.put("salesforceUsersWithoutExtension", result.usersWithoutExtension().size());
    body.put("totals", totals);
    body.put("timeZone", check.timeZone().map(java.time.ZoneId::getId).orElse(null));
    body.put("messageTimeField", check.schema().messageTimeField().orElse(null));
    body.put("staff", rows);
    body.put("apiCalls", Map.of("ringcentral", calls.count(ApiCalls.RINGCENTRAL),
        "salesforce", calls.count(ApiCalls.SALESFORCE)));
    try {
      String report = reports(cfg).generic("init", started, env().clock().instant(), ExitCodes.OK, body).report();
      out.println("Report: " + report);
    } catch (RuntimeException e) {
      out.println("(report not written: " + e.getMessage() + ")");
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** One line per enabled user extension: how it matched, or what the operator should do. */
  private String line(StaffMatch m, String name, String file) {
    Extension e = m.extension();
    String who = label(name, e);
    String fix = "add sfUserId for " + who + " in " + file;
    return switch (m.outcome()) {
      case BY_EMAIL -> "  matched       " + who + " -> " + userName(m.user().get()) + " " + m.user().get().id()
          + " (e-mail)";
      case BY_NAME -> "  matched       " + who + " -> " + userName(m.user().get()) + " " + m.user().get().id()
          + " (name only: e-mails differ, " + orNone(e.email()) + " in RingCentral, " + orNone(m.user().get().email())
          + " in Salesforce; check it is the same person)";
      case AMBIGUOUS -> "  ambiguous     " + who + ": " + m.candidates().size() + " users share its "
          + (sharesEmail(m) ? "e-mail" : "name") + " (" + m.candidates().stream()
              .map(u -> userName(u) + " " + u.id() + " " + orNone(u.email())).collect(Collectors.joining("; "))
          + "): " + fix + " (the right one of them)";
      case CONFLICT -> "  conflict      " + who + ": " + userName(m.candidates().get(0)) + " "
          + m.candidates().get(0).id() + " is also matched by " + m.rivals().stream()
              .map(r -> label(staffName(r), r)).collect(Collectors.joining(", "))
          + ": " + fix + " if that user is theirs";
      case UNMATCHED -> "  no match      " + who + " (" + orNone(e.email()) + "): no active Salesforce user with that "
          + "e-mail or name; " + fix;
    };
  }

  private static boolean sharesEmail(StaffMatch m) {
    Optional<String> mail = StaffMatcher.emailKey(m.extension().email());
    return mail.isPresent() && m.candidates().stream()
        .allMatch(u -> StaffMatcher.emailKey(u.email()).equals(mail));
  }

  private static Map<String, Object> row(StaffMatch m, String name) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", name);
    row.put("extensionId", m.extension().id().value());
    row.put("extensionNumber", m.extension().number());
    row.put("outcome", m.outcome().name());
    row.put("sfUserId", m.user().map(u -> u.id().value()).orElse(null));
    row.put("candidates", m.candidates().stream().map(u -> u.id().value()).toList());
    return row;
  }

  private static String breakdown(StaffMatcher.Result r) {
    long ambiguous = r.count(Outcome.AMBIGUOUS);
    long conflicts = r.count(Outcome.CONFLICT);
    if (ambiguous == 0 && conflicts == 0) {
      return "";
    }
    return " (" + r.count(Outcome.UNMATCHED) + " no match, " + ambiguous + " ambiguous, " + conflicts + " conflict)";
  }

  /** The roster name: RingCentral's name of the extension, else its first and last name, else its number. */
  static String staffName(Extension e) {
    if (e.name() != null && !e.name().isBlank()) {
      return e.name().strip();
    }
    String both = ((e.firstName() == null ? "" : e.firstName()) + " " + (e.lastName() == null ? "" : e.lastName()))
        .strip();
    return both.isEmpty() ? "ext " + (e.number() == null ? e.id().value() : e.number()) : both;
  }

  private static String label(String name, Extension e) {
    return name + " (ext " + (e.number() == null ? "id " + e.id().value() : e.number()) + ")";
  }

  private static String userName(SalesforceUser u) {
    if (u.name() != null && !u.name().isBlank()) {
      return u.name();
    }
    return ((u.firstName() == null ? "" : u.firstName() + " ") + (u.lastName() == null ? "" : u.lastName())).strip();
  }

  private static String orNone(String email) {
    return email == null || email.isBlank() ? "no e-mail" : email.strip();
  }
  /** A custom field name that reads like a message time (fresh14 #3): Message_Time__c, Sent_Time__c, Text_Time__c. */
  static final java.util.regex.Pattern MESSAGE_TIME_NAME =
      java.util.regex.Pattern.compile("message.?time|sent.?time|text.?time", java.util.regex.Pattern.CASE_INSENSITIVE);

  /** The zone init writes as {@code timeZone} (empty: none written) and the line that says where it came from. */
  record TimeZoneChoice(Optional<java.time.ZoneId> zone, String line) {}

  /** The field init writes as {@code salesforce.note.messageTimeField} (empty: none) and the line that says why. */
  record FieldChoice(Optional<String> field, String line) {}

  /** The RingCentral account's time zone when it can be read and mapped, else the system's; always said. */
  private static TimeZoneChoice timeZone(RingCentralPorts rc) {
    String why;
    try {
      Optional<RingCentralAccountInfo.AccountTimeZone> tz = rc.accountTimeZone();
      if (tz.isPresent() && tz.get().zone().isPresent()) {
        java.time.ZoneId z = tz.get().zone().get();
        return new TimeZoneChoice(Optional.of(z), "Time zone: " + z.getId() + " (the RingCentral account's "
            + tz.get().ringCentralName() + "), written as timeZone; transcripts show times in it");
      }
      why = tz.map(t -> "the RingCentral account's time zone '" + t.ringCentralName() + "' is not one rcsync can map")
          .orElse("the RingCentral account has no time zone rcsync can read");
    } catch (ExternalSystemException e) {
      why = "the RingCentral account's time zone could not be read (" + e.getMessage() + ")";
    }
    java.time.ZoneId system = java.time.ZoneId.systemDefault().normalized();
    if (system instanceof java.time.ZoneOffset offset) {
      if (offset.getTotalSeconds() != 0) {
        return new TimeZoneChoice(Optional.empty(), "Time zone: " + why + " and the system zone is a bare offset ("
            + offset + "): set timeZone to the firm's IANA zone (e.g. \"America/New_York\") in the config");
      }
      system = java.time.ZoneId.of("Etc/UTC");
    }
    return new TimeZoneChoice(Optional.of(system), "Time zone: " + why + "; wrote the system zone " + system.getId()
        + " as timeZone: change it if the firm is elsewhere");
  }

  /** Looks on the Note object (one describe) for exactly one writable custom Date/Time field named like a message time. */
  private static FieldChoice messageTimeField(AdapterFactory.StaffPorts sf, String noteObject) {
    String create = ": create a Date/Time field (e.g. Message_Time__c) on " + noteObject + ", writable by the sync user, "
        + "and set salesforce.note.messageTimeField to it before the backfill (Notes written without it never get "
        + "their message time, so transcripts show them at the sync time)";
    Optional<SalesforceDescribe.ObjectInfo> note;
    try {
      note = sf.describeObject().apply(noteObject);
    } catch (ExternalSystemException e) {
      return new FieldChoice(Optional.empty(), "Message time: " + noteObject + " could not be described ("
          + e.getMessage() + ")" + create);
    }
    if (note.isEmpty()) {
      return new FieldChoice(Optional.empty(), "Message time: " + noteObject + " was not found" + create);
    }
    List<String> candidates = note.get().fields().values().stream()
        .filter(f -> "datetime".equalsIgnoreCase(f.type()) && f.name().endsWith("__c") && f.createable()
            && f.updateable() && MESSAGE_TIME_NAME.matcher(f.name()).find())
        .map(SalesforceDescribe.FieldInfo::name).sorted().toList();
    if (candidates.size() == 1) {
      return new FieldChoice(Optional.of(candidates.get(0)), "Message time: " + noteObject + "." + candidates.get(0)
          + " (writable Date/Time) written as salesforce.note.messageTimeField");
    }
    if (candidates.isEmpty()) {
      return new FieldChoice(Optional.empty(), "Message time: no writable custom Date/Time field named like a "
          + "message time on " + noteObject + create);
    }
    return new FieldChoice(Optional.empty(), "Message time: " + candidates.size() + " writable Date/Time fields on "
        + noteObject + " could hold it (" + String.join(", ", candidates) + "): set salesforce.note.messageTimeField "
        + "to the right one before the backfill");
  }

  /** SF_ACCESS_TOKEN and SF_INSTANCE_URL both set: that session wins over --target-org. */
  private static boolean envSession(Map<String, String> env) {
    return !env.getOrDefault("SF_ACCESS_TOKEN", "").isBlank() && !env.getOrDefault("SF_INSTANCE_URL", "").isBlank();
  }

  /**
   * {@code --force} on an existing file: only the wave's roster is rebuilt ({@link ConfigWriter#replaceWave}). A file
   * that cannot be kept (not JSON, or not a config rcsync reads) is replaced by a new one, and that is said.
   */
  private Optional<ConfigWriter.Merged> merge(Path target, String shown, List<StaffMember> members,
      StaffMatcher.Result result, Optional<String> alias, FieldChoice field, TimeZoneChoice zone, PrintWriter out) {
    String existing;
    try {
      existing = Files.readString(target, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LocalFileException("cannot read " + shown + ": " + e.getMessage() + "; nothing written", e);
    }
    String why;
    try {
      ConfigWriter.Merged m = ConfigWriter.replaceWave(existing, wave, members,
          result.notEnabled().stream().map(Extension::id).toList(), alias, field.field(), zone.zone());
      try {
        ConfigLoader.parseFile(shown, m.json()).sync();
        return Optional.of(m);
      } catch (io.rcsync.core.config.ConfigException merged) {
        try {
          ConfigLoader.parseFile(shown, existing).sync();
        } catch (io.rcsync.core.config.ConfigException old) {
          throw old; // the file was not a valid config before init touched it: replaced below
        }
        // a valid config that the rebuilt wave would break (e.g. staff already in another wave): keep it untouched
        throw usage("cannot rebuild wave " + wave + " in " + shown + ": " + merged.getMessage() + "; nothing written "
            + "(fix the file, or choose another --wave)");
      }
    } catch (IllegalArgumentException e) {
      why = e.getMessage();
    } catch (io.rcsync.core.config.ConfigException e) {
      why = e.getMessage();
    }
    out.println("Existing " + shown + " could not be kept (" + why + "): writing a new config instead");
    return Optional.empty();
  }

  private static void printChanges(ConfigWriter.Merged m, PrintWriter out) {
    out.println("Kept every other key and wave of the existing file. Roster: " + m.added().size() + " added, "
        + m.removed().size() + " removed, " + (m.kept().size() + m.keptByHand().size()) + " kept.");
    if (!m.added().isEmpty()) {
      out.println("  added:   " + String.join(", ", m.added()));
    }
    if (!m.removed().isEmpty()) {
      out.println("  removed: " + String.join(", ", m.removed()) + " (no longer an enabled user extension)");
    }
    if (!m.keptByHand().isEmpty()) {
      out.println("  kept as added by hand: " + String.join(", ", m.keptByHand()));
    }
    m.sfUserIdsKept().forEach(line -> out.println("  " + line));
    m.keysAdded().forEach(k -> out.println("  set " + k + " (the file had none)"));
  }

  /** {@code <file>.bak-20261130T061013Z}, with {@code -2}, {@code -3} ... if that name is taken. */
  static Path backupPath(Path target, Instant now) {
    String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(now);
    Path bak = target.resolveSibling(target.getFileName() + ".bak-" + stamp);
    for (int n = 2; Files.exists(bak); n++) {
      bak = target.resolveSibling(target.getFileName() + ".bak-" + stamp + "-" + n);
    }
    return bak;
  }
}

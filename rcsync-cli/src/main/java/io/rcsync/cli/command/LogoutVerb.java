package io.rcsync.cli.command;

import io.rcsync.cli.store.FileSyncStateStore;
import io.rcsync.cli.store.OwnerOnlyFiles;
import io.rcsync.cli.store.RunLock;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.ringcentral.RingCentralAuth;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rcsync logout}: revokes the cached RingCentral session ({@code POST /restapi/oauth/revoke}) and deletes the
 * token cache {@code .rcsync/rc-token.json}. Exit 0 when revoked or nothing was cached; 3 when RingCentral did not
 * confirm the revocation (the cache is deleted anyway and the line says so); 2 when a live run holds the run lock and
 * {@code --force} is not given (nothing is revoked or deleted).
 *
 * <p>A cache open to other users (which every other verb refuses to use) is made private first, then revoked and
 * deleted like any other: its session may have been read by someone else, so ending it is exactly what is needed.
 *
 * <p>A running {@code serve} (or sync) holding the run lock would log in again with the JWT at its next RingCentral
 * call, so the logout would not last and would only cost that process a fresh login (the Auth group allows about five
 * a minute). logout therefore refuses while a live run holds the lock, naming it and how to stop it; {@code --force}
 * revokes anyway (a leaked session must end now) and warns that the run will log in again.
 */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    header = "Revoke the cached RingCentral session and delete its token cache.",
    sortOptions = false,
    description = {
        "Every rcsync process shares one RingCentral session, kept in " + LiveAdapters.TOKEN_CACHE_PATH + " (mode "
            + "0600) and refreshed as it expires. logout revokes that session at RingCentral and deletes the file; "
            + "the next run logs in with the JWT again. A file open to other users is revoked and deleted too.",
        "",
        "While 'rcsync serve' or another run holds the run lock, logout refuses: that run would log in again at once. "
            + "Stop it first, or pass --force.",
        "",
        "Exit 0 when revoked or when nothing was cached; 3 when the revoke failed (the file is deleted anyway); 2 when "
            + "refused."})
final class LogoutVerb extends Verb {
  @Option(names = "--force", description = "Revoke and delete even while a running serve or sync holds the run lock "
      + "(it logs in again with the JWT at its next call).")
  boolean force;

  @Option(names = "--state-file", paramLabel = "FILE", defaultValue = FileSyncStateStore.DEFAULT_PATH,
      description = "The state file of the serve or sync to check for (default: ${DEFAULT-VALUE}); its run lock sits "
          + "beside it. Give the same --state-file a serve was started with.")
  String stateFile;

  @Mixin
  ConfigOptions cfg;

  @Override
  public Integer call() {
    ConfigFile config = loadConfig(cfg);
    Path file = env().resolve(LiveAdapters.TOKEN_CACHE_PATH);
    String shown = env().display(file);
    Path lockFile = env().resolve(stateFile).resolveSibling("sync.lock");
    Optional<RunLock.Holder> live = RunLock.readHolder(lockFile).filter(RunLock::holderAlive);
    if (live.isPresent() && !force) {
      RunLock.Holder h = live.get();
      throw usage("not logged out: " + RunLock.describeHolder(h, env().clock().instant()) + " holds the run lock "
          + env().display(lockFile) + " and would log in again with the JWT at its next RingCentral call; stop it "
          + "first (" + (h.command().startsWith("serve") ? "its launchd agent or systemd unit, or " : "") + "kill "
          + h.pid() + "), then run logout again, or pass --force to revoke now anyway");
    }
    Optional<String> openToOthers = OwnerOnlyFiles.openToOthers(file);
    if (openToOthers.isPresent()) {
      // read only to revoke: private first, so the session is not used by anyone else while it is being ended
      OwnerOnlyFiles.restrictToOwner(file, shown);
    }
    RingCentralPorts rc = env().adapters().ringCentral(config, env(), new ApiCalls());
    RingCentralAuth.Logout result = rc.logout();
    String exposed = openToOthers.map(p -> " It was readable by other users (" + p + "): anyone who read it could use "
        + "that session until now; revoking it ended that.").orElse("");
    live.ifPresent(h -> err().println("warning: '" + (h.command().isBlank() ? "an rcsync run" : h.command())
        + "' (pid " + h.pid() + ") is still running and logs in again with the JWT at its next RingCentral call; stop "
        + "it to stay logged out"));
    if (!result.hadTokens()) {
      out().println("No RingCentral session cached (" + shown + "); nothing to revoke.");
      return ExitCodes.OK;
    }
    if (result.revokeFailure().isPresent()) {
      err().println("RingCentral session not revoked (" + result.revokeFailure().get() + "); " + shown
          + " deleted anyway." + openToOthers.map(p -> " It was readable by other users (" + p + "): that session "
              + "stays usable by whoever read it until its refresh token expires.").orElse(""));
      return ExitCodes.AUTH_OR_CONNECTION;
    }
    out().println("Logged out of RingCentral: session revoked, " + shown + " deleted." + exposed);
    return ExitCodes.OK;
  }
}

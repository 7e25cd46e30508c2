package io.rcsync.cli.command;

import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.cli.wiring.RingCentralPorts;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.ringcentral.RingCentralAuth;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code rcsync logout}: revokes the cached RingCentral session ({@code POST /restapi/oauth/revoke}) and deletes the
 * token cache {@code .rcsync/rc-token.json}. Exit 0 when revoked or nothing was cached; 3 when RingCentral did not
 * confirm the revocation (the cache is deleted anyway and the line says so).
 */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    header = "Revoke the cached RingCentral session and delete its token cache.",
    sortOptions = false,
    description = {
        "Every rcsync process shares one RingCentral session, kept in " + LiveAdapters.TOKEN_CACHE_PATH + " (mode",
        "0600) and refreshed as it expires. logout revokes that session at RingCentral and deletes the file; the next",
        "run logs in with the JWT again. Exit 0 when revoked or when nothing was cached; 3 when the revoke failed (the",
        "file is deleted anyway)."})
final class LogoutVerb extends Verb {
  @Mixin
  ConfigOptions cfg;

  @Override
  public Integer call() {
    ConfigFile config = loadConfig(cfg);
    Path file = env().resolve(LiveAdapters.TOKEN_CACHE_PATH);
    String shown = env().display(file);
    RingCentralPorts rc = env().adapters().ringCentral(config, env(), new ApiCalls());
    RingCentralAuth.Logout result = rc.logout();
    if (!result.hadTokens()) {
      out().println("No RingCentral session cached (" + shown + "); nothing to revoke.");
      return ExitCodes.OK;
    }
    if (result.revokeFailure().isPresent()) {
      err().println("RingCentral session not revoked (" + result.revokeFailure().get() + "); " + shown
          + " deleted anyway");
      return ExitCodes.AUTH_OR_CONNECTION;
    }
    out().println("Logged out of RingCentral: session revoked, " + shown + " deleted.");
    return ExitCodes.OK;
  }
}

package io.rcsync.cli.schedule;

/** Opens the package-private quoting rules to tests in other packages. */
public final class SchedulesAccess {
  private SchedulesAccess() {}

  public static String systemdWord(String word) {
    return Schedules.systemdWord(word);
  }
}

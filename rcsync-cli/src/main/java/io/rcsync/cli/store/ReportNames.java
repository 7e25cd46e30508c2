package io.rcsync.cli.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * File names in the reports directory: {@code <UTC timestamp>-<verb><suffix>}, e.g.
 * {@code 20261125T130846Z-sync.json}. Names sort by time; a second run in the same second gets
 * {@code 20261125T130846Z_2-sync.json}, which sorts after the first and keeps the {@code -<verb>.json} ending.
 */
public final class ReportNames {
  static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ReportNames() {}

  /**
   * Creates (empty) and returns a file {@code <stamp>-<verb><suffix>} that did not exist before, in {@code dir}.
   */
  public static Path claim(Path dir, Instant at, String verb, String suffix) {
    try {
      Files.createDirectories(dir);
      String stamp = STAMP.format(at);
      for (int n = 1; ; n++) {
        Path p = dir.resolve(stamp + (n == 1 ? "" : "_" + n) + "-" + verb + suffix);
        try {
          Files.createFile(p);
          return p;
        } catch (FileAlreadyExistsException e) {
          // taken by an earlier run in the same second: try the next number
        }
      }
    } catch (IOException e) {
      throw new LocalFileException("cannot create a file in the reports directory " + dir + ": " + e.getMessage()
          + " (pass --report-dir DIR to write elsewhere)", e);
    }
  }

  /** The sibling of a claimed {@code .json} report: {@code X.json} → {@code X-failures.csv}. */
  public static Path sibling(Path report, String suffix) {
    String name = report.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return report.resolveSibling(stem + suffix);
  }
}

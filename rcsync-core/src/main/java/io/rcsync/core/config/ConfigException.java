package io.rcsync.core.config;

/** A config file problem, as one line naming the file, the key and what to do. */
public final class ConfigException extends RuntimeException {
  private final String file;
  private final String key;

  public ConfigException(String file, String key, String problem) {
    this(file, key, file + (key == null || key.isEmpty() ? "" : ": " + key) + ": " + problem, true);
  }

  private ConfigException(String file, String key, String message, boolean whole) {
    super(message);
    this.file = file;
    this.key = key;
  }

  /**
   * The file is not JSON: "FILE is not valid JSON at line L, column C: REASON" (line and column 1-based; left out
   * when not positive).
   */
  public static ConfigException invalidJson(String file, int line, int column, String reason) {
    String where = line > 0 ? " at line " + line + (column > 0 ? ", column " + column : "") : "";
    return new ConfigException(file, "", file + " is not valid JSON" + where + ": " + reason, true);
  }

  public String file() {
    return file;
  }

  public String key() {
    return key;
  }
}

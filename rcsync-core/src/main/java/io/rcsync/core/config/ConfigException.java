package io.rcsync.core.config;

/** A config file problem, as one line naming the file, the key and what to do. */
public final class ConfigException extends RuntimeException {
  private final String file;
  private final String key;

  public ConfigException(String file, String key, String problem) {
    super(file + (key == null || key.isEmpty() ? "" : ": " + key) + ": " + problem);
    this.file = file;
    this.key = key;
  }

  public String file() {
    return file;
  }

  public String key() {
    return key;
  }
}

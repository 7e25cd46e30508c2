package io.rcsync.cli.wiring;

import io.rcsync.core.support.Redactor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What the command reads from the world besides its arguments: the working directory relative paths resolve
 * against, the environment variables (credentials), the clock, whether a person watches a terminal, and how the
 * RingCentral and Salesforce ports are made. {@link #system()} is the real one; tests build their own so every
 * verb runs in-process against a temp directory, fakes or simulators.
 */
public final class CliEnvironment {
  /** Environment variables whose values must never be printed. */
  static final List<String> SECRET_VARIABLES = List.of("RC_CLIENT_SECRET", "RC_JWT", "SF_ACCESS_TOKEN");

  private final Path workDir;
  private final Map<String, String> env;
  private final Clock clock;
  private final boolean interactive;
  private final AdapterFactory adapters;
  private final java.util.function.Consumer<Runnable> shutdownHooks;
  /** The number of the signal that ran the hooks (0: none known); null = the JVM's, as the run watches it. */
  private final java.util.function.IntSupplier signal;

  private CliEnvironment(Path workDir, Map<String, String> env, Clock clock, boolean interactive, AdapterFactory adapters) {
    this(workDir, env, clock, interactive, adapters, CliEnvironment::jvmShutdownHook, null);
  }

  private CliEnvironment(Path workDir, Map<String, String> env, Clock clock, boolean interactive, AdapterFactory adapters,
      java.util.function.Consumer<Runnable> shutdownHooks, java.util.function.IntSupplier signal) {
    this.workDir = workDir.toAbsolutePath().normalize();
    this.env = Map.copyOf(env);
    this.clock = Objects.requireNonNull(clock);
    this.interactive = interactive;
    this.adapters = Objects.requireNonNull(adapters);
    this.shutdownHooks = Objects.requireNonNull(shutdownHooks);
    this.signal = signal;
  }

  private static void jvmShutdownHook(Runnable hook) {
    Runtime.getRuntime().addShutdownHook(new Thread(hook, "rcsync-shutdown"));
  }

  /**
   * Where a long-running verb ({@code serve}) registers what SIGTERM/SIGINT must do: a JVM shutdown hook by default;
   * tests capture the hook and run it to stand in for the signal.
   */
  public CliEnvironment withShutdownHooks(java.util.function.Consumer<Runnable> value) {
    return new CliEnvironment(workDir, env, clock, interactive, adapters, value, signal);
  }

  /**
   * As {@link #withShutdownHooks(java.util.function.Consumer)}, with the number of the signal the captured hooks stand
   * in for (2 SIGINT, 15 SIGTERM), read when a hook runs: the run's report then states the exit code the JVM would
   * give (128 + the number).
   */
  public CliEnvironment withShutdownHooks(java.util.function.Consumer<Runnable> value,
      java.util.function.IntSupplier signalNumber) {
    return new CliEnvironment(workDir, env, clock, interactive, adapters, value, Objects.requireNonNull(signalNumber));
  }

  /**
   * The number of the signal that runs the shutdown hooks as given to {@link #withShutdownHooks(
   * java.util.function.Consumer, java.util.function.IntSupplier)}; empty = the JVM's own signals (watched by the run).
   */
  public java.util.Optional<java.util.function.IntSupplier> shutdownSignal() {
    return java.util.Optional.ofNullable(signal);
  }

  /** Registers a hook run on SIGTERM/SIGINT (see {@link #withShutdownHooks}). */
  public void onShutdown(Runnable hook) {
    shutdownHooks.accept(hook);
  }

  /** The process's own working directory, environment and clock; a terminal when {@code System.console()} has one. */
  public static CliEnvironment system() {
    return new CliEnvironment(Path.of(""), System.getenv(), Clock.systemUTC(), System.console() != null,
        new LiveAdapters());
  }

  /** An environment for tests and embedders: not interactive, no variables, real adapters until replaced. */
  public static CliEnvironment of(Path workDir) {
    return new CliEnvironment(workDir, Map.of(), Clock.systemUTC(), false, new LiveAdapters());
  }

  public CliEnvironment withEnv(Map<String, String> variables) {
    return new CliEnvironment(workDir, variables, clock, interactive, adapters, shutdownHooks, signal);
  }

  public CliEnvironment withClock(Clock value) {
    return new CliEnvironment(workDir, env, value, interactive, adapters, shutdownHooks, signal);
  }

  public CliEnvironment withInteractive(boolean value) {
    return new CliEnvironment(workDir, env, clock, value, adapters, shutdownHooks, signal);
  }

  public CliEnvironment withAdapters(AdapterFactory value) {
    return new CliEnvironment(workDir, env, clock, interactive, value, shutdownHooks, signal);
  }

  public CliEnvironment withWorkDir(Path value) {
    return new CliEnvironment(value, env, clock, interactive, adapters, shutdownHooks, signal);
  }

  public Path workDir() {
    return workDir;
  }

  /** A path as the operator typed it, resolved against the working directory. */
  public Path resolve(String path) {
    return workDir.resolve(path).normalize();
  }

  /** A path for messages: relative to the working directory when inside it. */
  public String display(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    return abs.startsWith(workDir) && !abs.equals(workDir) ? workDir.relativize(abs).toString() : abs.toString();
  }

  public Map<String, String> env() {
    return env;
  }

  public Clock clock() {
    return clock;
  }

  public boolean interactive() {
    return interactive;
  }

  public AdapterFactory adapters() {
    return adapters;
  }

  /**
   * Secret values present in the environment and known to the adapter factory, so no message ever echoes one: every
   * value {@link Redactor} masks (the same length rule the adapters use for their credentials and tokens).
   */
  public List<String> secrets() {
    return Stream.concat(SECRET_VARIABLES.stream().map(env::get), adapters.secrets().stream())
        .filter(Redactor::isMaskable).toList();
  }
}

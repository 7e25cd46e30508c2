package io.rcsync.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.RunReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C/SIGTERM during a run (fresh16 #3): the hook, the run's thread and the line after the summary. */
class RunInterruptTest {
  @TempDir
  Path dir;

  final List<Runnable> hooks = new CopyOnWriteArrayList<>();
  final StringWriter err = new StringWriter();

  RunInterrupt register() {
    return RunInterrupt.register(CliEnvironment.of(dir).withShutdownHooks(hooks::add), new PrintWriter(err, true));
  }

  static RunReport report(boolean dryRun, Optional<String> aborted, long created, long failed) {
    Counts c = new Counts(created + failed, 0, created, 0, 0, failed, created, 0, 0);
    return new RunReport("import-smsmagic", "smsmagic", dryRun, "-", Instant.EPOCH, Instant.EPOCH, List.of(), c,
        List.of(), List.of(), List.of(), List.of(), Map.of(), aborted);
  }

  @Test
  void aSignalBeforeTheSyncStartsInterruptsItAndTheInterruptIsClearedAfterwards() throws Exception {
    RunInterrupt interrupt = register();
    Thread signal = new Thread(() -> hooks.forEach(Runnable::run));
    signal.start();
    while (!interrupt.requested()) {
      Thread.onSpinWait();
    }

    boolean interruptedInside = interrupt.during(() -> Thread.currentThread().isInterrupted());
    boolean interruptedAfter = Thread.currentThread().isInterrupted();
    interrupt.finished();
    signal.join();

    assertThat(interruptedInside).isTrue();
    assertThat(interruptedAfter).isFalse();
    assertThat(err.toString()).contains("interrupted: stopping before the next page").doesNotContain("did not stop");
  }

  @Test
  void theHookOfARunThatFinishedReturnsAtOnceAndSaysNothing() {
    RunInterrupt interrupt = register();
    interrupt.finished();

    hooks.forEach(Runnable::run);

    assertThat(err.toString()).isEmpty();
    assertThat(interrupt.requested()).isFalse();
    assertThat(interrupt.summary(report(false, Optional.empty(), 3, 0))).isEmpty();
  }

  @Test
  void theLineAfterTheSummarySaysWhatWasWrittenOrThatTheRunFinishedAllTheSame() throws Exception {
    RunInterrupt interrupt = register();
    Thread signal = new Thread(() -> hooks.forEach(Runnable::run));
    signal.start();
    while (!interrupt.requested()) {
      Thread.onSpinWait();
    }
    interrupt.finished();
    signal.join();

    assertThat(interrupt.summary(report(false, Optional.of(RunInterrupt.REASON), 15_600, 400))).hasValue(
        "interrupted after writing 15,600 Note(s); 400 record(s) not written are in the failures CSV; re-run the same"
            + " command to finish (it is idempotent: Notes already written stay as they are)");
    assertThat(interrupt.summary(report(false, Optional.empty(), 20_000, 0))).hasValue(
        "interrupted after the last page was read: the run finished, its report above is complete");
    assertThat(interrupt.summary(report(true, Optional.of(RunInterrupt.REASON), 0, 2))).get().asString()
        .startsWith("interrupted: a dry run, nothing was written");
  }

  @Test
  void anInterruptedRunStatesTheExitCodeTheProcessReturnsFinishedOrNot() throws Exception {
    // fresh17 #8: the JVM exits 128 + the signal's number after the hooks; the report's exitCode must agree
    for (int signo : new int[] {2, 15}) {
      hooks.clear();
      RunInterrupt interrupt = RunInterrupt.register(CliEnvironment.of(dir).withShutdownHooks(hooks::add, () -> signo),
          new PrintWriter(err, true));
      Thread signal = new Thread(() -> hooks.forEach(Runnable::run));
      signal.start();
      while (!interrupt.requested()) {
        Thread.onSpinWait();
      }
      interrupt.finished();
      signal.join();

      int expected = signo == 2 ? 130 : 143;
      assertThat(interrupt.exitCode(0)).as("finished after the last page, SIG %d", signo).isEqualTo(expected);
      assertThat(interrupt.exitCode(1)).as("stopped mid-run, SIG %d", signo).isEqualTo(expected);
    }
  }

  @Test
  void aRunThatWasNotInterruptedKeepsItsOwnExitCode() {
    RunInterrupt interrupt = RunInterrupt.register(CliEnvironment.of(dir).withShutdownHooks(hooks::add, () -> 15),
        new PrintWriter(err, true));
    interrupt.finished();

    hooks.forEach(Runnable::run); // the normal exit's hook

    assertThat(interrupt.exitCode(0)).isZero();
    assertThat(interrupt.exitCode(1)).isEqualTo(1);
  }
}

package io.rcsync.testkit.sim.salesforce;

import java.util.ArrayList;
import java.util.List;

/**
 * The undo steps of the writes one request (or one all-or-none composite transaction) made, so that allOrNone can
 * roll them back, last first.
 */
final class UndoLog {
  private final List<Runnable> steps = new ArrayList<>();

  void add(Runnable step) {
    steps.add(step);
  }

  /** Takes over another log's steps, after this one's (a request's writes joining the open transaction). */
  void addAll(UndoLog other) {
    steps.addAll(other.steps);
  }

  void rollback() {
    for (int i = steps.size() - 1; i >= 0; i--) {
      steps.get(i).run();
    }
  }
}

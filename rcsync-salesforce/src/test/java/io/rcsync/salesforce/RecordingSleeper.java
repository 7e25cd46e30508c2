package io.rcsync.salesforce;

import io.rcsync.http.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that only records what it was asked to wait. */
final class RecordingSleeper implements Sleeper {
  final List<Duration> waits = new ArrayList<>();

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
  }
}

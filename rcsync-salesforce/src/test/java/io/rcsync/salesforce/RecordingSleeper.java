package io.rcsync.salesforce;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that only records what it was asked to wait. */
final class RecordingSleeper implements SalesforceConfig.Sleeper {
  final List<Duration> waits = new ArrayList<>();

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
  }
}

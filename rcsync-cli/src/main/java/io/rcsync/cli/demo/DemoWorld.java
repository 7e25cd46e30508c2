package io.rcsync.cli.demo;

import io.rcsync.cli.wiring.AdapterFactory;

import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.CaseRecord;
import java.util.List;
import java.util.Map;

/**
 * Where {@code rcsync demo} runs: a RingCentral and a Salesforce loaded with generated data, reachable through an
 * {@link AdapterFactory} (and, for the simulators, the environment variables a person would set).
 */
public interface DemoWorld extends AutoCloseable {
  /** The adapters the demo's verbs use. */
  AdapterFactory adapters();

  /** Environment variables the verbs need (credentials pointing at the simulators); empty for in-memory fakes. */
  Map<String, String> env();

  /** New texts arriving on the phone system, for the incremental step. */
  void addMessages(List<SmsMessage> messages);

  /** Matters or Intakes created in Salesforce after the backfill (the demo's late-matched lead). */
  void addCases(List<CaseRecord> cases);

  /** One line per system saying what it is and where. */
  List<String> describe();

  /** What each system says it received (the simulators' own counters), one line per system; empty for fakes. */
  default List<String> callsReceived() {
    return List.of();
  }

  /** Notes with an rc_msg_ external id now in Salesforce. */
  long rcsyncNotes();

  /**
   * The MMS files rcsync stored in Salesforce Files (issue 12), one line each: file name, size, the Note it is
   * published to and the records it is linked to, e.g. {@code IMG_0412.jpg (180 KB) on rc_msg_123, linked to Matter
   * a0L…}. Empty when the world cannot list them.
   */
  default List<String> rcsyncFiles() {
    return List.of();
  }

  @Override
  void close();
}

package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoSmsMagicHistory;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import-smsmagic --dry-run} end to end on the demo firm: it reads, matches, de-duplicates and looks the Notes
 * up as a real run does, reports what the run would do, and sends Salesforce no write at all.
 */
class SmsMagicDryRunSimulatorTest {
  private static final Set<Endpoint> WRITES = EnumSet.of(Endpoint.SOBJECT_CREATE, Endpoint.SOBJECT_DELETE,
      Endpoint.COLLECTIONS_CREATE, Endpoint.COLLECTIONS_UPSERT, Endpoint.COLLECTIONS_UPDATE,
      Endpoint.COLLECTIONS_DELETE);

  @TempDir
  Path dir;

  SmsMagicDemoOrg org;

  @AfterEach
  void stop() {
    if (org != null) {
      org.close();
    }
  }

  private long writeCalls() {
    return WRITES.stream().mapToLong(org.sf::calls).sum();
  }

  private Map<String, Object> modified() {
    Map<String, Object> m = new HashMap<>();
    org.sf.records(org.schema.noteObject()).forEach(n -> m.put(String.valueOf(n.get("Id")), n.get("LastModifiedDate")));
    return m;
  }

  @Test
  void aDryRunWritesNothingAndReportsWhatTheImportWouldDo() {
    org = SmsMagicDemoOrg.backfilled(dir);
    DemoSmsMagicHistory.Expected e = DemoData.SMS_MAGIC_EXPECTED;
    Map<String, Object> before = modified();
    long writesBefore = writeCalls();

    TestWorld.Result dry = org.ok("import-smsmagic", "--dry-run");

    JsonNode json = org.lastJson("-import-smsmagic.json");
    JsonNode t = json.path("totals");
    assertThat(json.path("dryRun").asBoolean()).isTrue();
    assertThat(dry.out()).contains("DRY RUN");
    assertThat(writeCalls()).as("no write call reached Salesforce").isEqualTo(writesBefore);
    assertThat(modified()).isEqualTo(before);
    assertThat(org.notes(SmsMagicDemoOrg.SMS_MAGIC)).isEmpty();
    assertThat(t.path("fetched").asLong()).isEqualTo(e.read());
    assertThat(t.path("matchedMatter").asLong()).isEqualTo(e.matchedMatter() + e.failedStatus());
    assertThat(t.path("matchedIntake").asLong()).isEqualTo(e.matchedIntake());
    assertThat(t.path("unmatched").asLong()).isEqualTo(e.unmatched());
    assertThat(t.path("intakerFiltered").asLong()).isEqualTo(e.intakerFiltered());
    assertThat(t.path("deduplicated").asLong()).isEqualTo(e.rcDuplicates() + e.migrationCopies());
    assertThat(t.path("created").asLong() + t.path("updated").asLong() + t.path("unchanged").asLong())
        .as("every Note the run would write, looked up: none exists yet")
        .isEqualTo(t.path("created").asLong());
    assertThat(json.path("balanced").asBoolean()).isTrue();
    assertThat(org.importCsv("deduplicated")).hasSize(1 + e.rcDuplicates() + e.migrationCopies());

    // the real run then does what the dry run said
    org.ok("import-smsmagic");
    assertThat(org.importTotals().path("matchedMatter").asLong()).isEqualTo(t.path("matchedMatter").asLong());
    assertThat(org.importTotals().path("deduplicated").asLong()).isEqualTo(t.path("deduplicated").asLong());
    assertThat(org.notes(SmsMagicDemoOrg.SMS_MAGIC)).hasSize(e.notes() + e.failedStatus());

    // and a dry run after it reports every Note in place
    org.ok("import-smsmagic", "--dry-run");
    assertThat(org.importTotals().path("unchanged").asLong()).isEqualTo(e.notes() + e.failedStatus());
    assertThat(org.importTotals().path("created").asLong()).isZero();
  }
}

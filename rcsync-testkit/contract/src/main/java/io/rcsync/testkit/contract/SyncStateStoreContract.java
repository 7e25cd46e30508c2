package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.UnmatchedText;
import io.rcsync.core.port.out.SyncStateStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link SyncStateStore} must do. Extend it and return an empty store. */
public abstract class SyncStateStoreContract {
  private static final ExtensionId ALYSSIA = ExtensionId.of("376557052");
  private static final ExtensionId KYLE = ExtensionId.of("376557053");
  private static final ExtensionId SAM = ExtensionId.of("376557115");

  protected abstract SyncStateStore freshStore();

  @Test
  public void aFreshStoreHasNoWatermarks() {
    assertThat(freshStore().watermark(ALYSSIA)).isEmpty();
  }

  @Test
  public void returnsTheSavedWatermarkOfEachExtension() {
    SyncStateStore store = freshStore();
    Instant a = Instant.parse("2026-04-01T12:00:00.123Z");
    Instant k = Instant.parse("2026-04-02T08:30:00Z");

    store.saveWatermarks(Map.of(ALYSSIA, a, KYLE, k));

    assertThat(store.watermark(ALYSSIA)).contains(a);
    assertThat(store.watermark(KYLE)).contains(k);
    assertThat(store.watermark(SAM)).isEmpty();
  }

  @Test
  public void aSaveReplacesOnlyTheGivenExtensions() {
    SyncStateStore store = freshStore();
    Instant first = Instant.parse("2026-04-01T00:00:00Z");
    Instant later = Instant.parse("2026-04-03T00:00:00Z");
    store.saveWatermarks(Map.of(ALYSSIA, first, KYLE, first));

    store.saveWatermarks(Map.of(KYLE, later, SAM, later));

    assertThat(store.watermark(ALYSSIA)).contains(first);
    assertThat(store.watermark(KYLE)).contains(later);
    assertThat(store.watermark(SAM)).contains(later);
  }

  @Test
  public void aWatermarkMayMoveBackwards() {
    SyncStateStore store = freshStore();
    store.saveWatermarks(Map.of(ALYSSIA, Instant.parse("2026-04-03T00:00:00Z")));

    store.saveWatermarks(Map.of(ALYSSIA, Instant.parse("2026-04-02T23:00:00Z")));

    assertThat(store.watermark(ALYSSIA)).contains(Instant.parse("2026-04-02T23:00:00Z"));
  }

  private static UnmatchedText lead(String id, ExtensionId ext) {
    return new UnmatchedText(MessageId.of(id), ext, Direction.INBOUND, "+15025550100", List.of("+15028138900"),
        "Hi, this is Jane — about my accident", Instant.parse("2026-04-01T12:00:00Z"), "77", "Received",
        List.of(new Attachment("1", "https://media.example/1", "MmsAttachment", "image/jpeg"),
            new Attachment("2", "https://media.example/2", "MmsAttachment", "application/pdf", 48_213L,
                "police-report.pdf")));
  }

  @Test
  public void aFreshStoreHasNoTextsAwaitingALateMatch() {
    assertThat(freshStore().pendingUnmatched()).isEmpty();
  }

  @Test
  public void textsAwaitingALateMatchComeBackAsSaved() {
    SyncStateStore store = freshStore();
    UnmatchedText inbound = lead("1001", ALYSSIA);
    UnmatchedText group = new UnmatchedText(MessageId.of("1002"), KYLE, Direction.OUTBOUND, null,
        List.of("+15025550101", "+15025550102"), "", Instant.parse("2026-04-02T08:30:00.250Z"), null, null, List.of());

    store.savePendingUnmatched(List.of(inbound, group));

    assertThat(store.pendingUnmatched()).containsExactly(inbound, group);
  }

  @Test
  public void savingTheLateMatchListReplacesItAndKeepsTheWatermarks() {
    SyncStateStore store = freshStore();
    Instant t = Instant.parse("2026-04-01T00:00:00Z");
    store.saveWatermarks(Map.of(ALYSSIA, t));
    store.savePendingUnmatched(List.of(lead("1001", ALYSSIA), lead("1002", ALYSSIA)));

    store.savePendingUnmatched(List.of(lead("1003", KYLE)));
    store.saveWatermarks(Map.of(KYLE, t));

    assertThat(store.pendingUnmatched()).containsExactly(lead("1003", KYLE));
    assertThat(store.watermark(ALYSSIA)).contains(t);
    store.savePendingUnmatched(List.of());
    assertThat(store.pendingUnmatched()).isEmpty();
    assertThat(store.watermark(KYLE)).contains(t);
  }

  @Test
  public void savingNothingChangesNothing() {
    SyncStateStore store = freshStore();
    Instant t = Instant.parse("2026-04-01T00:00:00Z");
    store.saveWatermarks(Map.of(ALYSSIA, t));

    store.saveWatermarks(Map.of());

    assertThat(store.watermark(ALYSSIA)).contains(t);
  }

  @Test
  public void aFreshStoreHasNoMessageSyncCheckpoints() {
    assertThat(freshStore().syncCheckpoint(ALYSSIA)).isEmpty();
  }

  @Test
  public void messageSyncCheckpointsComeBackAsSavedPerExtension() {
    SyncStateStore store = freshStore();
    MessageSyncCheckpoint a = new MessageSyncCheckpoint("opaque-Tk+/=A1", Instant.parse("2026-04-01T12:00:00.123Z"));
    MessageSyncCheckpoint k = new MessageSyncCheckpoint("opaque-Tk-K2", Instant.parse("2026-04-02T08:30:00Z"));

    store.saveSyncCheckpoints(Map.of(ALYSSIA, a, KYLE, k));

    assertThat(store.syncCheckpoint(ALYSSIA)).contains(a);
    assertThat(store.syncCheckpoint(KYLE)).contains(k);
    assertThat(store.syncCheckpoint(SAM)).isEmpty();
  }

  @Test
  public void savingCheckpointsReplacesOnlyTheGivenExtensions() {
    SyncStateStore store = freshStore();
    MessageSyncCheckpoint first = new MessageSyncCheckpoint("first", Instant.parse("2026-04-01T00:00:00Z"));
    MessageSyncCheckpoint later = new MessageSyncCheckpoint("later", Instant.parse("2026-04-03T00:00:00Z"));
    store.saveSyncCheckpoints(Map.of(ALYSSIA, first, KYLE, first));

    store.saveSyncCheckpoints(Map.of(KYLE, later, SAM, later));

    assertThat(store.syncCheckpoint(ALYSSIA)).contains(first);
    assertThat(store.syncCheckpoint(KYLE)).contains(later);
    assertThat(store.syncCheckpoint(SAM)).contains(later);
  }

  @Test
  public void savingCheckpointsKeepsTheWatermarksAndTheLateMatchList() {
    SyncStateStore store = freshStore();
    Instant t = Instant.parse("2026-04-01T00:00:00Z");
    store.saveWatermarks(Map.of(ALYSSIA, t));
    store.savePendingUnmatched(List.of(lead("1001", ALYSSIA)));

    store.saveSyncCheckpoints(Map.of(ALYSSIA, new MessageSyncCheckpoint("tok", t.plusSeconds(60))));

    assertThat(store.watermark(ALYSSIA)).contains(t);
    assertThat(store.pendingUnmatched()).containsExactly(lead("1001", ALYSSIA));
  }

  @Test
  public void savingWatermarksOrTheLateMatchListKeepsTheCheckpoints() {
    SyncStateStore store = freshStore();
    MessageSyncCheckpoint c = new MessageSyncCheckpoint("tok", Instant.parse("2026-04-01T00:00:00Z"));
    store.saveSyncCheckpoints(Map.of(ALYSSIA, c));

    store.saveWatermarks(Map.of(ALYSSIA, Instant.parse("2026-04-02T00:00:00Z")));
    store.savePendingUnmatched(List.of(lead("1001", KYLE)));
    store.saveSyncCheckpoints(Map.of());

    assertThat(store.syncCheckpoint(ALYSSIA)).contains(c);
  }
}

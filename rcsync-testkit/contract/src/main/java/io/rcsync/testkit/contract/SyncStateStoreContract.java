package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.SyncStateStore;
import java.time.Instant;
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

  @Test
  public void savingNothingChangesNothing() {
    SyncStateStore store = freshStore();
    Instant t = Instant.parse("2026-04-01T00:00:00Z");
    store.saveWatermarks(Map.of(ALYSSIA, t));

    store.saveWatermarks(Map.of());

    assertThat(store.watermark(ALYSSIA)).contains(t);
  }
}

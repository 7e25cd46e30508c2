package io.rcsync.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.wiring.SalesforcePorts;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.testkit.fake.InMemoryFiles;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The failure-watching wrappers hand-forward every port method; a method they forget falls to the port's default
 * (for {@link FileStore#unshare}: "cannot remove links"), which a fresh-user run found as a file left on the Matter
 * its Note was moved away from. This test fails when a port gains a method the wrapper does not forward.
 */
class ExternalFailuresForwardingTest {
  @Test
  void theWatchedFileStoreForwardsEveryFileStoreMethod() {
    SalesforcePorts base = SalesforcePorts.of(null, null, null, () -> "", () -> "", name -> Optional.empty());
    FileStore watched = new ExternalFailures().watch(SalesforcePorts.withFiles(base, new InMemoryFiles()))
        .files().orElseThrow();

    List<String> missing = Arrays.stream(FileStore.class.getMethods())
        .filter(m -> !m.isSynthetic() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
        .filter(m -> !declares(watched.getClass(), m))
        .map(Method::getName).toList();

    assertThat(missing).as("FileStore methods the wrapper leaves to the port's defaults").isEmpty();
  }

  @Test
  void theWatchedSalesforcePortsForwardTheSmsMagicHistoryAndRememberItsFailures() {
    io.rcsync.testkit.fake.InMemoryHistory history = new io.rcsync.testkit.fake.InMemoryHistory()
        .describedAs("org: smagicinteract__smsMagic__c")
        .failRead(1, new io.rcsync.core.port.out.ExternalSystemException("salesforce",
            io.rcsync.core.port.out.ExternalSystemException.Kind.CONNECTION, "gone"));
    SalesforcePorts base = SalesforcePorts.of(null, null, null, () -> "", () -> "", name -> Optional.empty());
    ExternalFailures seen = new ExternalFailures();
    SalesforcePorts watched = seen.watch(SalesforcePorts.withHistory(base, (fields, batch) -> history));
    SalesforcePorts without = new ExternalFailures().watch(base);

    io.rcsync.core.port.out.HistorySource source = watched.history(
        io.rcsync.core.domain.SmsMagicFieldMap.defaults(), 2000).orElseThrow();

    assertThat(source.description()).isEqualTo("org: smagicinteract__smsMagic__c");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.read(
        io.rcsync.core.port.out.HistorySource.Query.all(), Optional.empty()))
        .hasMessageContaining("gone");
    assertThat(seen.authOrConnection()).isTrue();
    assertThat(without.history(io.rcsync.core.domain.SmsMagicFieldMap.defaults(), 2000)).isEmpty();
    assertThat(without.staff()).isEmpty();
    List<io.rcsync.core.port.out.StaffDirectory.SalesforceUser> users = List.of();
    assertThat(new ExternalFailures().watch(SalesforcePorts.withStaff(base, () -> users)).staff())
        .hasValueSatisfying(s -> assertThat(s.activeUsers()).isSameAs(users));
    List<String> missing = Arrays.stream(io.rcsync.core.port.out.HistorySource.class.getMethods())
        .filter(m -> !m.isSynthetic() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
        .filter(m -> !declares(source.getClass(), m))
        .map(Method::getName).toList();
    assertThat(missing).as("HistorySource methods the wrapper leaves to the port's defaults").isEmpty();
  }

  @Test
  void unshareThroughTheWatchedStoreRemovesTheLink() {
    InMemoryFiles files = new InMemoryFiles();
    SalesforcePorts base = SalesforcePorts.of(null, null, null, () -> "", () -> "", name -> Optional.empty());
    FileStore watched = new ExternalFailures().watch(SalesforcePorts.withFiles(base, files)).files().orElseThrow();
    io.rcsync.core.domain.SalesforceId note = io.rcsync.testkit.fixtures.SalesforceIds.notes().next();
    io.rcsync.core.domain.SalesforceId matter = io.rcsync.testkit.fixtures.SalesforceIds.matters().next();
    FileStore.StoredFile stored = watched.upload(new FileStore.Upload("rc_att_1_2", "a.jpg", "a.jpg", "image/jpeg",
        List.of(note), new io.rcsync.core.port.out.AttachmentSource.Content(
            new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), "image/jpeg", java.util.OptionalLong.of(3))))
        .stored().orElseThrow();
    FileStore.StoredFile linked = watched.share(List.of(new FileStore.Share(stored, matter))).get(0).share().file();

    List<FileStore.ShareOutcome> out = watched.unshare(List.of(new FileStore.Share(linked, matter)));

    assertThat(out).allMatch(FileStore.ShareOutcome::linked);
    assertThat(files.stored("rc_att_1_2").orElseThrow().linkedTo()).noneMatch(matter::sameRecord);
  }

  @Test
  void theWatchedRingCentralPortsForwardTheAccountsTimeZone() {
    io.rcsync.ringcentral.RingCentralAccountInfo.AccountTimeZone eastern =
        new io.rcsync.ringcentral.RingCentralAccountInfo.AccountTimeZone("US/Eastern", "Eastern Time (US & Canada)",
            Optional.of(java.time.ZoneId.of("America/New_York")));
    io.rcsync.cli.wiring.RingCentralPorts base = io.rcsync.cli.wiring.RingCentralPorts.of(null, null, () -> "",
        () -> "", List::of, null, () -> "", () -> Optional.of(eastern));

    assertThat(new ExternalFailures().watch(base).accountTimeZone()).contains(eastern);
  }

  private static boolean declares(Class<?> type, Method m) {
    try {
      type.getDeclaredMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}

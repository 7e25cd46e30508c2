package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.service.sync.SyncTarget;
import io.rcsync.core.service.sync.SyncTargets;
import io.rcsync.testkit.fake.InMemoryExtensionDirectory;
import io.rcsync.testkit.fixtures.Rosters;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncTargetsTest {
  private static final ExtensionId ALYSSIA_EXT = ExtensionId.of("376557052");
  private static final ExtensionId TIMMERA_EXT = ExtensionId.of("376557083");
  private static final SalesforceId ALYSSIA = SalesforceIds.idFor(SalesforceIds.USER, 1);
  private static final SalesforceId TIMMERA = SalesforceIds.idFor(SalesforceIds.USER, 3);

  private final InMemoryExtensionDirectory directory = new InMemoryExtensionDirectory(new ApiCalls())
      .add(ALYSSIA_EXT.value(), "104", "Alyssia").add(TIMMERA_EXT.value(), "108", "Timmera");
  private final StaffMember alyssia = Rosters.member("Alyssia").extension(ALYSSIA_EXT).user(ALYSSIA).build();
  private final StaffMember timmera = Rosters.member("Timmera").extensionNumber("108").user(TIMMERA).build();
  private final StaffMember sara = Rosters.member("Sara Collins").user(SalesforceIds.idFor(SalesforceIds.USER, 4)).build();
  private final StaffMember ghost = Rosters.member("Ghost").extensionNumber("999").build();
  private final Wave wave1 = Rosters.wave(Rosters.WAVE1, alyssia, sara, timmera, ghost);
  private final Wave wave2 = Rosters.wave("wave2_case_managers",
      Rosters.member("Kyle Haney").extension("376557074").extensionNumber("107").build());
  private final Roster roster = Rosters.of(wave1, wave2);

  private SyncTargets.Resolution resolve(Wave wave, Optional<ExtensionId> only) {
    return new SyncTargets(Optional.of(directory)).resolve(wave, only);
  }

  @Test
  void membersResolveByIdOrNumberInRosterOrderWithTheirOwners() {
    SyncTargets.Resolution r = resolve(wave1, Optional.empty());

    assertThat(r.targets()).containsExactly(new SyncTarget(ALYSSIA_EXT, "Alyssia", Optional.of(ALYSSIA)),
        new SyncTarget(TIMMERA_EXT, "Timmera", Optional.of(TIMMERA)));
    assertThat(r.skippedStaff()).containsExactly("Sara Collins: no RingCentral extension — skipped",
        "Ghost: extension number 999 not found in the RingCentral directory — skipped");
    assertThat(r.warnings()).isEmpty();
    assertThat(r.abort()).isEmpty();
    assertThat(directory.listCalls()).isEqualTo(1);
  }

  @Test
  void anExtensionListedTwiceIsReadOnceWithAWarning() {
    Wave twice = Rosters.wave(Rosters.WAVE1, alyssia, Rosters.member("Alyssia again").extensionNumber("104").build());

    SyncTargets.Resolution r = resolve(twice, Optional.empty());

    assertThat(r.targets()).extracting(SyncTarget::staffName).containsExactly("Alyssia");
    assertThat(r.warnings()).containsExactly("extension 376557052 is listed twice in wave wave1_intake; synced once");
  }

  @Test
  void withoutADirectoryIdsAreUsedUncheckedAndNumbersAreSkipped() {
    SyncTargets.Resolution r = new SyncTargets(Optional.empty()).resolve(wave1, Optional.empty());

    assertThat(r.targets()).extracting(SyncTarget::extension).containsExactly(ALYSSIA_EXT);
    assertThat(r.skippedStaff()).contains("Timmera: only extension number 108 is known and no extension directory is"
        + " available — skipped");
  }

  @Test
  void aDirectoryThatRefusesTheRequestLeavesTheIdsUncheckedWithAWarning() {
    directory.failWith(new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED, "HTTP 403"));

    SyncTargets.Resolution r = resolve(wave1, Optional.empty());

    assertThat(r.targets()).extracting(SyncTarget::extension).containsExactly(ALYSSIA_EXT);
    assertThat(r.warnings()).containsExactly("could not read the RingCentral extension directory (HTTP 403): using the"
        + " configured extension ids unchecked");
    assertThat(r.abort()).isEmpty();
  }

  @Test
  void anUnreachableDirectoryAbortsTheRunAndRejectedCredentialsPropagate() {
    directory.failWith(new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.CONNECTION, "down"));
    assertThat(resolve(wave1, Optional.empty()).abort()).contains("RingCentral could not be reached: down");

    directory.failWith(new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.AUTHENTICATION, "401"));
    assertThatThrownBy(() -> resolve(wave1, Optional.empty())).isInstanceOf(ExternalSystemException.class);
  }

  @Test
  void theExtFilterKeepsOneTargetAndSaysWhyASkippedOneIsNotSynced() {
    assertThat(resolve(wave1, Optional.of(TIMMERA_EXT)).targets()).extracting(SyncTarget::staffName)
        .containsExactly("Timmera");

    Wave stale = Rosters.wave(Rosters.WAVE1, Rosters.member("Left").extension("376557999").build());
    assertThatThrownBy(() -> resolve(stale, Optional.of(ExtensionId.of("376557999"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extension 376557999 is not a synced member of wave wave1_intake (Left: extension id 376557999 not"
            + " found in the RingCentral directory — skipped)");
  }

  @Test
  void anExtValueNamesAMemberByIdOrDialableNumber() {
    assertThat(SyncTargets.member(roster, wave1, "376557052")).isEqualTo(alyssia);
    assertThat(SyncTargets.member(roster, wave1, "108")).isEqualTo(timmera);
  }

  @Test
  void anExtValueOfAnotherWaveNamesThatWaveAndAnUnknownOneListsTheWavesExtensions() {
    assertThatThrownBy(() -> SyncTargets.member(roster, wave1, "107")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extension '107' is in wave wave2_case_managers, not wave1_intake: add --wave wave2_case_managers");
    assertThatThrownBy(() -> SyncTargets.member(roster, wave1, "555")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown extension '555' in wave wave1_intake; its extensions: 376557052 (Alyssia), 108 (Timmera),"
            + " 999 (Ghost)");
  }

  @Test
  void aMemberKnownByNumberGetsItsIdFromOneDirectoryRead() {
    assertThat(SyncTargets.extensionIdByNumber(directory, timmera)).isEqualTo(TIMMERA_EXT);
    assertThat(directory.listCalls()).isEqualTo(1);
    assertThatThrownBy(() -> SyncTargets.extensionIdByNumber(directory, ghost))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extension number 999 (Ghost) is not in the RingCentral account; fix its extensionNumber or set"
            + " extensionId in the config");
  }

  @Test
  void aPushedTextBelongsToTheRosterMemberOwningItsExtensionInAnyWave() {
    assertThat(SyncTargets.ofPushed(roster, ALYSSIA_EXT)).isEqualTo(new SyncTarget(ALYSSIA_EXT, "Alyssia", Optional.of(ALYSSIA)));
    assertThat(SyncTargets.ofPushed(roster, ExtensionId.of("1"))).isEqualTo(new SyncTarget(ExtensionId.of("1"), "?", Optional.empty()));
  }
}

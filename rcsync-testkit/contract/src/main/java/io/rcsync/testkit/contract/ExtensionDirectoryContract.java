package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ExtensionDirectory} must do. Extend it and return a directory listing the given extensions. */
public abstract class ExtensionDirectoryContract {

  protected abstract ExtensionDirectory directoryHolding(List<Extension> extensions);

  @Test
  public void listsEveryExtensionWithItsNumberNameAndStatus() {
    List<Extension> stored = List.of(
        new Extension(ExtensionId.of("376557052"), "104", "Alyssia", "Enabled"),
        new Extension(ExtensionId.of("376557115"), "115", "Sam Aguiar", "Enabled"),
        new Extension(ExtensionId.of("376557999"), "199", "JaNette O'Brien", "Disabled"),
        new Extension(ExtensionId.of("376558000"), "120", "Chymez Ñúñez", "NotActivated"));

    List<Extension> got = directoryHolding(stored).listExtensions();

    assertThat(got).containsExactlyInAnyOrderElementsOf(stored);
  }

  @Test
  public void listsEachExtensionsTypeAndContactNamesAndEmail() {
    List<Extension> stored = List.of(
        new Extension(ExtensionId.of("376557052"), "104", "Alyssia Grant", "Enabled", "User", "Alyssia", "Grant",
            "Alyssia.Grant@example.com"),
        new Extension(ExtensionId.of("376557061"), "106", "Zoë O'Brien", "NotActivated", "User", "Zoë", "O'Brien",
            "zoe@example.com"),
        new Extension(ExtensionId.of("376550001"), "100", "Front Desk Queue", "Enabled", "Department", null, null,
            "frontdesk@example.com"),
        new Extension(ExtensionId.of("376550004"), "500", "Main Menu", "Enabled", "IvrMenu", null, null, null));

    List<Extension> got = directoryHolding(stored).listExtensions();

    assertThat(got).containsExactlyInAnyOrderElementsOf(stored);
    assertThat(got).filteredOn(e -> e.isUser() && e.isEnabled()).extracting(Extension::email)
        .containsExactly("Alyssia.Grant@example.com");
  }

  @Test
  public void listsNothingForAnEmptyAccount() {
    assertThat(directoryHolding(List.of()).listExtensions()).isEmpty();
  }

  @Test
  public void listsEveryExtensionOfALargeAccount() {
    List<Extension> stored = new ArrayList<>();
    for (int i = 0; i < 1_050; i++) {
      stored.add(new Extension(ExtensionId.of(Long.toString(500_000_000L + i)), Integer.toString(1000 + i),
          "Staff " + i, "Enabled"));
    }

    List<Extension> got = directoryHolding(stored).listExtensions();

    assertThat(got).hasSize(stored.size()).containsExactlyInAnyOrderElementsOf(stored);
  }
}

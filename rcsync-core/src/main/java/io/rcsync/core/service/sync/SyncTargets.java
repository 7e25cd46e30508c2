package io.rcsync.core.service.sync;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which extensions a run reads: the wave's roster rows resolved to RingCentral extension ids through the
 * {@link ExtensionDirectory} (when one is configured), narrowed to {@code --ext}, each with its Notes' owner.
 *
 * <p>The static methods answer the same questions for a command line before anything is connected: which roster
 * row an {@code --ext} value names, and the id of a row known only by its extension number. They throw
 * {@link IllegalArgumentException} with a message an operator can act on.
 */
public final class SyncTargets {
  private final Optional<ExtensionDirectory> directory;

  /**
   * @param directory the account's extension list: checks configured ids and resolves roster rows known only by
   *     {@code extensionNumber}. Empty when none is configured: ids are used unchecked and number-only rows are
   *     skipped with a reason. Holds no per-run state (the directory is read anew by every {@link #resolve}), so
   *     unlike the other steps one instance may serve many runs.
   */
  public SyncTargets(Optional<ExtensionDirectory> directory) {
    this.directory = directory;
  }

  /**
   * The targets in roster order, plus what the run must report about the rest.
   *
   * @param skippedStaff roster rows not read and why ("Sara Collins: no RingCentral extension — skipped")
   * @param warnings the directory could not be read, or an extension is listed twice
   * @param abort why the run must stop before reading anything (RingCentral unreachable)
   */
  public record Resolution(List<SyncTarget> targets, List<String> skippedStaff, List<String> warnings, Optional<String> abort) {
    public Resolution {
      targets = List.copyOf(targets);
      skippedStaff = List.copyOf(skippedStaff);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Resolves the wave's members. Reads the directory once, and only when a member has an extension.
   *
   * @throws ExternalSystemException of kind AUTHENTICATION when the directory rejects the credentials (nothing else
   *     would work); other directory failures become a warning (ids used unchecked) or, for CONNECTION, an abort
   * @throws IllegalArgumentException when {@code only} is not a synced member of the wave
   */
  public Resolution resolve(Wave wave, Optional<ExtensionId> only) {
    List<String> skipped = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Optional<String> abort = Optional.empty();
    List<ExtensionDirectory.Extension> listed = null;
    if (directory.isPresent() && wave.members().stream().anyMatch(StaffMember::hasExtension)) {
      try {
        listed = directory.get().listExtensions();
      } catch (ExternalSystemException e) {
        if (e.kind() == ExternalSystemException.Kind.AUTHENTICATION) {
          throw e;
        }
        if (e.kind() == ExternalSystemException.Kind.CONNECTION) {
          // the adapter already retried: every extension's fetch would wait out the same retries against the same
          // service, one after the other (minutes each), so stop now and let the next run try again
          abort = Optional.of("RingCentral could not be reached: " + e.getMessage());
        } else {
          warnings.add("could not read the RingCentral extension directory (" + e.getMessage()
              + "): using the configured extension ids unchecked");
        }
      }
    }
    List<SyncTarget> targets = new ArrayList<>();
    Set<ExtensionId> seen = new HashSet<>();
    for (StaffMember member : wave.members()) {
      Optional<ExtensionId> ext = idOf(member, listed, skipped);
      if (ext.isEmpty() || only.isPresent() && !only.get().equals(ext.get())) {
        continue;
      }
      if (!seen.add(ext.get())) {
        warnings.add("extension " + ext.get() + " is listed twice in wave " + wave.name() + "; synced once");
        continue;
      }
      targets.add(new SyncTarget(ext.get(), member.name(), member.sfUserId()));
    }
    if (only.isPresent() && targets.isEmpty()) {
      String ext = only.get().value();
      // say why when the roster has it but the run skipped it (e.g. the account has no such extension)
      String why = skipped.stream().filter(s -> s.contains(ext)).findFirst().map(s -> " (" + s + ")").orElse("");
      throw new IllegalArgumentException("extension " + ext + " is not a synced member of wave " + wave.name() + why);
    }
    return new Resolution(targets, skipped, warnings, abort);
  }

  /** The target of a pushed message: the roster member owning the extension in any wave, else "?" with no owner. */
  public static SyncTarget ofPushed(Roster roster, ExtensionId extension) {
    Optional<StaffMember> member = roster.memberFor(extension);
    return new SyncTarget(extension, member.map(StaffMember::name).orElse("?"), member.flatMap(StaffMember::sfUserId));
  }

  /**
   * The member of the wave an {@code --ext} value names: its RingCentral extension id or its dialable number.
   *
   * @throws IllegalArgumentException naming the wave that has it, or listing the wave's extensions
   */
  public static StaffMember member(Roster roster, Wave wave, String ext) {
    for (StaffMember m : wave.members()) {
      if (answersTo(m, ext)) {
        return m;
      }
    }
    Optional<String> elsewhere = roster.waves().values().stream()
        .filter(w -> w.members().stream().anyMatch(m -> answersTo(m, ext)))
        .map(Wave::name).findFirst();
    if (elsewhere.isPresent()) {
      throw new IllegalArgumentException("extension '" + ext + "' is in wave " + elsewhere.get() + ", not " + wave.name()
          + ": add --wave " + elsewhere.get());
    }
    String known = wave.members().stream().filter(StaffMember::hasExtension)
        .map(m -> m.extensionId().map(ExtensionId::value).orElseGet(() -> m.extensionNumber().orElseThrow()) + " ("
            + m.name() + ")")
        .collect(Collectors.joining(", "));
    throw new IllegalArgumentException(
        "unknown extension '" + ext + "' in wave " + wave.name() + (known.isEmpty() ? "" : "; its extensions: " + known));
  }

  /**
   * The RingCentral id of a member known only by extension number, from one read of the account's directory.
   *
   * @throws IllegalArgumentException when the account has no such number
   * @throws ExternalSystemException when the directory cannot be read
   */
  public static ExtensionId extensionIdByNumber(ExtensionDirectory directory, StaffMember member) {
    String number = member.extensionNumber().orElseThrow();
    return idOfNumber(directory.listExtensions(), number).orElseThrow(() -> new IllegalArgumentException(
        "extension number " + number + " (" + member.name()
            + ") is not in the RingCentral account; fix its extensionNumber or set extensionId in the config"));
  }

  private static boolean answersTo(StaffMember m, String ext) {
    return m.extensionId().map(id -> id.value().equals(ext)).orElse(false)
        || m.extensionNumber().map(n -> n.equals(ext)).orElse(false);
  }

  private static Optional<ExtensionId> idOfNumber(List<ExtensionDirectory.Extension> listed, String number) {
    return listed.stream().filter(e -> number.equals(e.number())).map(ExtensionDirectory.Extension::id).findFirst();
  }

  /** The member's extension id, checked against the directory when it was read; else a skipped-staff reason. */
  private static Optional<ExtensionId> idOf(StaffMember member, List<ExtensionDirectory.Extension> listed, List<String> skipped) {
    if (!member.hasExtension()) {
      skipped.add(member.name() + ": no RingCentral extension — skipped");
      return Optional.empty();
    }
    if (listed == null) {
      if (member.extensionId().isPresent()) {
        return member.extensionId();
      }
      skipped.add(member.name() + ": only extension number " + member.extensionNumber().orElse("?")
          + " is known and no extension directory is available — skipped");
      return Optional.empty();
    }
    if (member.extensionId().isPresent()) {
      ExtensionId id = member.extensionId().get();
      if (listed.stream().anyMatch(e -> e.id().equals(id))) {
        return Optional.of(id);
      }
      skipped.add(member.name() + ": extension id " + id + " not found in the RingCentral directory — skipped");
      return Optional.empty();
    }
    String number = member.extensionNumber().orElseThrow();
    Optional<ExtensionId> found = idOfNumber(listed, number);
    if (found.isEmpty()) {
      skipped.add(member.name() + ": extension number " + number + " not found in the RingCentral directory — skipped");
    }
    return found;
  }
}

package io.rcsync.core.service;

import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.StaffDirectory.SalesforceUser;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Matches RingCentral user extensions to active Salesforce users for {@code rcsync init}: pure, no I/O.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Only user extensions ({@code type} "User") are staff; other types (call queues, IVR menus, fax, park
 *       locations ...) are counted and left out. A user extension that is not Enabled (Disabled, NotActivated, Frozen)
 *       is not put in the wave: it is listed with its status, for the operator to add by hand if its history is
 *       wanted (a departed colleague's texts, say).</li>
 *   <li>E-mail: the extension's {@code contact.email} equals a user's {@code Email}, ignoring letter case and
 *       surrounding spaces. One user: matched. Two or more users with that e-mail: ambiguous, the candidates listed.
 *       No user: the name is tried.</li>
 *   <li>Name: the extension's first and last name (else its {@code name}) equals a user's first and last name (else
 *       {@code Name}) after {@link #nameKey normalizing}: letter case, accents (Zoë = Zoe), punctuation (O'Brien =
 *       OBrien, Smith-Jones = Smith Jones), runs of spaces, and middle initials (John Q. Public = John Public) are
 *       ignored; nicknames are not guessed (Kathy is not Katherine). One user: matched; two or more: ambiguous.</li>
 *   <li>One user claimed by two extensions: an e-mail claim beats a name claim (the name claimant is listed as a
 *       conflict); two claims of the same strength both stay unmatched and are listed, since only a person can tell
 *       which extension is that user's.</li>
 * </ol>
 * Anything not matched gets {@code sfUserId: null} in the config: its texts fail until an operator sets it.
 */
public final class StaffMatcher {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern APOSTROPHES = Pattern.compile("['\u2019\u2018`\u00b4]");
  private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");

  private StaffMatcher() {}

  /** How an extension's Salesforce user was found, or why none was. */
  public enum Outcome {
    /** One user with the extension's e-mail. */
    BY_EMAIL,
    /** No user with its e-mail, one user with its name. */
    BY_NAME,
    /** Two or more users share the e-mail (or, without an e-mail match, the name). */
    AMBIGUOUS,
    /** The one user it matched is matched as strongly by another extension. */
    CONFLICT,
    /** No user with its e-mail or name. */
    UNMATCHED;

    public boolean matched() {
      return this == BY_EMAIL || this == BY_NAME;
    }
  }

  /**
   * One enabled user extension and its Salesforce user.
   *
   * @param user the matched user, present exactly when {@code outcome.matched()}
   * @param candidates AMBIGUOUS: the users it could be; CONFLICT: the one user it would have had
   * @param rivals CONFLICT: the other extensions that claim the same user; else empty
   */
  public record StaffMatch(Extension extension, Outcome outcome, Optional<SalesforceUser> user,
      List<SalesforceUser> candidates, List<Extension> rivals) {
    public StaffMatch {
      Objects.requireNonNull(extension, "extension");
      Objects.requireNonNull(outcome, "outcome");
      candidates = List.copyOf(candidates);
      rivals = List.copyOf(rivals);
      if (user.isPresent() != outcome.matched()) {
        throw new IllegalArgumentException("a user goes with BY_EMAIL or BY_NAME only, got " + outcome);
      }
    }
  }

  /**
   * The whole picture.
   *
   * @param staff every enabled user extension, in the directory's order by extension number, with its match
   * @param notEnabled user extensions that are not Enabled (not put in a wave)
   * @param otherTypes how many extensions are not user extensions (left out)
   * @param usersWithoutExtension active users no extension matched (e.g. staff who do not text, or admins)
   */
  public record Result(List<StaffMatch> staff, List<Extension> notEnabled, int otherTypes,
      List<SalesforceUser> usersWithoutExtension) {
    public Result {
      staff = List.copyOf(staff);
      notEnabled = List.copyOf(notEnabled);
      usersWithoutExtension = List.copyOf(usersWithoutExtension);
    }

    public long count(Outcome outcome) {
      return staff.stream().filter(s -> s.outcome() == outcome).count();
    }

    public long matched() {
      return staff.stream().filter(s -> s.outcome().matched()).count();
    }
  }

  /** Matches every enabled user extension of {@code extensions} against {@code users}. */
  public static Result match(List<Extension> extensions, List<SalesforceUser> users) {
    List<Extension> staff = new ArrayList<>();
    List<Extension> notEnabled = new ArrayList<>();
    int otherTypes = 0;
    for (Extension e : extensions) {
      if (!e.isUser()) {
        otherTypes++;
      } else if (e.isEnabled()) {
        staff.add(e);
      } else {
        notEnabled.add(e);
      }
    }
    Comparator<Extension> byNumber = Comparator.comparing((Extension e) -> numberKey(e.number()))
        .thenComparing(e -> e.id().value());
    staff.sort(byNumber);
    notEnabled.sort(byNumber);

    Map<String, List<SalesforceUser>> byEmail = new LinkedHashMap<>();
    Map<String, List<SalesforceUser>> byName = new LinkedHashMap<>();
    for (SalesforceUser u : users) {
      emailKey(u.email()).ifPresent(k -> byEmail.computeIfAbsent(k, x -> new ArrayList<>()).add(u));
      nameKey(userName(u)).ifPresent(k -> byName.computeIfAbsent(k, x -> new ArrayList<>()).add(u));
    }

    List<StaffMatch> tentative = new ArrayList<>();
    for (Extension e : staff) {
      List<SalesforceUser> mail = emailKey(e.email()).map(k -> byEmail.getOrDefault(k, List.of())).orElse(List.of());
      if (mail.size() == 1) {
        tentative.add(new StaffMatch(e, Outcome.BY_EMAIL, Optional.of(mail.get(0)), List.of(), List.of()));
      } else if (mail.size() > 1) {
        tentative.add(new StaffMatch(e, Outcome.AMBIGUOUS, Optional.empty(), mail, List.of()));
      } else {
        List<SalesforceUser> named = nameKey(extensionName(e)).map(k -> byName.getOrDefault(k, List.of()))
            .orElse(List.of());
        if (named.size() == 1) {
          tentative.add(new StaffMatch(e, Outcome.BY_NAME, Optional.of(named.get(0)), List.of(), List.of()));
        } else if (named.size() > 1) {
          tentative.add(new StaffMatch(e, Outcome.AMBIGUOUS, Optional.empty(), named, List.of()));
        } else {
          tentative.add(new StaffMatch(e, Outcome.UNMATCHED, Optional.empty(), List.of(), List.of()));
        }
      }
    }

    // one user, several claimants: the strongest claim wins when it is alone at that strength
    Map<String, List<StaffMatch>> claims = new LinkedHashMap<>();
    for (StaffMatch m : tentative) {
      m.user().ifPresent(u -> claims.computeIfAbsent(u.id().shortForm(), k -> new ArrayList<>()).add(m));
    }
    List<StaffMatch> out = new ArrayList<>();
    for (StaffMatch m : tentative) {
      if (m.user().isEmpty()) {
        out.add(m);
        continue;
      }
      List<StaffMatch> all = claims.get(m.user().get().id().shortForm());
      if (all.size() == 1) {
        out.add(m);
        continue;
      }
      long emailClaims = all.stream().filter(c -> c.outcome() == Outcome.BY_EMAIL).count();
      boolean wins = emailClaims == 1 && m.outcome() == Outcome.BY_EMAIL;
      if (wins) {
        out.add(m);
      } else {
        List<Extension> rivals = all.stream().filter(c -> c != m).map(StaffMatch::extension).toList();
        out.add(new StaffMatch(m.extension(), Outcome.CONFLICT, Optional.empty(), List.of(m.user().get()), rivals));
      }
    }

    java.util.Set<String> claimed = new java.util.HashSet<>();
    out.forEach(m -> m.user().ifPresent(u -> claimed.add(u.id().shortForm())));
    List<SalesforceUser> idle = users.stream().filter(u -> !claimed.contains(u.id().shortForm())).toList();
    return new Result(out, notEnabled, otherTypes, idle);
  }

  /** The e-mail compared: trimmed, lower case (ROOT); empty for a blank or missing address. */
  public static Optional<String> emailKey(String email) {
    if (email == null || email.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(email.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * The name compared: accents removed (NFD, combining marks dropped), apostrophes dropped, every other run of
   * non-letters/digits one space, lower case (ROOT), and single-letter tokens between the first and the last dropped
   * (middle initials). Empty for a blank or missing name.
   */
  public static Optional<String> nameKey(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String s = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
    s = APOSTROPHES.matcher(s).replaceAll("");
    s = NON_ALNUM.matcher(s).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String[] tokens = s.split(" ");
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      boolean inner = i > 0 && i < tokens.length - 1;
      if (!(inner && tokens[i].length() == 1)) {
        kept.add(tokens[i]);
      }
    }
    return Optional.of(String.join(" ", kept));
  }

  /** The extension's person name: contact first + last name when given, else its {@code name}. */
  static String extensionName(Extension e) {
    return joined(e.firstName(), e.lastName()).orElse(e.name());
  }

  /** The user's person name: first + last name when given, else {@code Name}. */
  static String userName(SalesforceUser u) {
    return joined(u.firstName(), u.lastName()).orElse(u.name());
  }

  private static Optional<String> joined(String first, String last) {
    String f = first == null ? "" : first.strip();
    String l = last == null ? "" : last.strip();
    String both = (f + " " + l).strip();
    return both.isEmpty() ? Optional.empty() : Optional.of(both);
  }

  /** Extension numbers sort numerically when they are digits ("99" before "100"), else after, as text. */
  private static String numberKey(String number) {
    if (number == null) {
      return "~";
    }
    return number.matches("\\d{1,18}") ? String.format("%018d", Long.parseLong(number)) : "~" + number;
  }
}

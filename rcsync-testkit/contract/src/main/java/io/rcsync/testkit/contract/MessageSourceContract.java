package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Availability;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.MessageSyncRequest;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.SyncTokenRejectedException;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.fixtures.RcIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageSource} must do. Extend it and return a source that serves the given messages (they
 * may span several extensions; each message's {@code extension()} says whose store holds it).
 *
 * <p>Message Sync (issue 11): the {@code messageSync…} tests run only when the source
 * {@link MessageSource#supportsMessageSync() supports it} (JUnit assumption; skipped otherwise). They change the
 * store behind the source through the hooks {@link #addToStore}, {@link #changeStatusInStore},
 * {@link #deleteInStore}, {@link #purgeInStore} and {@link #invalidateSyncTokens}, which an implementation that
 * supports Message Sync must override (the defaults fail the test, naming the hook), the way {@link #sourceHolding}
 * seeds it.
 */
public abstract class MessageSourceContract {
  protected static final ExtensionId EXT_A = ExtensionId.of("376557052");
  protected static final ExtensionId EXT_B = ExtensionId.of("401122334");
  protected static final ExtensionId EXT_EMPTY = ExtensionId.of("555000111");
  protected static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");

  private final RcIds ids = RcIds.startingAt(7_000_000_001L);

  protected abstract MessageSource sourceHolding(List<SmsMessage> messages);

  /** Fetches everything of one extension in a window, failing on a message delivered twice. */
  protected List<SmsMessage> fetchAll(MessageSource source, ExtensionId extension, TimeWindow window) {
    List<SmsMessage> out = new ArrayList<>();
    source.fetch(extension, window, page -> out.addAll(page.messages()));
    return out;
  }

  private SmsMessage message(ExtensionId ext, Instant at) {
    return Messages.inbound().id(ids.nextMessageId()).extension(ext).from("+15028138900").to("+15025550100")
        .text("message at " + at).at(at).build();
  }

  @Test
  public void deliversEveryMessageInTheWindowExactlyOnceAcrossPages() {
    List<SmsMessage> stored = new ArrayList<>();
    Instant start = NOW.minus(Duration.ofDays(60));
    for (int i = 0; i < 2_150; i++) {
      stored.add(message(EXT_A, start.plusSeconds(i * 2_400L + (i % 7))));
    }
    MessageSource source = sourceHolding(stored);

    List<SmsMessage> got = fetchAll(source, EXT_A, new TimeWindow(start, NOW));

    Map<String, Integer> times = new HashMap<>();
    got.forEach(m -> times.merge(m.id().value(), 1, Integer::sum));
    assertThat(times.values()).as("deliveries per message id").containsOnly(1);
    assertThat(times.keySet()).containsExactlyInAnyOrderElementsOf(stored.stream().map(m -> m.id().value()).toList());
  }

  @Test
  public void respectsTheWindowBoundsFromInclusiveToExclusive() {
    Instant from = NOW.minus(Duration.ofDays(2));
    Instant to = NOW.minus(Duration.ofDays(1));
    SmsMessage before = message(EXT_A, from.minusSeconds(1));
    SmsMessage atFrom = message(EXT_A, from);
    SmsMessage inside = message(EXT_A, from.plus(Duration.ofHours(7)));
    SmsMessage lastSecond = message(EXT_A, to.minusSeconds(1));
    SmsMessage atTo = message(EXT_A, to);
    SmsMessage after = message(EXT_A, to.plus(Duration.ofHours(3)));
    MessageSource source = sourceHolding(List.of(before, atFrom, inside, lastSecond, atTo, after));

    List<SmsMessage> got = fetchAll(source, EXT_A, new TimeWindow(from, to));

    assertThat(got).extracting(m -> m.id().value())
        .containsExactlyInAnyOrder(atFrom.id().value(), inside.id().value(), lastSecond.id().value());
  }

  @Test
  public void deliversNothingForAnExtensionWithoutMessages() {
    MessageSource source = sourceHolding(List.of(message(EXT_A, NOW.minusSeconds(3_600))));

    List<SmsMessage> got = new ArrayList<>();
    source.fetch(EXT_EMPTY, new TimeWindow(NOW.minus(Duration.ofDays(30)), NOW), page -> {
      got.addAll(page.messages());
      assertThat(page.malformed()).isEmpty();
    });

    assertThat(got).isEmpty();
  }

  @Test
  public void doesNotDeliverOtherExtensionsMessages() {
    List<SmsMessage> stored = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      stored.add(message(i % 3 == 0 ? EXT_B : EXT_A, NOW.minus(Duration.ofMinutes(10L * i + 1))));
    }
    MessageSource source = sourceHolding(stored);
    TimeWindow window = new TimeWindow(NOW.minus(Duration.ofDays(1)), NOW);

    List<SmsMessage> a = fetchAll(source, EXT_A, window);
    List<SmsMessage> b = fetchAll(source, EXT_B, window);

    assertThat(a).hasSize(20).allSatisfy(m -> assertThat(m.extension()).isEqualTo(EXT_A));
    assertThat(b).hasSize(10).allSatisfy(m -> assertThat(m.extension()).isEqualTo(EXT_B));
    assertThat(a).extracting(m -> m.id().value())
        .doesNotContainAnyElementsOf(b.stream().map(m -> m.id().value()).toList());
  }

  /**
   * RingCentral lists only live messages unless asked; a source asks for deleted and purged ones too and delivers
   * each with its availability: a deleted text whole (it is still preserved and gets its Note), a purged one at least
   * by id and time (counted in a column of its own).
   */
  @Test
  public void deliversDeletedAndPurgedMessagesWithTheirAvailability() {
    SmsMessage alive = message(EXT_A, NOW.minus(Duration.ofHours(3)));
    SmsMessage deleted = Messages.outbound().id(ids.nextMessageId()).extension(EXT_A).from("+15025550100")
        .to("+15028138900").text("deleted after sending").at(NOW.minus(Duration.ofHours(2)))
        .availability(Availability.DELETED).build();
    SmsMessage purged = Messages.inbound().id(ids.nextMessageId()).extension(EXT_A).from("+15028138900")
        .to("+15025550100").text("purged long ago").at(NOW.minus(Duration.ofHours(1)))
        .availability(Availability.PURGED).build();
    MessageSource source = sourceHolding(List.of(alive, deleted, purged));

    Map<String, SmsMessage> got = new HashMap<>();
    fetchAll(source, EXT_A, new TimeWindow(NOW.minus(Duration.ofDays(1)), NOW)).forEach(m -> got.put(m.id().value(), m));

    assertThat(got).containsOnlyKeys(alive.id().value(), deleted.id().value(), purged.id().value());
    assertThat(got.get(alive.id().value()).availability()).isEqualTo(Availability.ALIVE);
    SmsMessage d = got.get(deleted.id().value());
    assertThat(d.availability()).isEqualTo(Availability.DELETED);
    assertThat(d.text()).isEqualTo("deleted after sending");
    assertThat(d.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(d.to()).containsExactly("+15028138900");
    SmsMessage p = got.get(purged.id().value());
    assertThat(p.availability()).isEqualTo(Availability.PURGED);
    assertThat(p.creationTime()).isEqualTo(purged.creationTime());
  }

  @Test
  public void preservesEveryFieldOfAMessage() {
    Instant t1 = NOW.minus(Duration.ofHours(5));
    Instant t2 = NOW.minus(Duration.ofHours(4));
    Instant t3 = NOW.minus(Duration.ofHours(3));
    SmsMessage inbound = Messages.inbound().id(ids.nextMessageId()).extension(EXT_A).from("+15028138900")
        .to("+15025550100").text("Olá — can we talk? 😀 \"quoted\" back\\slash\nsecond line ✓").at(t1)
        .conversation("7281947510").build();
    SmsMessage group = Messages.outbound().id(ids.nextMessageId()).extension(EXT_A).from("+15025550100")
        .to("+15028138900", "+13125550199").text("Group update: court at 9am").at(t2).conversation("99887766")
        .build();
    SmsMessage mms = Messages.inbound().id(ids.nextMessageId()).extension(EXT_A).from("+16155550123")
        .to("+15025550100").text("").at(t3).conversation("11223344")
        .attachment(new Attachment("611234001", "https://media.example.invalid/restapi/v1.0/account/1/extension/"
            + EXT_A + "/message-store/1/content/611234001", "MmsAttachment", "image/jpeg"))
        .build();
    MessageSource source = sourceHolding(List.of(inbound, group, mms));

    Map<String, SmsMessage> got = new HashMap<>();
    fetchAll(source, EXT_A, new TimeWindow(NOW.minus(Duration.ofDays(1)), NOW)).forEach(m -> got.put(m.id().value(), m));

    assertThat(got).containsOnlyKeys(inbound.id().value(), group.id().value(), mms.id().value());
    for (SmsMessage expected : List.of(inbound, group, mms)) {
      SmsMessage actual = got.get(expected.id().value());
      assertThat(actual.extension()).isEqualTo(EXT_A);
      assertThat(actual.direction()).as("direction of %s", expected.id()).isEqualTo(expected.direction());
      assertThat(actual.from()).as("from of %s", expected.id()).isEqualTo(expected.from());
      assertThat(actual.to()).as("to of %s", expected.id()).containsExactlyInAnyOrderElementsOf(expected.to());
      assertThat(actual.text()).as("text of %s", expected.id()).isEqualTo(expected.text());
      assertThat(actual.creationTime()).as("creationTime of %s", expected.id()).isEqualTo(expected.creationTime());
      assertThat(actual.conversationId()).as("conversationId of %s", expected.id()).isEqualTo(expected.conversationId());
    }
    assertThat(got.get(group.id().value()).direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(got.get(mms.id().value()).attachments())
        .extracting(Attachment::id, Attachment::contentType)
        .contains(org.assertj.core.groups.Tuple.tuple("611234001", "image/jpeg"));
  }

  // ---- Message Sync hooks: override them when the source supports Message Sync -------------------------------------

  /** Adds a message to the store behind {@code source} (created by {@link #sourceHolding}) after it was made. */
  protected void addToStore(MessageSource source, SmsMessage message) {
    fail("override addToStore(source, message) to run the Message Sync contract");
  }

  /** Sets the stored message's {@code messageStatus} (e.g. Queued → Delivered), as RingCentral does when it changes. */
  protected void changeStatusInStore(MessageSource source, SmsMessage message, String status) {
    fail("override changeStatusInStore(source, message, status) to run the Message Sync contract");
  }

  /** Marks the stored message deleted ({@code availability: Deleted}), as a user deleting it in RingCentral would. */
  protected void deleteInStore(MessageSource source, SmsMessage message) {
    fail("override deleteInStore(source, message) to run the Message Sync contract");
  }

  /** Marks the stored message purged ({@code availability: Purged}). */
  protected void purgeInStore(MessageSource source, SmsMessage message) {
    fail("override purgeInStore(source, message) to run the Message Sync contract");
  }

  /** Makes every sync token issued so far for the extension invalid (expired), so RingCentral refuses it. */
  protected void invalidateSyncTokens(MessageSource source, ExtensionId extension) {
    fail("override invalidateSyncTokens(source, extension) to run the Message Sync contract");
  }

  private MessageSource syncSourceHolding(List<SmsMessage> messages) {
    MessageSource source = sourceHolding(messages);
    assumeTrue(source.supportsMessageSync(), "the source does not serve Message Sync");
    return source;
  }

  private static Map<String, SmsMessage> sync(MessageSource source, ExtensionId ext, MessageSyncRequest request,
      List<MessageSyncCheckpoint> checkpoint) {
    Map<String, SmsMessage> got = new HashMap<>();
    MessageSyncCheckpoint c = source.messageSync(ext, request, page -> page.messages().forEach(m -> {
      assertThat(got.put(m.id().value(), m)).as("message %s delivered twice", m.id()).isNull();
    }));
    assertThat(c).as("checkpoint").isNotNull();
    assertThat(c.syncToken()).as("sync token").isNotBlank();
    checkpoint.add(c);
    return got;
  }

  @Test
  public void messageSyncFullFromDateFromDeliversExactlyTheRecordsCreatedAtOrAfterIt() {
    Instant dateFrom = NOW.minus(Duration.ofDays(2));
    SmsMessage before = message(EXT_A, dateFrom.minusSeconds(1));
    SmsMessage atFrom = message(EXT_A, dateFrom);
    SmsMessage later = message(EXT_A, NOW.minus(Duration.ofHours(1)));
    SmsMessage deleted = Messages.outbound().id(ids.nextMessageId()).extension(EXT_A).from("+15025550100")
        .to("+15028138900").text("deleted").at(NOW.minus(Duration.ofHours(2))).availability(Availability.DELETED)
        .build();
    SmsMessage otherExtension = message(EXT_B, NOW.minus(Duration.ofHours(1)));
    MessageSource source = syncSourceHolding(List.of(before, atFrom, later, deleted, otherExtension));

    Map<String, SmsMessage> got = sync(source, EXT_A, new MessageSyncRequest.Full(dateFrom), new ArrayList<>());

    assertThat(got).containsOnlyKeys(atFrom.id().value(), later.id().value(), deleted.id().value());
    assertThat(got.get(deleted.id().value()).availability()).isEqualTo(Availability.DELETED);
    assertThat(got.get(later.id().value()).text()).isEqualTo(later.text());
  }

  @Test
  public void messageSyncIncrementalReturnsWhatWasAddedChangedDeletedOrPurgedAndANewToken() {
    SmsMessage untouched = message(EXT_A, NOW.minus(Duration.ofHours(5)));
    SmsMessage queued = Messages.outbound().id(ids.nextMessageId()).extension(EXT_A).from("+15025550100")
        .to("+15028138900").text("on my way").at(NOW.minus(Duration.ofHours(4))).status("Queued").build();
    SmsMessage toDelete = message(EXT_A, NOW.minus(Duration.ofHours(3)));
    SmsMessage toPurge = message(EXT_A, NOW.minus(Duration.ofHours(2)));
    MessageSource source = syncSourceHolding(List.of(untouched, queued, toDelete, toPurge));
    List<MessageSyncCheckpoint> checkpoints = new ArrayList<>();
    Map<String, SmsMessage> first =
        sync(source, EXT_A, new MessageSyncRequest.Full(NOW.minus(Duration.ofDays(1))), checkpoints);

    SmsMessage added = message(EXT_A, NOW.minus(Duration.ofMinutes(10)));
    addToStore(source, added);
    changeStatusInStore(source, queued, "Delivered");
    deleteInStore(source, toDelete);
    purgeInStore(source, toPurge);
    Map<String, SmsMessage> got = sync(source, EXT_A,
        new MessageSyncRequest.Incremental(checkpoints.get(0).syncToken()), checkpoints);

    assertThat(got).containsKeys(added.id().value(), queued.id().value(), toDelete.id().value(),
        toPurge.id().value());
    assertOnlyRepeats(got, first, added, queued, toDelete, toPurge);
    assertThat(got.get(queued.id().value()).messageStatus()).isEqualTo("Delivered");
    assertThat(got.get(toDelete.id().value()).availability()).isEqualTo(Availability.DELETED);
    assertThat(got.get(toDelete.id().value()).text()).isEqualTo(toDelete.text());
    assertThat(got.get(toPurge.id().value()).availability()).isEqualTo(Availability.PURGED);
    assertThat(got.get(added.id().value()).text()).isEqualTo(added.text());
    assertThat(checkpoints.get(1).syncToken()).isNotEqualTo(checkpoints.get(0).syncToken());
    assertThat(checkpoints.get(1).syncTime()).isAfterOrEqualTo(checkpoints.get(0).syncTime());
  }

  @Test
  public void messageSyncIncrementalWithNoChangesReturnsNothingNew() {
    MessageSource source = syncSourceHolding(List.of(message(EXT_A, NOW.minus(Duration.ofHours(1))),
        message(EXT_B, NOW.minus(Duration.ofHours(1)))));
    List<MessageSyncCheckpoint> checkpoints = new ArrayList<>();
    Map<String, SmsMessage> first =
        sync(source, EXT_A, new MessageSyncRequest.Full(NOW.minus(Duration.ofDays(1))), checkpoints);
    addToStore(source, message(EXT_B, NOW.minus(Duration.ofMinutes(5))));

    Map<String, SmsMessage> got = sync(source, EXT_A,
        new MessageSyncRequest.Incremental(checkpoints.get(0).syncToken()), checkpoints);

    assertOnlyRepeats(got, first);
  }

  /**
   * Every record in {@code got} other than {@code changed} is a repeat: delivered by the previous sync, unchanged. A
   * source may answer again what changed shortly before its token's sync time — RingCentral repeats the 5 seconds
   * before it ("the server has to return records from the ISync time + Delta, where Delta is 5 sec",
   * https://developers.ringcentral.com/guide/messaging/message-store/message-sync) — so a client must take repeats in
   * its stride; nothing else may come back.
   */
  private static void assertOnlyRepeats(Map<String, SmsMessage> got, Map<String, SmsMessage> previous,
      SmsMessage... changed) {
    java.util.Set<String> changedIds = new java.util.HashSet<>();
    for (SmsMessage m : changed) {
      changedIds.add(m.id().value());
    }
    got.forEach((id, m) -> {
      if (!changedIds.contains(id)) {
        assertThat(previous).as("record %s came back though it did not change", id).containsKey(id);
        assertThat(m.messageStatus()).as("repeat of %s", id).isEqualTo(previous.get(id).messageStatus());
        assertThat(m.availability()).as("repeat of %s", id).isEqualTo(previous.get(id).availability());
        assertThat(m.extension()).as("repeat of %s", id).isEqualTo(previous.get(id).extension());
      }
    });
  }

  /**
   * Asking again with an older token answers again what changed since it, or refuses the token: never silence. When
   * a text of a sync was not written, core keeps the older checkpoint and relies on this to read the text again (a
   * refusal makes it fall back to a full sync); a source that answered an older token with nothing would lose it.
   */
  @Test
  public void messageSyncAnOlderTokenAnswersAgainWhatChangedSinceItOrIsRefused() {
    MessageSource source = syncSourceHolding(List.of(message(EXT_A, NOW.minus(Duration.ofHours(3)))));
    List<MessageSyncCheckpoint> checkpoints = new ArrayList<>();
    Map<String, SmsMessage> first =
        sync(source, EXT_A, new MessageSyncRequest.Full(NOW.minus(Duration.ofDays(1))), checkpoints);
    SmsMessage added = message(EXT_A, NOW.minus(Duration.ofMinutes(10)));
    addToStore(source, added);
    String older = checkpoints.get(0).syncToken();
    sync(source, EXT_A, new MessageSyncRequest.Incremental(older), checkpoints);

    Map<String, SmsMessage> again;
    try {
      again = sync(source, EXT_A, new MessageSyncRequest.Incremental(older), checkpoints);
    } catch (SyncTokenRejectedException refused) {
      assertThat(refused.getMessage()).doesNotContain(older);
      return;
    }

    assertThat(again).containsKey(added.id().value());
    assertOnlyRepeats(again, first, added);
  }

  @Test
  public void messageSyncRejectsAGarbageTokenWithoutDeliveringAnything() {
    MessageSource source = syncSourceHolding(List.of(message(EXT_A, NOW.minus(Duration.ofHours(1)))));
    List<SmsMessage> got = new ArrayList<>();

    assertThatThrownBy(() -> source.messageSync(EXT_A, new MessageSyncRequest.Incremental("not-a-real-token-0000"),
        page -> got.addAll(page.messages())))
        .isInstanceOf(SyncTokenRejectedException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-a-real-token-0000"));
    assertThat(got).isEmpty();
  }

  @Test
  public void messageSyncRejectsATokenThatWasMadeInvalid() {
    MessageSource source = syncSourceHolding(List.of(message(EXT_A, NOW.minus(Duration.ofHours(1)))));
    List<MessageSyncCheckpoint> checkpoints = new ArrayList<>();
    sync(source, EXT_A, new MessageSyncRequest.Full(NOW.minus(Duration.ofDays(1))), checkpoints);
    String token = checkpoints.get(0).syncToken();

    invalidateSyncTokens(source, EXT_A);

    assertThatThrownBy(() -> source.messageSync(EXT_A, new MessageSyncRequest.Incremental(token), page -> {}))
        .isInstanceOf(SyncTokenRejectedException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
  }
}

package io.rcsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.Availability;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.out.MessageSource;
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
}

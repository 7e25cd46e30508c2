package io.rcsync.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.testkit.fixtures.Messages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryMessageSourceTest {
  private static final ExtensionId EXT = Messages.DEFAULT_EXTENSION;
  private static final Instant T = Instant.parse("2026-04-01T00:00:00Z");
  private static final TimeWindow DAY = new TimeWindow(T, T.plusSeconds(86_400));
  private final ApiCalls calls = new ApiCalls();
  private final InMemoryMessageSource source = new InMemoryMessageSource(calls, 10);

  private void fill(int n) {
    for (int i = 0; i < n; i++) {
      source.add(Messages.inbound().extension(EXT).at(T.plusSeconds(i * 60L)).build());
    }
  }

  @Test
  void servesNewestFirstInPagesAndCountsOneCallPerPage() {
    fill(25);
    List<MessageSource.Page> pages = new ArrayList<>();

    source.fetch(EXT, DAY, pages::add);

    assertThat(pages).extracting(MessageSource.Page::size).containsExactly(10, 10, 5);
    List<Instant> times = pages.stream().flatMap(p -> p.messages().stream()).map(SmsMessage::creationTime).toList();
    assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(3);
  }

  @Test
  void anEmptyWindowStillCostsOneCall() {
    source.fetch(EXT, DAY, page -> {
      throw new AssertionError("no page expected");
    });

    assertThat(calls.count(ApiCalls.RINGCENTRAL)).isEqualTo(1);
  }

  @Test
  void deliversMalformedRecordsInTheirWindow() {
    fill(3);
    source.addMalformed(new MalformedMessage("bad-1", EXT, "no direction"), T.plusSeconds(30));
    source.addMalformed(new MalformedMessage("bad-2", EXT, "no direction"), T.minusSeconds(30));
    List<MalformedMessage> bad = new ArrayList<>();

    source.fetch(EXT, DAY, page -> bad.addAll(page.malformed()));

    assertThat(bad).extracting(MalformedMessage::rawId).containsExactly("bad-1");
  }

  @Test
  void failsAfterTheGivenNumberOfPagesKeepingThoseDelivered() {
    fill(25);
    source.failAfterPages(2, ExternalSystemException.Kind.RATE_LIMITED);
    List<SmsMessage> got = new ArrayList<>();

    assertThatThrownBy(() -> source.fetch(EXT, DAY, p -> got.addAll(p.messages())))
        .isInstanceOfSatisfying(ExternalSystemException.class,
            e -> assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.RATE_LIMITED));
    assertThat(got).hasSize(20);
    assertThat(source.pagesServed()).isEqualTo(2);
  }

  @Test
  void deliversEachMessageOnceWhileTheStoreChangesBetweenPagesWithDeletedAndPurgedOnesMarked() {
    List<SmsMessage> initial = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      initial.add(Messages.inbound().extension(EXT).at(T.plusSeconds(i * 60L)).build());
    }
    source.addAll(initial);
    // newest first: page 1 holds initial[24..15]
    source.betweenPages(n -> {
      if (n == 1) {
        source.remove(EXT, initial.get(20).id().value());
        source.remove(EXT, initial.get(22).id().value());
        source.delete(EXT, initial.get(10).id().value());
        source.purge(EXT, initial.get(3).id().value());
        source.setStatus(EXT, initial.get(12).id().value(), "DeliveryFailed", T.plusSeconds(9_999));
        source.add(Messages.inbound().extension(EXT).at(T.plusSeconds(3_000)).build());
      }
    });
    List<SmsMessage> got = new ArrayList<>();

    source.fetch(EXT, DAY, p -> got.addAll(p.messages()));

    assertThat(got).extracting(m -> m.id().value()).doesNotHaveDuplicates()
        .containsAll(initial.stream().map(m -> m.id().value()).toList());
    java.util.Map<String, SmsMessage> byId = new java.util.HashMap<>();
    got.forEach(m -> byId.put(m.id().value(), m));
    assertThat(byId.get(initial.get(10).id().value()).availability())
        .isEqualTo(io.rcsync.core.domain.Availability.DELETED);
    SmsMessage purged = byId.get(initial.get(3).id().value());
    assertThat(purged.availability()).isEqualTo(io.rcsync.core.domain.Availability.PURGED);
    assertThat(purged.text()).isEmpty();
    assertThat(byId.get(initial.get(12).id().value()).messageStatus()).isEqualTo("DeliveryFailed");
  }

  @Test
  void changingAMessageItDoesNotHoldIsRefused() {
    assertThatThrownBy(() -> source.delete(EXT, "404"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no message 404");
  }
}

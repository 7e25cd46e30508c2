package io.rcsync.core.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {
  @Test
  void aStreamWithinTheLimitReadsWholeAndCountsItsBytes() throws IOException {
    LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[100]), 100, "maxBytes");

    assertThat(in.readAllBytes()).hasSize(100);
    assertThat(in.count()).isEqualTo(100);
    assertThat(in.exceeded()).isFalse();
  }

  @Test
  void theReadThatCrossesTheLimitThrowsNamingItAndMarksTheStreamExceeded() {
    LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[101]), 100, "attachments.maxBytes");

    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
        .hasMessage("over attachments.maxBytes (100 bytes)");
    assertThat(in.exceeded()).isTrue();
  }

  @Test
  void skippedBytesCountToo() throws IOException {
    LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[50]), 10, "maxBytes");

    assertThatThrownBy(() -> in.skip(50)).isInstanceOf(IOException.class);
    assertThat(in.exceeded()).isTrue();
  }
}

package io.rcsync.core.support;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and stops a stream that turns out larger than a limit: the read that crosses it
 * throws an {@link IOException} ("over {what} ({limit} bytes)") and {@link #exceeded()} turns true, so a caller can
 * tell a size refusal from a broken connection. Used where a file's size is known only while it streams (MMS media
 * with no or a wrong {@code Content-Length}: the sync's copy under {@code attachments.maxBytes}, the Salesforce upload
 * under its own ceiling). Not thread-safe beyond one reader; {@link #exceeded()} may be read from another thread.
 */
public final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final String what;
  private long count;
  private volatile boolean exceeded;

  /**
   * @param in the stream to read
   * @param limit the most bytes allowed, at least 0
   * @param what the limit's name in the exception's message (e.g. {@code attachments.maxBytes})
   */
  public LimitedInputStream(InputStream in, long limit, String what) {
    super(in);
    this.limit = limit;
    this.what = what;
  }

  /** Bytes read (or skipped) so far. */
  public long count() {
    return count;
  }

  /** True once a read went past the limit. */
  public boolean exceeded() {
    return exceeded;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    counted(s);
    return s;
  }

  private void counted(long n) throws IOException {
    count += n;
    if (count > limit) {
      exceeded = true;
      throw new IOException("over " + what + " (" + limit + " bytes)");
    }
  }
}

package io.rcsync.testkit.bench;

import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.PhoneNormalizer;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.service.sync.CaseMatcher;
import io.rcsync.core.service.sync.TextClassifier;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the sync pipeline costs per text once Salesforce has answered (issue 13: target at least 1,000,000 texts a
 * second per core), with no I/O:
 *
 * <ul>
 *   <li>{@link #classify}: {@link TextClassifier#classify} over the demo firm's texts (inbound and outbound, Intaker
 *       leads, short codes, international and malformed numbers, a group text, MMS); one op = one text.
 *   <li>{@link #classifyAndMatch}: classify, then {@link CaseMatcher#matchAll} for every text that needs a lookup,
 *       against a matcher whose per-run cache already holds every number's decision (as after the pipeline's
 *       batched lookups); one op = one text.
 *   <li>{@link #normalize}: {@link PhoneNormalizer#normalize} over the texts' raw counterparties; one op = one value.
 * </ul>
 *
 * <p>Inputs are {@value #TEXTS} texts pre-built in {@link Setup}: the demo firm's {@code DemoData.generate(13, …)}
 * texts repeated, each copy under a fresh message id so none is a duplicate. Each invocation uses a fresh
 * {@link TextClassifier} (it remembers ids for the run's dedupe: one per run), so the dedupe set's growth is
 * measured too. Single-threaded ({@code @Threads(1)}): the figure is per core. Run it as docs/benchmarks.md says.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CorePipelineBenchmark {
  /** Texts per invocation (each invocation is one "run" of this many texts). */
  public static final int TEXTS = 8192;

  private static final Instant NOW = Instant.parse("2026-04-01T15:00:00Z");
  /** The demo config's {@code intakerFilter.bodyPrefixRegex}. */
  private static final String INTAKER_PREFIX = "^(Intaker|New lead from Intaker)";

  private SmsMessage[] texts;
  private String[] counterparties;
  private IntakerFilter intakerFilter;
  private CaseMatcher matcher;

  /** Builds the texts, and a matcher whose cache holds a decision for every number they need. */
  @Setup(Level.Trial)
  public void setUp() {
    DemoDataset firm = DemoData.generate(13, NOW);
    List<SmsMessage> all = firm.allMessages();
    texts = new SmsMessage[TEXTS];
    List<String> raw = new ArrayList<>();
    for (int i = 0; i < TEXTS; i++) {
      SmsMessage m = all.get(i % all.size());
      texts[i] = new SmsMessage(MessageId.of("b" + i), m.extension(), m.direction(), m.from(), m.to(), m.text(),
          m.creationTime(), m.lastModifiedTime(), m.conversationId(), m.messageStatus(), m.attachments(),
          m.availability());
      raw.addAll(m.counterparties());
    }
    counterparties = raw.subList(0, TEXTS).toArray(String[]::new);
    intakerFilter = IntakerFilter.of(INTAKER_PREFIX);

    matcher = new CaseMatcher(InMemoryCaseDirectory.holding(firm.cases()), LitifySchema.defaults());
    TextClassifier warm = new TextClassifier(intakerFilter);
    List<List<PhoneNumber>> needed = new ArrayList<>();
    for (SmsMessage m : texts) {
      if (warm.classify(m) instanceof TextClassifier.NeedsLookup l) {
        needed.add(l.numbers());
      }
    }
    matcher.lookUp(needed);
  }

  /** Classifies {@value #TEXTS} texts with a fresh (per-run) classifier. */
  @Benchmark
  @OperationsPerInvocation(TEXTS)
  public void classify(Blackhole bh) {
    TextClassifier classifier = new TextClassifier(intakerFilter);
    for (SmsMessage m : texts) {
      bh.consume(classifier.classify(m));
    }
  }

  /** Classifies {@value #TEXTS} texts and matches each that needs it against the warmed per-run cache. */
  @Benchmark
  @OperationsPerInvocation(TEXTS)
  public void classifyAndMatch(Blackhole bh) {
    TextClassifier classifier = new TextClassifier(intakerFilter);
    for (SmsMessage m : texts) {
      TextClassifier.Verdict v = classifier.classify(m);
      if (v instanceof TextClassifier.NeedsLookup l) {
        bh.consume(matcher.matchAll(l.numbers()));
      } else {
        bh.consume(v);
      }
    }
  }

  /** Normalises {@value #TEXTS} raw counterparty values. */
  @Benchmark
  @OperationsPerInvocation(TEXTS)
  public void normalize(Blackhole bh) {
    for (String raw : counterparties) {
      bh.consume(PhoneNormalizer.normalize(raw));
    }
  }
}

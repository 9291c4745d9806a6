package cc.microsolidarity.tributary.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.poll.CpuStages;
import cc.microsolidarity.tributary.poll.PollOutcome;
import cc.microsolidarity.tributary.store.StoreOutcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void thePollsCpuTimeIsExposedByStepAndReadAtEachScrape() {
    AtomicLong cpu = new AtomicLong();
    CpuStages stages = new CpuStages(cpu::get);
    Metrics metrics = new Metrics();
    metrics.pollCpu(stages);

    long mark = stages.mark();
    cpu.addAndGet(1_250_000_000L);
    stages.charge(CpuStages.Stage.PARSE, mark);
    String first = new String(metrics.scrape(), StandardCharsets.UTF_8);
    assertThat(first).contains("# TYPE tributary_poll_cpu_seconds_total counter")
        .contains("tributary_poll_cpu_seconds_total{step=\"parse\"} 1.25\n")
        .contains("tributary_poll_cpu_seconds_total{step=\"store\"} 0.0\n");

    mark = stages.mark();
    cpu.addAndGet(500_000_000L);
    stages.charge(CpuStages.Stage.STORE, mark);
    assertThat(new String(metrics.scrape(), StandardCharsets.UTF_8))
        .contains("tributary_poll_cpu_seconds_total{step=\"store\"} 0.5\n");
  }

  private static final Source POD = Source.of("pod", SourceKind.PODCAST, "https://a.example/p.xml");
  private static final Source BLOG = Source.of("blog", SourceKind.BLOG, "https://b.example/b.xml");

  private static PollOutcome outcome(Source s, PollOutcome.Status status, int added) {
    return new PollOutcome(s.id(), status, status == PollOutcome.Status.FAILED ? 500 : 200,
        status == PollOutcome.Status.FAILED ? "HTTP 500" : null, null,
        new StoreOutcome(added, 0, 0, 0, 0), added, 100, 20, null);
  }

  private static String scrape(Metrics metrics) {
    return new String(metrics.scrape(), StandardCharsets.UTF_8);
  }

  @Test
  void aSourceRemovedByAReloadLeavesTheMetricsAndTheOthersKeepTheirCounts() {
    Metrics metrics = new Metrics();
    metrics.sourcesConfigured(List.of(POD, BLOG));
    metrics.pollFinished(POD, outcome(POD, PollOutcome.Status.FETCHED, 3));
    metrics.pollFinished(POD, outcome(POD, PollOutcome.Status.FAILED, 0));
    metrics.pollFinished(BLOG, outcome(BLOG, PollOutcome.Status.FETCHED, 2));
    metrics.pollFinished(BLOG, outcome(BLOG, PollOutcome.Status.NOT_MODIFIED, 0));
    assertThat(scrape(metrics))
        .contains("tributary_polls_total{result=\"failed\",source=\"pod\"} 1.0\n")
        .contains("tributary_poll_failures_total{source=\"pod\"} 1.0\n")
        .contains("tributary_sources 2.0\n");

    metrics.sourcesConfigured(List.of(BLOG));

    String after = scrape(metrics);
    assertThat(after).doesNotContain("source=\"pod\"")
        .contains("tributary_polls_total{result=\"fetched\",source=\"blog\"} 1.0\n")
        .contains("tributary_polls_total{result=\"not_modified\",source=\"blog\"} 1.0\n")
        .contains("tributary_sources 1.0\n")
        // What was stored stays counted: those entries are still in the database.
        .contains("tributary_items_stored_total 5.0\n");
  }

  @Test
  void aPollStillInFlightWhenItsSourceWasRemovedDoesNotBringItsSeriesBack() {
    Metrics metrics = new Metrics();
    metrics.sourcesConfigured(List.of(POD, BLOG));
    metrics.pollFinished(POD, outcome(POD, PollOutcome.Status.FETCHED, 1));
    metrics.sourcesConfigured(List.of(BLOG));

    metrics.pollFinished(POD, outcome(POD, PollOutcome.Status.FAILED, 0));

    assertThat(scrape(metrics)).doesNotContain("source=\"pod\"");
    // Added back, it counts from zero, as after a restart.
    metrics.sourcesConfigured(List.of(POD, BLOG));
    metrics.pollFinished(POD, outcome(POD, PollOutcome.Status.NOT_MODIFIED, 0));
    assertThat(scrape(metrics))
        .contains("tributary_polls_total{result=\"not_modified\",source=\"pod\"} 1.0\n")
        .doesNotContain("tributary_polls_total{result=\"fetched\",source=\"pod\"}")
        .doesNotContain("tributary_polls_total{result=\"failed\",source=\"pod\"}");
  }

  @Test
  void beforeAnyConfigurationEverySourceIsCounted() {
    Metrics metrics = new Metrics();
    metrics.pollFinished(POD, outcome(POD, PollOutcome.Status.FETCHED, 1));
    assertThat(scrape(metrics))
        .contains("tributary_polls_total{result=\"fetched\",source=\"pod\"} 1.0\n");
  }

  @Test
  void requestsAreCountedByPathAndStatusExactlyFromManyThreads() throws Exception {
    Metrics metrics = new Metrics();
    int threads = 4;
    int each = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            metrics.requestServed("/feed.atom", i % 2 == 0 ? 304 : 200);
            metrics.requestServed("other", 404);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    metrics.requestServed("/health", 503);
    metrics.requestServed("/health", 999); // no such status, still counted as given

    assertThat(scrape(metrics))
        .contains("tributary_http_requests_total{path=\"/feed.atom\",status=\"304\"} 10000.0\n")
        .contains("tributary_http_requests_total{path=\"/feed.atom\",status=\"200\"} 10000.0\n")
        .contains("tributary_http_requests_total{path=\"other\",status=\"404\"} 20000.0\n")
        .contains("tributary_http_requests_total{path=\"/health\",status=\"503\"} 1.0\n")
        .contains("tributary_http_requests_total{path=\"/health\",status=\"999\"} 1.0\n");
  }
}

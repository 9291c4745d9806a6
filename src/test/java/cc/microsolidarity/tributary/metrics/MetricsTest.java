package cc.microsolidarity.tributary.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.poll.CpuStages;
import java.nio.charset.StandardCharsets;
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
}

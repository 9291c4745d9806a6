package cc.microsolidarity.tributary.metrics;

import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.poll.CpuStages;
import cc.microsolidarity.tributary.poll.PollListener;
import cc.microsolidarity.tributary.poll.PollOutcome;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Prometheus metrics, all prefixed {@code tributary_}. Listens to polls; the HTTP layer and
 * the config watcher report through the small methods below. Thread-safe; one per process
 * (its own registry, never the global one, so tests can make many).
 */
public final class Metrics implements PollListener {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter polls = Counter.builder().name("tributary_polls_total")
      .help("Polls by source and result (fetched, not_modified, failed, disabled)")
      .labelNames("source", "result").register(registry);
  private final Counter failures = Counter.builder().name("tributary_poll_failures_total")
      .help("Failed polls by source").labelNames("source").register(registry);
  private final Counter itemsStored = Counter.builder().name("tributary_items_stored_total")
      .help("New entries stored").register(registry);
  private final Counter itemsUpdated = Counter.builder().name("tributary_items_updated_total")
      .help("Entries updated because their source edited them").register(registry);
  private final Counter duplicates = Counter.builder().name("tributary_duplicates_merged_total")
      .help("Items recognised as an entry already stored (another source or key)")
      .register(registry);
  private final Counter filtered = Counter.builder().name("tributary_items_filtered_total")
      .help("Items dropped by hashtag or include/exclude filters").register(registry);
  private final Histogram fetchSeconds = Histogram.builder()
      .name("tributary_fetch_duration_seconds").help("Time to poll one source")
      .classicOnly()
      .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
      .register(registry);
  // No exemplars: there is no trace to link to, and sampling for them costs every request.
  private final Counter requests = Counter.builder().name("tributary_http_requests_total")
      .help("HTTP requests served by path and status").labelNames("path", "status")
      .withoutExemplars().register(registry);
  /**
   * Each route's request counters by status (index status - 100), found on first use: looking
   * a series up by its label values hashes a new list and a new status string each time,
   * which showed in a 304's profile. Routes are a few fixed paths (see RequestListener).
   */
  private final ConcurrentHashMap<String, AtomicReferenceArray<CounterDataPoint>>
      requestCounters = new ConcurrentHashMap<>();
  private final Counter reloads = Counter.builder().name("tributary_config_reloads_total")
      .help("feeds.yaml reloads by result (ok, invalid)").labelNames("result").register(registry);
  private final Gauge sources = Gauge.builder().name("tributary_sources")
      .help("Configured sources").register(registry);
  /**
   * The configured source ids; null until told, when every source's polls are counted. Guarded
   * by {@code this}, with the per-source series it decides, so a poll finishing beside a reload
   * cannot bring back a series the reload has just removed.
   */
  private Set<String> configured;

  /**
   * Exposes where the polls' CPU time goes, step by step, as {@code
   * tributary_poll_cpu_seconds_total{step=...}}: read from {@code stages} at each scrape.
   */
  public void pollCpu(CpuStages stages) {
    CounterWithCallback.builder().name("tributary_poll_cpu_seconds_total")
        .help("CPU time of polls by step (fetch, hash, parse, normalise, encode, store),"
            + " added up over the threads that ran it")
        .labelNames("step")
        .callback(cb -> {
          for (CpuStages.Stage s : CpuStages.Stage.values()) {
            cb.call(stages.spent(s).toNanos() / 1e9, s.name().toLowerCase(Locale.ROOT));
          }
        })
        .register(registry);
  }

  @Override
  public void pollFinished(Source source, PollOutcome o) {
    countBySource(source.id(), o.status());
    if (o.status() != PollOutcome.Status.DISABLED) {
      fetchSeconds.observe(o.elapsedMillis() / 1000.0);
    }
    if (o.stored() != null) {
      itemsStored.inc(o.stored().added());
      itemsUpdated.inc(o.stored().updated());
      duplicates.inc(o.stored().merged());
      filtered.inc(o.stored().filtered());
    }
  }

  public void requestServed(String path, int status) {
    if (status < 100 || status > 599) {
      requests.labelValues(path, String.valueOf(status)).inc();
      return;
    }
    AtomicReferenceArray<CounterDataPoint> byStatus = requestCounters.get(path);
    if (byStatus == null) {
      byStatus = requestCounters.computeIfAbsent(path, p -> new AtomicReferenceArray<>(500));
    }
    CounterDataPoint counter = byStatus.get(status - 100);
    if (counter == null) {
      // Two threads may both get here: labelValues gives both the same series.
      counter = requests.labelValues(path, String.valueOf(status));
      byStatus.set(status - 100, counter);
    }
    counter.inc();
  }

  public void configReloaded(boolean ok) {
    reloads.labelValues(ok ? "ok" : "invalid").inc();
  }

  /**
   * The configured sources, at start and after each reload: sets {@code tributary_sources} and
   * drops the per-source series of sources no longer configured, so a removed source leaves
   * {@code /metrics} as it leaves {@code /health}. Its polls still in flight are not counted.
   */
  public synchronized void sourcesConfigured(Collection<Source> now) {
    Set<String> ids = new HashSet<>();
    now.forEach(s -> ids.add(s.id()));
    // The first label of both per-source metrics is the source id.
    polls.removeIf(labels -> !ids.contains(labels.get(0)));
    failures.removeIf(labels -> !ids.contains(labels.get(0)));
    configured = ids;
    sources.set(ids.size());
  }

  private synchronized void countBySource(String id, PollOutcome.Status status) {
    if (configured != null && !configured.contains(id)) {
      return;
    }
    polls.labelValues(id, status.name().toLowerCase(Locale.ROOT)).inc();
    if (status == PollOutcome.Status.FAILED) {
      failures.labelValues(id).inc();
    }
  }

  /** The Prometheus text exposition of every metric. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

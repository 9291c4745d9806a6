package cc.microsolidarity.tributary.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static cc.microsolidarity.tributary.testing.Eventually.until;

import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.poll.PollOutcome;
import cc.microsolidarity.tributary.poll.SourcePoller;
import cc.microsolidarity.tributary.store.StoreOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real Quartz scheduler, driven with short intervals and a recording poller. */
class PollSchedulerTest {
  static final FeedSettings FEED = new FeedSettings("T", null, "tag:example.org,2024:m",
      "https://example.org", null, null, null, null, 50);

  final Clock clock = Clock.systemUTC();
  final RecordingPoller poller = new RecordingPoller();
  final List<PollOutcome> afterPoll = new CopyOnWriteArrayList<>();
  PollScheduler scheduler;

  @AfterEach
  void stop() {
    if (scheduler != null) {
      scheduler.shutdown(Duration.ofSeconds(5));
    }
  }

  PollScheduler start(FeedsConfig config) {
    scheduler = new PollScheduler(poller, clock, new Random(42), 4, Duration.ofMillis(200),
        afterPoll::add);
    scheduler.reconcile(config);
    scheduler.start();
    return scheduler;
  }

  static Source source(String id, Duration interval) {
    return Source.of(id, cc.microsolidarity.tributary.model.SourceKind.BLOG,
        "https://example.org/" + id).withInterval(interval);
  }

  static Source including(String id, String word) {
    Source s = source(id, Duration.ofSeconds(30));
    return new Source(id, s.kind(), s.url(), s.interval(), null, List.of(word), List.of(), true);
  }

  @Test
  void eachSourceIsPolledInTheFirstRoundThenAgainAfterItsInterval() {
    start(new FeedsConfig(FEED, List.of(source("a", Duration.ofMillis(400)),
        source("b", Duration.ofSeconds(30)))));

    until(Duration.ofSeconds(5), () -> poller.count("a") >= 3);
    assertThat(poller.count("b")).isEqualTo(1);
    List<Instant> a = poller.times("a");
    // Interval 400 ms with ±10% jitter: never two polls closer than 360 ms.
    for (int i = 1; i < a.size(); i++) {
      assertThat(Duration.between(a.get(i - 1), a.get(i))).isGreaterThan(Duration.ofMillis(340));
    }
    assertThat(afterPoll).isNotEmpty();
  }

  @Test
  void neverRunsTwoPollsOfOneSourceAtOnce() {
    poller.pollTime = Duration.ofMillis(300);
    poller.nextAfter = Duration.ZERO; // due again at once: tempts an overlap
    start(new FeedsConfig(FEED, List.of(source("slow", Duration.ofMillis(50)))));

    until(Duration.ofSeconds(5), () -> poller.count("slow") >= 4);
    assertThat(poller.maxConcurrent.get()).isEqualTo(1);
  }

  @Test
  void aSourceThatIsBackingOffIsNotPolledBeforeItsStoredDueTime() throws Exception {
    poller.storedDue.put("late", clock.instant().plusSeconds(60));
    start(new FeedsConfig(FEED, List.of(source("late", Duration.ofMillis(100)),
        source("now", Duration.ofSeconds(30)))));

    until(Duration.ofSeconds(3), () -> poller.count("now") == 1);
    Thread.sleep(500);
    assertThat(poller.count("late")).isZero();
    assertThat(scheduler.pending().get("late")).isAfter(clock.instant().plusSeconds(50));
  }

  @Test
  void reconcileAddsRemovesAndReschedules() throws Exception {
    start(new FeedsConfig(FEED, List.of(source("keep", Duration.ofSeconds(30)),
        source("drop", Duration.ofMillis(200)))));
    until(Duration.ofSeconds(3), () -> poller.count("drop") >= 2);

    Reconciled edit = scheduler.reconcile(new FeedsConfig(FEED,
        List.of(source("keep", Duration.ofSeconds(30)), source("new", Duration.ofSeconds(30)))));
    assertThat(edit).isEqualTo(new Reconciled(List.of("new"), List.of("drop"), List.of(),
        List.of()));
    assertThat(edit.describe()).isEqualTo("added new; no longer polled: drop");
    int dropped = poller.count("drop");

    until(Duration.ofSeconds(3), () -> poller.count("new") == 1);
    Thread.sleep(600);
    assertThat(poller.count("drop")).isLessThanOrEqualTo(dropped + 1); // at most one in flight
    assertThat(scheduler.pending()).containsOnlyKeys("keep", "new");
    assertThat(poller.count("keep")).isEqualTo(1);

    // A changed interval reschedules the source; other settings apply from its next poll.
    edit = scheduler.reconcile(new FeedsConfig(FEED, List.of(source("keep", Duration.ofMillis(200)),
        including("new", "x"))));
    assertThat(edit.describe()).isEqualTo(
        "rescheduled keep (new URL or interval); updated new (from its next poll)");
    assertThat(scheduler.reconcile(new FeedsConfig(FEED, List.of(source("keep",
        Duration.ofMillis(200)), including("new", "x")))))
        .matches(Reconciled::isEmpty)
        .extracting(Reconciled::describe).isEqualTo("no source added, removed or changed");
    until(Duration.ofSeconds(3), () -> poller.count("keep") >= 3);
  }

  @Test
  void aDisabledSourceIsNotScheduledAgain() throws Exception {
    poller.disable.add("gone");
    start(new FeedsConfig(FEED, List.of(source("gone", Duration.ofMillis(100)))));
    until(Duration.ofSeconds(3), () -> poller.count("gone") == 1);
    Thread.sleep(500);
    assertThat(poller.count("gone")).isEqualTo(1);
    assertThat(scheduler.pending()).isEmpty();
  }

  static final class RecordingPoller implements SourcePoller {
    final Map<String, List<Instant>> calls = new ConcurrentHashMap<>();
    final Map<String, Instant> storedDue = new ConcurrentHashMap<>();
    final List<String> disable = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    volatile Duration pollTime = Duration.ZERO;
    volatile Duration nextAfter = null;

    @Override
    public PollOutcome poll(Source source, FeedSettings feed) {
      int now = running.incrementAndGet();
      maxConcurrent.accumulateAndGet(now, Math::max);
      try {
        calls.computeIfAbsent(source.id(), k -> new CopyOnWriteArrayList<>())
            .add(Instant.now());
        Thread.sleep(pollTime.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
      Instant due = disable.contains(source.id()) ? null
          : Instant.now().plus(nextAfter != null ? nextAfter : source.interval());
      return new PollOutcome(source.id(), PollOutcome.Status.FETCHED, 200, null, null,
          new StoreOutcome(1, 0, 0, 0, 0), 1, 10, 1, due);
    }

    @Override
    public Instant nextDue(Source source) {
      return storedDue.get(source.id());
    }

    int count(String id) {
      return calls.getOrDefault(id, List.of()).size();
    }

    List<Instant> times(String id) {
      return calls.getOrDefault(id, List.of());
    }
  }
}

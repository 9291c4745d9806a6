package cc.microsolidarity.tributary.schedule;

import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.poll.PollOutcome;
import cc.microsolidarity.tributary.poll.SourcePoller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Quartz job per enabled source. Each run is a one-shot trigger whose successor is set from
 * the poll's outcome (interval ±10% jitter, backoff, Retry-After), so the fetch rules decide the
 * next fire time and a misfire can never stack: there is only ever one pending trigger per
 * source. {@code @DisallowConcurrentExecution} keeps two polls of one source apart.
 *
 * <p>Thread-safety: {@link #reconcile} may be called from the config watcher while jobs run.
 */
public final class PollScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("tributary.schedule");
  private static final String GROUP = "sources";
  static final double JITTER = 0.10;

  private final Scheduler quartz;
  private final SourcePoller poller;
  private final Clock clock;
  private final RandomGenerator random;
  private final Consumer<PollOutcome> afterPoll;
  private final Duration firstRound;
  private final AtomicReference<FeedsConfig> config = new AtomicReference<>();
  private final Map<String, Source> scheduled = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong sequence =
      new java.util.concurrent.atomic.AtomicLong();

  public PollScheduler(SourcePoller poller, Clock clock, RandomGenerator random, int threads,
      Duration firstRound, Consumer<PollOutcome> afterPoll) {
    this.firstRound = firstRound;
    this.poller = poller;
    this.clock = clock;
    this.random = random;
    this.afterPoll = afterPoll;
    try {
      Properties p = new Properties();
      p.setProperty("org.quartz.scheduler.instanceName", "tributary-" + System.identityHashCode(this));
      p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
      p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.max(1, threads)));
      p.setProperty("org.quartz.threadPool.threadNamePrefix", "poll");
      p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
      p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
      this.quartz = new StdSchedulerFactory(p).getScheduler();
      this.quartz.setJobFactory(new Factory());
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot create the scheduler: " + e.getMessage(), e);
    }
  }

  public void start() {
    try {
      quartz.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
    }
  }

  /**
   * Brings the jobs in line with {@code next}: new sources are scheduled within the first-round
   * window, removed or disabled ones unscheduled, changed ones (interval, URL, filters)
   * rescheduled. A source keeps its stored next-due time when later, so a restart or reload
   * does not hammer a source that is backing off.
   */
  public synchronized Reconciled reconcile(FeedsConfig next) {
    config.set(next);
    Set<String> wanted = new HashSet<>();
    List<String> added = new ArrayList<>();
    List<String> rescheduled = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    for (Source s : next.enabledSources()) {
      wanted.add(s.id());
      Source old = scheduled.put(s.id(), s);
      if (old == null) {
        added.add(s.id());
        scheduleAt(s, firstFire(s));
      } else if (!old.url().equals(s.url()) || !old.interval().equals(s.interval())) {
        rescheduled.add(s.id());
        scheduleAt(s, firstFire(s));
      } else if (!old.equals(s)) {
        updated.add(s.id());
      }
    }
    List<String> removed = new ArrayList<>();
    for (String id : List.copyOf(scheduled.keySet())) {
      if (!wanted.contains(id)) {
        removed.add(id);
        scheduled.remove(id);
        unschedule(id);
      }
    }
    removed.sort(null);
    return new Reconciled(added, removed, rescheduled, updated);
  }

  /** Sources with a pending poll, and when it fires. */
  public Map<String, Instant> pending() {
    Map<String, Instant> out = new java.util.TreeMap<>();
    for (String id : scheduled.keySet()) {
      try {
        for (Trigger t : quartz.getTriggersOfJob(JobKey.jobKey(id, GROUP))) {
          if (t.getNextFireTime() != null) {
            out.put(id, t.getNextFireTime().toInstant());
          }
        }
      } catch (SchedulerException e) {
        log.debug("cannot read trigger of {}", id, e);
      }
    }
    return out;
  }

  /** Stops firing, lets running polls finish up to {@code grace}, then abandons them. */
  public void shutdown(Duration grace) {
    try {
      quartz.standby();
      Thread waiter = new Thread(() -> {
        try {
          quartz.shutdown(true);
        } catch (SchedulerException e) {
          log.warn("scheduler shutdown: {}", e.getMessage());
        }
      }, "scheduler-shutdown");
      waiter.setDaemon(true);
      waiter.start();
      waiter.join(grace.toMillis());
      if (waiter.isAlive()) {
        log.warn("polls still running after {} s; stopping without them", grace.toSeconds());
        quartz.shutdown(false);
      }
    } catch (SchedulerException e) {
      log.warn("scheduler shutdown: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
  }

  private Instant firstFire(Source s) {
    Instant now = clock.instant();
    Instant stagger = now.plusMillis((long) (random.nextDouble() * firstRound.toMillis()));
    Instant due = poller.nextDue(s);
    if (due != null && due.isAfter(stagger)) {
      return due;
    }
    return stagger;
  }

  /** ±10% of the interval so sources drift apart instead of firing together. */
  Instant withJitter(Instant due, Duration interval) {
    long spread = (long) (interval.toMillis() * JITTER);
    long offset = spread == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * spread);
    Instant jittered = due.plusMillis(offset);
    Instant now = clock.instant();
    return jittered.isBefore(now) ? now : jittered;
  }

  private void scheduleAt(Source s, Instant when) {
    JobKey key = JobKey.jobKey(s.id(), GROUP);
    // A fresh trigger key per run: the trigger that is firing now completes on its own, and
    // the source never has more than one pending trigger, so misfires cannot stack.
    Trigger trigger = TriggerBuilder.newTrigger()
        .withIdentity(TriggerKey.triggerKey(s.id() + "#" + sequence.incrementAndGet(), GROUP))
        .forJob(key)
        .startAt(Date.from(when))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
    try {
      if (!quartz.checkExists(key)) {
        quartz.addJob(JobBuilder.newJob(PollJob.class).withIdentity(key).storeDurably().build(),
            false);
      }
      for (Trigger old : quartz.getTriggersOfJob(key)) {
        quartz.unscheduleJob(old.getKey());
      }
      quartz.scheduleJob(trigger);
    } catch (SchedulerException e) {
      log.error("cannot schedule {}: {}", s.id(), e.getMessage());
    }
  }

  private void unschedule(String id) {
    try {
      quartz.deleteJob(JobKey.jobKey(id, GROUP));
    } catch (SchedulerException e) {
      log.warn("cannot unschedule {}: {}", id, e.getMessage());
    }
  }

  private void runPoll(String id) {
    FeedsConfig current = config.get();
    Source s = scheduled.get(id);
    if (current == null || s == null) {
      return; // removed while its trigger was firing
    }
    PollOutcome outcome = poller.poll(s, current.feed());
    Instant next;
    if (outcome.nextDue() == null) {
      // Disabled (410 or by config): no further polls until the config changes.
      log.info("{}: not scheduled again ({})", id, outcome.error());
      return;
    }
    next = withJitter(outcome.nextDue(), s.interval());
    synchronized (this) {
      if (s.equals(scheduled.get(id))) {
        scheduleAt(s, next);
      }
    }
    afterPoll.accept(outcome);
  }

  /** Quartz needs a no-arg job; ours calls back into this scheduler instead. */
  @DisallowConcurrentExecution
  static final class PollJob implements Job {
    private final PollScheduler owner;

    PollJob(PollScheduler owner) {
      this.owner = owner;
    }

    @Override
    public void execute(JobExecutionContext context) {
      owner.runPoll(context.getJobDetail().getKey().getName());
    }
  }

  private final class Factory implements JobFactory {
    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) {
      return new PollJob(PollScheduler.this);
    }
  }

}

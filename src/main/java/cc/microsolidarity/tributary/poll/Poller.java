package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.dedupe.EntryIds;
import cc.microsolidarity.tributary.dedupe.IdentityKeys;
import cc.microsolidarity.tributary.fetch.FeedFetcher;
import cc.microsolidarity.tributary.fetch.FetchRequest;
import cc.microsolidarity.tributary.fetch.FetchResult;
import cc.microsolidarity.tributary.fetch.Validators;
import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.ParsedFeed;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.normalize.EnclosureCanonicalizer;
import cc.microsolidarity.tributary.normalize.ItemFilter;
import cc.microsolidarity.tributary.normalize.ItemNormalizer;
import cc.microsolidarity.tributary.normalize.LinkCanonicalizer;
import cc.microsolidarity.tributary.parse.FeedParser;
import cc.microsolidarity.tributary.parse.ParseResult;
import cc.microsolidarity.tributary.poll.CpuStages.Stage;
import cc.microsolidarity.tributary.store.Candidate;
import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.EntryStore;
import cc.microsolidarity.tributary.store.Fingerprint;
import cc.microsolidarity.tributary.store.SourceState;
import cc.microsolidarity.tributary.store.SourceStateStore;
import cc.microsolidarity.tributary.store.StoreException;
import cc.microsolidarity.tributary.store.StoreOutcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pass over one source: fetch → parse → normalise → filter → identify → store, with the
 * source's bookkeeping written in the same transaction as its items. Only this class knows the
 * order of the steps. Thread-safe: polls of different sources may run at once; the scheduler
 * never runs two polls of one source together.
 */
public final class Poller implements SourcePoller {
  private final FeedFetcher fetcher;
  private final FeedParser parser;
  private final ItemNormalizer normalizer;
  private final LinkCanonicalizer links;
  private final EnclosureCanonicalizer enclosures;
  private final IdentityKeys identityKeys;
  private final EntryIds entryIds;
  private final Database db;
  private final EntryStore entries;
  private final SourceStateStore states;
  private final NextPollPolicy nextPoll;
  private final Clock clock;
  private final PollListener listener;
  private final java.util.concurrent.Semaphore cpu;
  private final CpuStages stages;
  /** Storing runs on the database's writer: its CPU is measured there. */
  private final Database.Span storeSpan;

  public Poller(FeedFetcher fetcher, FeedParser parser, ItemNormalizer normalizer,
      LinkCanonicalizer links, EnclosureCanonicalizer enclosures, IdentityKeys identityKeys,
      EntryIds entryIds, Database db, EntryStore entries, SourceStateStore states,
      NextPollPolicy nextPoll, Clock clock, PollListener listener) {
    this(fetcher, parser, normalizer, links, enclosures, identityKeys, entryIds, db, entries,
        states, nextPoll, clock, listener, Runtime.getRuntime().availableProcessors(),
        CpuStages.ofThreadCpu());
  }

  /**
   * {@code cpuSlots}: how many fetched documents are parsed and stored at once; {@code stages}:
   * where the CPU time of polls is added up.
   */
  public Poller(FeedFetcher fetcher, FeedParser parser, ItemNormalizer normalizer,
      LinkCanonicalizer links, EnclosureCanonicalizer enclosures, IdentityKeys identityKeys,
      EntryIds entryIds, Database db, EntryStore entries, SourceStateStore states,
      NextPollPolicy nextPoll, Clock clock, PollListener listener, int cpuSlots,
      CpuStages stages) {
    this.stages = Objects.requireNonNull(stages, "stages");
    this.storeSpan = stages.onWriter(Stage.STORE);
    this.cpu = new java.util.concurrent.Semaphore(Math.max(1, cpuSlots), true);
    this.fetcher = fetcher;
    this.parser = parser;
    this.normalizer = normalizer;
    this.links = links;
    this.enclosures = enclosures;
    this.identityKeys = identityKeys;
    this.entryIds = entryIds;
    this.db = db;
    this.entries = entries;
    this.states = states;
    this.nextPoll = nextPoll;
    this.clock = clock;
    this.listener = listener;
  }

  /** The CPU time these polls have spent, step by step. */
  public CpuStages stages() {
    return stages;
  }

  /** The stored state of a source, or a fresh one when absent or made for another URL. */
  public SourceState stateOf(Source source) {
    return usable(source, db.read(c -> states.get(c, source.id())).orElse(null));
  }

  /**
   * Every stored state by source id, in one query: a pass over many sources reads them once
   * rather than taking the database a thousand times from its fetch threads.
   */
  public Map<String, SourceState> storedStates() {
    return db.read(states::all);
  }

  /** {@code stored} when it belongs to the source's configured URL, else a fresh state. */
  private static SourceState usable(Source source, SourceState stored) {
    return stored != null && stored.configuredUrl().equals(source.url()) ? stored
        : SourceState.fresh(source.id(), source.url());
  }

  @Override
  public Instant nextDue(Source source) {
    return stateOf(source).dueWith(source.interval());
  }

  /** Polls {@code source} now, whatever its due time; never throws for a source's failure. */
  @Override
  public PollOutcome poll(Source source, FeedSettings feed) {
    return poll(source, feed, null);
  }

  /**
   * A batch for the bookkeeping of unchanged polls, saved {@code size} sources per
   * transaction; the caller flushes it when its polls are done.
   */
  public UnchangedStates unchangedStates(int size) {
    return new UnchangedStates(db, states, size, stages);
  }

  /**
   * As {@link #poll(Source, FeedSettings)}, but when nothing is stored the source's state goes
   * to {@code unchanged} (null: saved at once) rather than to a transaction of its own.
   */
  public PollOutcome poll(Source source, FeedSettings feed, UnchangedStates unchanged) {
    return poll(source, feed, unchanged, null);
  }

  /**
   * As {@link #poll(Source, FeedSettings, UnchangedStates)}, with the source's state taken
   * from {@code stored} (from {@link #storedStates()}; null: read now).
   */
  public PollOutcome poll(Source source, FeedSettings feed, UnchangedStates unchanged,
      Map<String, SourceState> stored) {
    listener.pollStarted(source);
    Instant start = clock.instant();
    PollOutcome outcome;
    try {
      SourceState state = stored == null ? stateOf(source)
          : usable(source, stored.get(source.id()));
      outcome = pollOnce(source, feed, start, state, unchanged);
    } catch (StoreException e) {
      // The database refused (disk full, read-only, locked): this poll fails, nothing is lost,
      // the last good feeds stay published, and the next poll tries again.
      outcome = new PollOutcome(source.id(), PollOutcome.Status.FAILED, 0,
          "storing failed: " + e.getMessage(), null, StoreOutcome.NOTHING, 0, 0,
          elapsed(start), start.plus(source.interval()));
    } catch (OutOfMemoryError e) {
      // Fetching holds the body (up to the 16 MiB cap): with a small heap that can be too
      // much while other work holds the rest. This poll fails; the next one tries again.
      outcome = failedUnexpectedly(source, start, String.format(java.util.Locale.ROOT,
          "not enough memory to poll it: the JVM's %d MB heap was full; give it more (-Xmx)",
          Runtime.getRuntime().maxMemory() >> 20));
    } catch (RuntimeException e) {
      // A bug must cost one source one poll, never the daemon or the other sources.
      org.slf4j.LoggerFactory.getLogger("tributary.poll")
          .error("{}: unexpected failure while polling", source.id(), e);
      outcome = failedUnexpectedly(source, start, "internal error: " + e);
    } finally {
      fetcher.doneWithBody(); // whatever happened: a large body's turn must always end
    }
    listener.pollFinished(source, outcome);
    return outcome;
  }

  private PollOutcome pollOnce(Source source, FeedSettings feed, Instant start,
      SourceState state, UnchangedStates unchanged) {
    if (!source.enabled() || state.disabled()) {
      return new PollOutcome(source.id(), PollOutcome.Status.DISABLED, state.lastStatus(),
          state.disabledReason(), null, StoreOutcome.NOTHING, 0, 0, 0, null);
    }
    long mark = stages.mark();
    FetchResult result = fetcher.fetch(new FetchRequest(source.id(), state.urlToFetch(),
        new Validators(state.etag(), state.lastModified()), source.url()));
    stages.charge(Stage.FETCH, mark);
    return process(source, feed, start, state, result, unchanged);
  }

  private PollOutcome process(Source source, FeedSettings feed, Instant start,
      SourceState state, FetchResult result, UnchangedStates unchanged) {
    Instant now = clock.instant();
    SourceState.Builder next = state.toBuilder().lastAttempt(now);
    URI moved = result.permanentRedirect();
    if (moved != null && !moved.equals(state.urlToFetch())) {
      next.effectiveUrl(moved);
      listener.sourceMoved(source, state.urlToFetch(), moved);
    }

    if (result instanceof FetchResult.Failed f) {
      return saveFailure(source, next, state, f.status(), f.detail(),
          nextPoll.afterFailure(source.interval(), f.reason(), f.retryAfter(),
              state.consecutiveFailures() + 1, now),
          f.reason() == FetchResult.Reason.GONE, start, 0);
    }
    if (result instanceof FetchResult.NotModified nm) {
      next.validators(keep(nm.validators().etag(), state.etag()),
          keep(nm.validators().lastModified(), state.lastModified()));
      return saveUnchanged(source, next, 304,
          afterSuccess(next, source, nm.cacheHint(), null, now), start, 0, unchanged);
    }
    FetchResult.Fetched fetched = (FetchResult.Fetched) result;
    next.validators(fetched.validators().etag(), fetched.validators().lastModified());
    Digest digest = digest(source, feed, state, fetched);
    String hash = digest.bodyHash();
    if (digest.parsed() == null) {
      return saveUnchanged(source, next, fetched.status(),
          afterSuccess(next, source, fetched.cacheHint(), null, now), start,
          fetched.body().length, unchanged);
    }
    ParseResult parsed = digest.parsed();
    if (parsed instanceof ParseResult.Failed pf) {
      // A parse failure keeps the old validators out: the next poll must fetch the body again.
      next.validators(state.etag(), state.lastModified());
      return saveFailure(source, next, state, fetched.status(), pf.message(),
          nextPoll.afterFailure(source.interval(), null, null,
              state.consecutiveFailures() + 1, now),
          false, start, fetched.body().length);
    }
    ParsedFeed doc = ((ParseResult.Parsed) parsed).feed();
    String warning = doc.warnings().isEmpty() ? null : String.join("; ", doc.warnings());
    Instant due = afterSuccess(next, source, fetched.cacheHint(), doc.refreshHint(), now);
    SourceState saved = next.bodyHash(hash).lastSuccess(now).lastStatus(fetched.status())
        .lastError(null).warning(warning).consecutiveFailures(0).nextDue(due)
        .disabledReason(null).feedTitle(doc.title()).build();
    StoreOutcome stored = db.transaction(c -> {
      StoreOutcome o = entries.store(c, source.id(), digest.prepared());
      states.save(c, saved);
      return o;
    }, storeSpan);
    return new PollOutcome(source.id(), PollOutcome.Status.FETCHED, fetched.status(), null,
        warning, stored, doc.items().size(), fetched.body().length, elapsed(start), due);
  }

  /** What the CPU-bound steps made of a body: no parse when its hash is the stored one. */
  private record Digest(String bodyHash, ParseResult parsed, EntryStore.Prepared prepared) {}

  /**
   * Hashes, parses, normalises and encodes a fetched body, a few bodies at a time. Fetching
   * waits on the network and runs wide; this is CPU, and without the limit a dozen parsing
   * threads starved the one holding the database writer. Storing happens after, outside the
   * limit, so a thread waiting for the writer leaves its core to the next parse.
   */
  private Digest digest(Source source, FeedSettings feed, SourceState state,
      FetchResult.Fetched fetched) {
    // No two large documents meet here: each came with its fetcher's large-body turn.
    cpu.acquireUninterruptibly();
    try {
      return digestHere(source, feed, state, fetched);
    } catch (OutOfMemoryError e) {
      // What the parse held is garbage once thrown: this source fails, the others go on.
      return new Digest(null, ParseResult.Failed.outOfMemory(fetched.body().length), null);
    } finally {
      cpu.release();
    }
  }

  private Digest digestHere(Source source, FeedSettings feed, SourceState state,
      FetchResult.Fetched fetched) {
    long mark = stages.mark();
    String hash = Fingerprint.of(fetched.body());
    mark = stages.charge(Stage.HASH, mark);
    if (hash.equals(state.bodyHash())) {
      return new Digest(hash, null, null);
    }
    ParseResult parsed = parser.parse(fetched.body(), fetched.contentType(),
        fetched.finalUrl());
    mark = stages.charge(Stage.PARSE, mark);
    if (!(parsed instanceof ParseResult.Parsed p)) {
      return new Digest(hash, parsed, null);
    }
    List<Candidate> candidates = candidates(source, feed, p.feed().items());
    mark = stages.charge(Stage.NORMALISE, mark);
    EntryStore.Prepared prepared = entries.prepare(candidates);
    stages.charge(Stage.ENCODE, mark);
    return new Digest(hash, parsed, prepared);
  }

  private List<Candidate> candidates(Source source, FeedSettings feed, List<Item> items) {
    ItemFilter filter = new ItemFilter(feed.hashtag());
    List<Candidate> out = new ArrayList<>(items.size());
    for (Item raw : items) {
      Item item = normalizer.normalize(raw);
      List<String> canonicalEnclosures = item.enclosures().stream()
          .map(Enclosure::url).map(enclosures::canonicalize).filter(Objects::nonNull).toList();
      List<IdentityKey> keys = identityKeys.of(source.id(), item, links.canonicalize(item.link()),
          canonicalEnclosures);
      if (keys.isEmpty()) {
        continue; // nothing to know it by: an empty <item/>
      }
      out.add(new Candidate(item, keys, entryIds.mint(feed.id(), keys.get(0)),
          filter.accepts(source, item)));
    }
    return out;
  }

  /**
   * The due time after a success, with the refresh hint it was worked out from recorded on
   * {@code next}: one computation, so the stored hint and due time always agree (see
   * {@code SourceState.dueWith}).
   */
  private Instant afterSuccess(SourceState.Builder next, Source source, Duration cacheHint,
      Duration feedRefreshHint, Instant now) {
    Duration hint = nextPoll.refreshHint(cacheHint, feedRefreshHint);
    next.refreshHint(hint);
    return nextPoll.afterSuccess(source.interval(), hint, null, now);
  }

  private PollOutcome saveUnchanged(Source source, SourceState.Builder next, int status,
      Instant due, Instant start, long bytes, UnchangedStates unchanged) {
    Instant now = clock.instant();
    SourceState saved = next.lastSuccess(now).lastStatus(status).lastError(null)
        .consecutiveFailures(0).nextDue(due).build();
    if (unchanged != null) {
      unchanged.add(saved);
    } else {
      db.transaction(c -> {
        states.save(c, saved);
        return null;
      }, storeSpan);
    }
    // The stored warning describes the document last parsed; nothing was parsed now, so the
    // outcome carries none (one log line per fetch, not a repeated "recovered" line).
    return new PollOutcome(source.id(), PollOutcome.Status.NOT_MODIFIED, status, null, null,
        StoreOutcome.NOTHING, 0, bytes, elapsed(start), due);
  }

  private PollOutcome saveFailure(Source source, SourceState.Builder next, SourceState state,
      int status, String error, Instant due, boolean gone, Instant start, long bytes) {
    next.lastStatus(status).lastError(error)
        .consecutiveFailures(state.consecutiveFailures() + 1).nextDue(due);
    if (gone) {
      next.disabledReason("410 Gone: disabled until its URL in feeds.yaml changes");
    }
    SourceState saved = next.build();
    db.transaction(c -> {
      states.save(c, saved);
      return null;
    }, storeSpan);
    return new PollOutcome(source.id(), PollOutcome.Status.FAILED, status, error, null,
        StoreOutcome.NOTHING, 0, bytes, elapsed(start), due);
  }

  /**
   * A failure the poll could not record itself, recorded now if the database takes it, so
   * that /health shows it and the source backs off.
   */
  private PollOutcome failedUnexpectedly(Source source, Instant start, String error) {
    try {
      SourceState state = stateOf(source);
      Instant now = clock.instant();
      return saveFailure(source, state.toBuilder().lastAttempt(now), state, 0, error,
          nextPoll.afterFailure(source.interval(), null, null, state.consecutiveFailures() + 1,
              now), false, start, 0);
    } catch (RuntimeException | OutOfMemoryError e) {
      return new PollOutcome(source.id(), PollOutcome.Status.FAILED, 0, error, null,
          StoreOutcome.NOTHING, 0, 0, elapsed(start), start.plus(source.interval()));
    }
  }

  private long elapsed(Instant start) {
    return Math.max(0, Duration.between(start, clock.instant()).toMillis());
  }

  private static String keep(String fresh, String old) {
    return fresh != null ? fresh : old;
  }
}

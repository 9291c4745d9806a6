package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.config.DaemonSettings;
import cc.microsolidarity.tributary.dedupe.EntryIds;
import cc.microsolidarity.tributary.dedupe.IdentityKeys;
import cc.microsolidarity.tributary.fetch.FeedFetcher;
import cc.microsolidarity.tributary.fetch.FetchSettings;
import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.normalize.EnclosureCanonicalizer;
import cc.microsolidarity.tributary.normalize.ItemNormalizer;
import cc.microsolidarity.tributary.normalize.LinkCanonicalizer;
import cc.microsolidarity.tributary.parse.FeedParser;
import cc.microsolidarity.tributary.poll.NextPollPolicy;
import cc.microsolidarity.tributary.poll.PollListener;
import cc.microsolidarity.tributary.poll.Poller;
import cc.microsolidarity.tributary.publish.OutputBuilder;
import cc.microsolidarity.tributary.publish.Publisher;
import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.EntryStore;
import cc.microsolidarity.tributary.store.KeyRules;
import cc.microsolidarity.tributary.store.SourceStateStore;
import cc.microsolidarity.tributary.store.SourceStatuses;
import java.time.Clock;

/**
 * The composition root: builds the graph with {@code new}, in flow order. Owns what it opens
 * (fetcher, database) and closes it in reverse order.
 */
final class Pipeline implements AutoCloseable {
  final Clock clock;
  final Database db;
  final FeedFetcher fetcher;
  final EntryStore entries;
  final SourceStateStore states;
  final SourceStatuses statuses;
  final Poller poller;
  final OutputBuilder outputs;
  final Publisher publisher;

  Pipeline(DaemonSettings settings, FeedsConfig config, Clock clock, PollListener listener) {
    this(settings, config, clock, listener, Database.Integrity.CHECK_FIRST);
  }

  Pipeline(DaemonSettings settings, FeedsConfig config, Clock clock, PollListener listener,
      Database.Integrity integrity) {
    this.clock = clock;
    this.db = Database.open(settings.database(), integrity, clock);
    try {
      this.fetcher = new FeedFetcher(fetchSettings(settings, config.feed()));
      this.entries = new EntryStore(clock);
      this.states = new SourceStateStore();
      this.statuses = new SourceStatuses(states, entries);
      LinkCanonicalizer links = new LinkCanonicalizer();
      EnclosureCanonicalizer enclosures = new EnclosureCanonicalizer(links);
      new KeyRules(LinkCanonicalizer.RULES_VERSION, links::canonicalize,
          enclosures::canonicalize).apply(db);
      this.poller = new Poller(fetcher, parser(settings.maxBodyBytes()), normalizer(clock), links,
          enclosures, new IdentityKeys(), new EntryIds(), db, entries, states,
          new NextPollPolicy(), clock, listener);
      this.publisher = new Publisher();
      this.outputs = new OutputBuilder(db, entries, statuses, publisher);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * The parser the poller reads documents with; {@code parse} uses the same one.
   * {@code maxBodyBytes}: the fetch cap, which a body still gzip-compressed inflates up to.
   */
  static FeedParser parser(long maxBodyBytes) {
    return new FeedParser(maxBodyBytes);
  }

  /**
   * What the poller applies to each parsed item before storing it; {@code parse --normalize}
   * runs the same step.
   */
  static ItemNormalizer normalizer(Clock clock) {
    return new ItemNormalizer(clock);
  }

  static FetchSettings fetchSettings(DaemonSettings s, FeedSettings feed) {
    String contact = s.contact() != null ? s.contact() : feed.link();
    String userAgent = "tributary/" + Version.current() + " (+" + contact + ")";
    return new FetchSettings(userAgent, s.connectTimeout(), s.readTimeout(), s.callTimeout(),
        s.maxBodyBytes(), s.perHost(), s.concurrency());
  }

  @Override
  public void close() {
    try {
      fetcher.close();
    } finally {
      db.close(); // whatever became of the HTTP client, the database is closed
    }
  }
}

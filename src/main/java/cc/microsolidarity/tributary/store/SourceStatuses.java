package cc.microsolidarity.tributary.store;

import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.model.SourceStatus.State;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Joins configured sources with their stored fetch state and item counts into what operators
 * see ({@code sources}, {@code /health}, OPML). A state row for another URL is ignored: the
 * operator changed the URL, so the source starts afresh. States are read through a {@link
 * StateFollower}, so use one instance per database.
 */
public final class SourceStatuses {
  private final StateFollower states;
  private final EntryStore entries;
  private final EntryChanges changes = new EntryChanges();
  /** The last counts read, with the entry-change token they were read under. */
  private volatile Counts counts;

  private record Counts(long token, Map<String, Long> bySource) {}

  public SourceStatuses(SourceStateStore states, EntryStore entries) {
    this.states = new StateFollower(states);
    this.entries = entries;
  }

  public List<SourceStatus> of(Connection c, List<Source> sources) throws SQLException {
    return join(sources, states.read(c), counts(c));
  }

  /** The item counts, read again only when the stored entries changed since the last read. */
  private Map<String, Long> counts(Connection c) throws SQLException {
    long token = changes.token(c); // before the counts it vouches for
    Counts known = counts;
    if (known == null || known.token() != token) {
      known = new Counts(token, Map.copyOf(entries.countsBySource(c)));
      counts = known;
    }
    return known.bySource();
  }

  /**
   * As {@link #of}, with every item count 0: for the published outputs, which show no counts.
   * Counting walks every entry a source carries; this reads only the state rows.
   */
  public List<SourceStatus> withoutCounts(Connection c, List<Source> sources)
      throws SQLException {
    return join(sources, states.read(c), Map.of());
  }

  /** Every source as it is before its first poll: for when there is no database yet. */
  public static List<SourceStatus> neverPolled(List<Source> sources) {
    return join(sources, Map.of(), Map.of());
  }

  private static List<SourceStatus> join(List<Source> sources, Map<String, SourceState> all,
      Map<String, Long> counts) {
    List<SourceStatus> out = new ArrayList<>(sources.size());
    for (Source source : sources) {
      SourceState s = all.get(source.id());
      if (s == null || !s.configuredUrl().equals(source.url())) {
        s = SourceState.fresh(source.id(), source.url());
      }
      out.add(new SourceStatus(source.id(), source.kind(), source.url(), s.urlToFetch(),
          stateOf(source, s), s.lastStatus(), s.lastAttempt(), s.lastSuccess(), s.lastError(),
          s.consecutiveFailures(), counts.getOrDefault(source.id(), 0L),
          source.enabled() && !s.disabled() ? s.dueWith(source.interval()) : null,
          source.title() != null ? source.title() : s.feedTitle(), s.warning()));
    }
    return out;
  }

  static State stateOf(Source source, SourceState s) {
    if (!source.enabled() || s.disabled()) {
      return State.DISABLED;
    }
    if (s.consecutiveFailures() == 0) {
      return State.OK;
    }
    // Waiting longer than the source's own interval means backoff or Retry-After is in force.
    Instant plain = s.lastAttempt() == null ? null : s.lastAttempt().plus(source.interval());
    if (s.nextDue() != null && plain != null && s.nextDue().isAfter(plain)) {
      return State.BACKING_OFF;
    }
    return State.FAILING;
  }
}

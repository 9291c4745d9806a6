package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.Source;
import java.time.Instant;

/** What the scheduler needs of polling: one poll now, and when a source is next due. */
public interface SourcePoller {
  PollOutcome poll(Source source, FeedSettings feed);

  /** The stored next-due time of {@code source}, or null when it was never polled. */
  Instant nextDue(Source source);
}

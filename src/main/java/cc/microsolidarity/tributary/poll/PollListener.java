package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.model.Source;

/**
 * Observes polls (logs, metrics, tests). Called on the polling thread: implementations must be
 * fast, thread-safe and never throw.
 */
public interface PollListener {
  PollListener NONE = new PollListener() {};

  default void pollStarted(Source source) {}

  default void pollFinished(Source source, PollOutcome outcome) {}

  /** A 301/308 moved the source; reported once, when the effective URL changes. */
  default void sourceMoved(Source source, java.net.URI from, java.net.URI to) {}

  /** Fans one event out to several listeners. */
  static PollListener all(PollListener... listeners) {
    return new PollListener() {
      @Override
      public void pollStarted(Source source) {
        for (PollListener l : listeners) l.pollStarted(source);
      }

      @Override
      public void pollFinished(Source source, PollOutcome outcome) {
        for (PollListener l : listeners) l.pollFinished(source, outcome);
      }

      @Override
      public void sourceMoved(Source source, java.net.URI from, java.net.URI to) {
        for (PollListener l : listeners) l.sourceMoved(source, from, to);
      }
    };
  }
}

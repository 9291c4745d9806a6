package cc.microsolidarity.tributary.store;

/**
 * Tells whether another process committed to the database since the last look: a daemon
 * learns of its own changes from its polls, but a {@code poll} run by hand beside it (which
 * the README says is fine) would otherwise reach its feeds only with its next change.
 */
public final class CommitsElsewhere {
  private final Database db;
  private long seen;

  public CommitsElsewhere(Database db) {
    this.db = db;
    this.seen = db.dataVersion();
  }

  /** True once for each look after which another connection has committed. */
  public synchronized boolean sinceLastLook() {
    long now = db.dataVersion();
    if (now == seen) {
      return false;
    }
    seen = now;
    return true;
  }
}

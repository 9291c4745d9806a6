package cc.microsolidarity.tributary.fetch;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One large body at a time, from its fetch to the end of its poll. With a small heap, eight
 * podcast feeds of 15 MB fetched at once held 120 MB before any was parsed, more than a
 * 96 MB daemon has: all but one failed out of memory. A body grows freely up to the
 * threshold; past it (or at once, when its declared length is past it) the polling thread
 * waits for its turn, and holds it until the poll hands the body back ({@link #release}).
 * So at most one large body and the small starts of the others are in the heap together.
 * The turn belongs to a thread: the poll that fetched the body is the one that parses it.
 */
public final class LargeBodies {
  private final long threshold;
  private final ReentrantLock turn = new ReentrantLock(true);

  /** {@code threshold}: the size, in bytes, from which a body is large. */
  public LargeBodies(long threshold) {
    this.threshold = threshold;
  }

  /** A sixty-fourth of this JVM's heap: 1.4 MB at -Xmx96m; 100 MB with a 6 GB heap. */
  public static LargeBodies forThisHeap() {
    return new LargeBodies(Runtime.getRuntime().maxMemory() / 64);
  }

  long threshold() {
    return threshold;
  }

  /** Waits for this thread's turn with a large body (at once when it has it already). */
  void acquire() {
    if (!turn.isHeldByCurrentThread()) {
      turn.lock();
    }
  }

  /** Ends this thread's turn, if it has one: its body is no longer needed. */
  public void release() {
    if (turn.isHeldByCurrentThread()) {
      turn.unlock();
    }
  }
}

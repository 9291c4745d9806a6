package cc.microsolidarity.tributary.schedule;

import java.util.List;

/**
 * What one {@link PollScheduler#reconcile} changed, by source id: sources newly polled, no longer
 * polled (removed or disabled), rescheduled (a new URL or interval) and updated (other settings,
 * used from their next poll). Lets a reload tell the operator what their edit did.
 */
public record Reconciled(List<String> added, List<String> removed, List<String> rescheduled,
    List<String> updated) {
  private static final int NAMED = 5;

  public Reconciled {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    rescheduled = List.copyOf(rescheduled);
    updated = List.copyOf(updated);
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && rescheduled.isEmpty() && updated.isEmpty();
  }

  /** e.g. "added new-one; no longer polled: old-one; rescheduled ghost (new URL or interval)". */
  public String describe() {
    if (isEmpty()) {
      return "no source added, removed or changed";
    }
    StringBuilder out = new StringBuilder();
    part(out, "added ", added, "");
    part(out, "no longer polled: ", removed, "");
    part(out, "rescheduled ", rescheduled, " (new URL or interval)");
    part(out, "updated ", updated, " (from its next poll)");
    return out.toString();
  }

  private static void part(StringBuilder out, String label, List<String> ids, String after) {
    if (ids.isEmpty()) {
      return;
    }
    out.append(out.length() == 0 ? "" : "; ").append(label);
    out.append(String.join(", ", ids.subList(0, Math.min(NAMED, ids.size()))));
    if (ids.size() > NAMED) {
      out.append(" and ").append(ids.size() - NAMED).append(" more");
    }
    out.append(after);
  }
}

package cc.microsolidarity.tributary.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The "did you mean" of a mistyped name: the known name fewest edits away, if any is close. */
public final class NearestName {
  private NearestName() {}

  /**
   * The name in {@code known} closest to {@code typed} by edit distance, when at most a third
   * of its length (and at least 2) edits away; ties go to the first in {@code known}'s order.
   */
  public static Optional<String> among(String typed, Collection<String> known) {
    return known.stream()
        .filter(k -> distance(k, typed) <= Math.max(2, typed.length() / 3))
        .min(Comparator.comparingInt(k -> distance(k, typed)));
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

package cc.microsolidarity.tributary.model;

/** A count with its noun, as an operator reads it: "1 source", "2 sources", "0 sources". */
public final class Counted {
  private Counted() {}

  /** {@code noun} takes an s for every count but one ("source", "item", "problem"). */
  public static String of(long count, String noun) {
    return count + " " + (count == 1 ? noun : noun + "s");
  }
}

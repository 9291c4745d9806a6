package cc.microsolidarity.tributary.config;

/** A 1-based line and column in a config file. */
public record Mark(int line, int column) {
  public static final Mark START = new Mark(1, 1);
}

package cc.microsolidarity.tributary.config;

/** One problem in a config file, printed as {@code FILE:LINE:COL: message}. */
public record ConfigProblem(String file, Mark mark, String message) {
  @Override
  public String toString() {
    return file + ":" + mark.line() + ":" + mark.column() + ": " + message;
  }
}

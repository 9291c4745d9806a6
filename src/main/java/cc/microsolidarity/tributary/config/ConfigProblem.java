package cc.microsolidarity.tributary.config;

/** One problem in a config file, printed as {@code FILE:LINE:COL: message}. */
public record ConfigProblem(String file, Mark mark, String message) {
  static final String FILE_NOT_FOUND = "file not found";

  /** A file that is not there (also one that went away while the daemon ran). */
  static ConfigProblem missing(String file, String where) {
    return new ConfigProblem(file, Mark.START, FILE_NOT_FOUND + where);
  }

  public boolean isMissingFile() {
    return message.startsWith(FILE_NOT_FOUND);
  }

  @Override
  public String toString() {
    return file + ":" + mark.line() + ":" + mark.column() + ": " + message;
  }
}

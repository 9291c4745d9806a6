package cc.microsolidarity.tributary.cli;

/** Process exit codes; documented in the README. */
final class ExitCodes {
  static final int OK = 0;
  static final int INVALID_CONFIG = 1;
  static final int USAGE = 2;
  static final int DATABASE = 3;
  static final int RUNTIME = 4;

  private ExitCodes() {}
}

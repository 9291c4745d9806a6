package cc.microsolidarity.tributary.cli;

/** Process exit codes; documented in the README. */
final class ExitCodes {
  static final int OK = 0;
  static final int INVALID_CONFIG = 1;
  static final int USAGE = 2;
  static final int DATABASE = 3;
  static final int RUNTIME = 4;
  /** As the JVM exits on SIGTERM (128 + 15), which a systemd unit counts as a clean stop. */
  static final int STOPPED_WHILE_STARTING = 143;

  private ExitCodes() {}
}

package cc.microsolidarity.tributary.publish;

/** The outputs cannot be built as configured; the message says what to change. */
public final class PublishException extends RuntimeException {
  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}

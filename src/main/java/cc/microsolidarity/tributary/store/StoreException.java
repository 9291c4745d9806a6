package cc.microsolidarity.tributary.store;

/** The database could not do what was asked; the message is fit for an operator. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

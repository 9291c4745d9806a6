package cc.microsolidarity.tributary.http;

/** The server could not start; the message is for operators ("port 8080 is in use"). */
public final class ServerStartException extends RuntimeException {
  public ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}

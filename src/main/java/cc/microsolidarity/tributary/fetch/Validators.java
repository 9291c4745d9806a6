package cc.microsolidarity.tributary.fetch;

/** HTTP cache validators of the last good response; either may be null. */
public record Validators(String etag, String lastModified) {
  public static final Validators NONE = new Validators(null, null);

  public boolean isEmpty() {
    return etag == null && lastModified == null;
  }
}

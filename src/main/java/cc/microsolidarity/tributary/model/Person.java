package cc.microsolidarity.tributary.model;

/** An author or owner; any part may be null. */
public record Person(String name, String email, String uri) {
  public static Person named(String name) {
    return new Person(name, null, null);
  }

  public boolean isEmpty() {
    return blank(name) && blank(email) && blank(uri);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}

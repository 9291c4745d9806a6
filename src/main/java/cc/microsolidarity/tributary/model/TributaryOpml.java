package cc.microsolidarity.tributary.model;

/**
 * The attributes Tributary adds to OPML outlines ({@code tributary:id}, {@code :kind},
 * {@code :state}, {@code :url}), so that its export imports back with nothing lost.
 */
public final class TributaryOpml {
  public static final String NAMESPACE = "tag:microsolidarity.cc,2024:tributary";

  private TributaryOpml() {}
}

package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.model.TributaryOpml;
import java.util.List;

/**
 * OPML 2.0 (http://opml.org/spec2.opml) of the configured sources, disabled ones included and
 * marked {@code tributary:state="disabled"} (passing states such as failing are left out so
 * the file, and its ETag, change only when the sources do; for the same reason there is no
 * dateCreated). {@code xmlUrl} is where the feed lives now (the effective URL); the configured
 * URL is kept in {@code tributary:url} when it differs.
 */
final class OpmlWriter {
  private final boolean withCredentials;

  /**
   * {@code withCredentials}: each URL as configured, for the operator's own export; without,
   * the published file, whose URLs leave credential parameters out ({@link PublicUrl}).
   */
  OpmlWriter(boolean withCredentials) {
    this.withCredentials = withCredentials;
  }

  byte[] write(FeedContext ctx, List<SourceStatus> sources) {
    XmlOut x = new XmlOut();
    x.open("opml").attr("version", "2.0").namespace("tributary", TributaryOpml.NAMESPACE);
    x.open("head");
    x.element("title", ctx.feed().title() + " sources");
    if (Texts.present(ctx.author().name())) {
      x.element("ownerName", ctx.author().name());
    }
    if (Texts.present(ctx.author().email())) {
      x.element("ownerEmail", ctx.author().email());
    }
    x.element("docs", "http://opml.org/spec2.opml");
    x.close();
    x.open("body");
    for (SourceStatus s : sources) {
      if (s.url() == null || s.kind() == null) {
        continue; // not a configured source: nothing a reader could subscribe to
      }
      String name = FeedContext.sourceName(s);
      String xmlUrl = withCredentials ? FeedContext.currentUrl(s) : FeedContext.sourceUrl(s);
      String configured = withCredentials ? s.url().toString() : PublicUrl.of(s.url().toString());
      x.empty("outline",
          "type", "rss",
          "text", name,
          "title", name,
          "xmlUrl", xmlUrl,
          "category", "/" + s.kind().wireName(),
          "tributary:id", s.id(),
          "tributary:kind", s.kind().wireName(),
          "tributary:state", s.state() == SourceStatus.State.DISABLED ? "disabled" : null,
          "tributary:url", configured.equals(xmlUrl) ? null : configured);
    }
    x.close();
    x.close();
    return x.finish();
  }
}

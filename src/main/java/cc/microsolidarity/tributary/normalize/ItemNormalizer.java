package cc.microsolidarity.tributary.normalize;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Person;
import java.time.Clock;

/**
 * Makes a parsed item safe and tidy for the merged feed: sanitised HTML
 * ({@link HtmlSanitizer}) of at most a megabyte ({@link HtmlSizeCap}), lists of a sane length
 * ({@link ListCaps}), a plain-text title, one made from the text when missing
 * ({@link TitleCleaner}), and no date more than a day after now ({@link DateClamp}). A
 * {@code published} or {@code updated} of null means "unknown: use the first-seen time"; the
 * store fills it in. The link is kept as is (canonical forms are {@link LinkCanonicalizer}'s
 * job), but only when it is an http(s) URL: a {@code javascript:} or {@code data:} link, image,
 * author URI or enclosure is dropped ({@link WebUrl}), so no output can hand one to a reader.
 * Thread-safe.
 */
public final class ItemNormalizer {
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();
  private final TitleCleaner titles = new TitleCleaner();
  private final DateClamp dates;

  public ItemNormalizer(Clock clock) {
    this.dates = new DateClamp(clock);
  }

  public Item normalize(Item item) {
    String summary = HtmlSizeCap.cap(sanitizer.sanitize(item.summaryHtml()));
    // Many feeds repeat the same HTML as summary and content: sanitise it once.
    String content = item.contentHtml() != null && item.contentHtml().equals(item.summaryHtml())
        ? summary : HtmlSizeCap.cap(sanitizer.sanitize(item.contentHtml()));
    return item.toBuilder()
        .title(titles.clean(item.title(), summary, content))
        .summaryHtml(summary)
        .contentHtml(content)
        .published(dates.clamp(item.published()))
        .updated(dates.clamp(item.updated()))
        .guid(item.guid() == null || item.guid().isBlank() ? null : item.guid().trim())
        .link(WebUrl.orNull(item.link()))
        .image(WebUrl.orNull(item.image()))
        .enclosures(item.enclosures().stream()
            .filter(e -> WebUrl.orNull(e.url()) != null)
            .limit(ListCaps.MAX_ENCLOSURES)
            .map(e -> new Enclosure(WebUrl.orNull(e.url()), e.type(), e.length()))
            .toList())
        .authors(ListCaps.first(item.authors(), ListCaps.MAX_AUTHORS).stream()
            .map(p -> p.uri() == null || WebUrl.orNull(p.uri()) != null ? p
                : new Person(p.name(), p.email(), null))
            .toList())
        .categories(ListCaps.categories(item.categories()))
        .build();
  }
}

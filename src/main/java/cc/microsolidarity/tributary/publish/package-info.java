/**
 * PUBLISH: turns the visible entries into the merged outputs, once per change.
 *
 * <p>{@link cc.microsolidarity.tributary.publish.Publisher#render} returns a map keyed by
 * path (see {@link cc.microsolidarity.tributary.publish.OutputPaths}):
 * <ul>
 *   <li>{@code /feed.atom}: Atom 1.0 via ROME, newest {@code maxEntries} entries, each with
 *       {@code atom:source}; older entries on RFC 5005 pages {@code /feed.atom?page=2..N},
 *       rendered eagerly (all pages), linked with absolute {@code first/last/previous/next};
 *   <li>{@code /podcast.rss}: RSS 2.0 + iTunes + Podcasting 2.0 (StAX), episodes only;
 *   <li>{@code /feed.json}: JSON Feed 1.1 (Jackson);
 *   <li>{@code /sources.opml}: OPML 2.0 (StAX), no Last-Modified;
 *   <li>{@code /}: index.html, escaped, no scripts, CSP by stylesheet hash.
 * </ul>
 *
 * <p>Absolute URLs start with the public base URL (constructor argument, else
 * {@code feed.link}). Nothing rendered reads the clock: equal input gives equal bytes, so
 * ETags survive rebuilds and restarts. Static files (the five above, not the pages) are
 * written temp-then-atomic-rename by {@code writeAll}.
 */
package cc.microsolidarity.tributary.publish;

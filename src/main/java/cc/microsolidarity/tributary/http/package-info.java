/**
 * HTTP: Jetty 12 core (no servlets) serving the published outputs from memory.
 *
 * <p>Paths: {@code /feed.atom} (with {@code ?page=N}), {@code /podcast.rss},
 * {@code /feed.json}, {@code /sources.opml}, {@code /} and {@code /index.html},
 * {@code /health}, {@code /metrics}. Anything else is 404; there is no file-system access.
 * GET and HEAD only (else 405 with {@code Allow}). A page parameter that is not a positive
 * whole number is 400, a page past the last is 404; paths Jetty finds ambiguous
 * ({@code %2e%2e}, {@code ..} above the root) are refused by Jetty itself with 400.
 * Feeds: ETag (one strong tag for the identity and gzip bodies; Vary: Accept-Encoding),
 * Last-Modified, 304 on If-None-Match (weak compare, lists, *) or, without it,
 * If-Modified-Since; precomputed gzip when accepted; CORS {@code *} on feeds, strict CSP on
 * the page; {@code nosniff} everywhere. Before the first {@code publish} feeds answer 503 with
 * Retry-After. Request headers over the limit get 431; the Server header is not sent.
 */
package cc.microsolidarity.tributary.http;

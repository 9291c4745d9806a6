package cc.microsolidarity.tributary.publish;

import java.time.Instant;

/**
 * One output built once per change: its bytes, gzip bytes, content type, ETag (a hash of the
 * content, so an unchanged feed keeps it across rebuilds) and Last-Modified.
 */
public record RenderedFeed(
    String path, byte[] body, byte[] gzipBody, String contentType, String etag,
    Instant lastModified) {}

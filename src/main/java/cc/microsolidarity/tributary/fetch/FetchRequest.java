package cc.microsolidarity.tributary.fetch;

import java.net.URI;
import java.util.Objects;

/**
 * What to fetch: the URL to ask (the source's effective URL), the validators stored from the
 * last good response, and the configured URL, whose address decides whether redirects to
 * private addresses are allowed (only when the source itself is private).
 */
public record FetchRequest(String sourceId, URI url, Validators validators, URI configuredUrl) {
  public FetchRequest {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(url, "url");
    validators = validators == null ? Validators.NONE : validators;
    configuredUrl = configuredUrl == null ? url : configuredUrl;
  }
}

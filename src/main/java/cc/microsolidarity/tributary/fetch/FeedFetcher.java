package cc.microsolidarity.tributary.fetch;

import cc.microsolidarity.tributary.fetch.FetchResult.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one feed document over HTTP and classifies the outcome once as a {@link FetchResult}.
 * Never throws.
 *
 * <p>Safe for concurrent use; one instance per process (it owns one {@link OkHttpClient}, with a
 * connection pool per host: {@link HostClients}). Politeness is enforced here, whatever the
 * callers' thread count: at most {@code maxRequestsPerHost} requests in flight per host name
 * and {@code maxConcurrency} in total.
 *
 * <p>Redirects are followed by hand, up to {@value #MAX_REDIRECTS}, so that:
 * <ul>
 *   <li>a loop or a sixth redirect fails as {@code TOO_MANY_REDIRECTS};
 *   <li>{@code permanentRedirect} is the last URL reached through permanent redirects (301/308)
 *       only, counted from the start of the chain: 301→301→302 reports the second 301's target,
 *       302→301 reports nothing (the 301 was issued by a temporary location). It is null on
 *       {@code TOO_MANY_REDIRECTS} and {@code REDIRECT_REFUSED} (never persist a bad chain);
 *   <li>no hop reaches an internal address unless the configured URL is internal
 *       ({@link AddressGuard}), else {@code REDIRECT_REFUSED}.
 * </ul>
 *
 * <p>Every {@link Response} is closed here. The body is read through OkHttp's transparent gzip
 * and capped at {@code maxBodyBytes} decompressed bytes.
 */
public final class FeedFetcher implements AutoCloseable {

  public static final int MAX_REDIRECTS = 5;

  private static final Logger log = LoggerFactory.getLogger("tributary.fetch");
  /** How long an idle connection is kept: a pass over the sources, or a first round. */
  private static final Duration IDLE_CONNECTION_KEEP = Duration.ofMinutes(1);
  private static final String ACCEPT = "application/atom+xml, application/rss+xml, "
      + "application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, "
      + "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

  private final FetchSettings settings;
  private final OkHttpClient client;
  private final HostClients hostClients;
  private final AddressGuard guard;
  private final HostPermits permits;
  private final FailureDetails failures;
  private final Clock clock;
  private final LargeBodies largeBodies = LargeBodies.forThisHeap();

  public FeedFetcher(FetchSettings settings) {
    this(settings, Dns.SYSTEM);
  }

  /** With a custom resolver (tests map made-up host names to a loopback server). */
  public FeedFetcher(FetchSettings settings, Dns dns) {
    this(settings, dns, AddressPolicy.STANDARD, Clock.systemUTC());
  }

  /**
   * @param policy which resolved addresses count as internal
   * @param clock  "now" for Retry-After / Expires when a response carries no Date header
   */
  /**
   * Loads and initialises what the first client needs, above all the platform's TLS trust
   * (the CA certificates: ~0.2 s in a fresh JVM), so a start can do it on another core while
   * it reads its configuration. Safe to call any time, any thread; keeps nothing.
   */
  public static void preload() {
    new OkHttpClient.Builder().build();
  }

  public FeedFetcher(FetchSettings settings, Dns dns, AddressPolicy policy, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.guard = new AddressGuard(Objects.requireNonNull(dns, "dns"),
        Objects.requireNonNull(policy, "policy"));
    this.permits = new HostPermits(settings.maxRequestsPerHost(), settings.maxConcurrency());
    this.failures = new FailureDetails(settings);
    String userAgent = settings.userAgent();
    this.client = new OkHttpClient.Builder()
        .dns(dns)
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        .callTimeout(settings.callTimeout())
        .followRedirects(false)
        .followSslRedirects(false)
        // One connect attempt at a time, on the calling thread: racing a second address
        // (Happy Eyeballs) opens extra connections to a host we promise two requests at most,
        // and handing each connect to another thread cost a 1,000-source warm poll a tenth of
        // its time. OkHttp remembers a route that failed and tries it last from then on.
        .fastFallback(false)
        // Only hosts past HostClients' limit use this pool: it keeps no idle connections, since
        // OkHttp searches a pool linearly on every call.
        .connectionPool(new ConnectionPool(0, IDLE_CONNECTION_KEEP.toMillis(),
            TimeUnit.MILLISECONDS))
        .addInterceptor(chain -> chain.proceed(
            chain.request().newBuilder().header("User-Agent", userAgent).build()))
        .addNetworkInterceptor(guard)
        .build();
    this.hostClients = new HostClients(client, IDLE_CONNECTION_KEEP);
  }

  /** Fetches {@code request.url()}; never throws, any unexpected failure is {@code NETWORK}. */
  public FetchResult fetch(FetchRequest request) {
    long start = System.nanoTime();
    FetchResult result;
    try {
      result = fetchChain(request, start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = failed(Reason.NETWORK, 0, "interrupted", null, start);
    } catch (RuntimeException e) {
      result = failed(Reason.NETWORK, 0,
          "unexpected error: " + FailureDetails.shortMessage(e), null, start);
    }
    if (log.isDebugEnabled()) {
      log.debug("fetch {} {} -> {}", request.sourceId(), request.url(), summary(result));
    }
    return result;
  }

  private FetchResult fetchChain(FetchRequest request, long start) throws InterruptedException {
    HttpUrl url = HttpUrl.parse(request.url().toString());
    if (url == null) {
      return failed(Reason.NETWORK, 0, "not an http(s) URL: " + request.url(), null, start);
    }
    AddressGuard.Permission permission =
        guard.permissionFor(HttpUrl.parse(request.configuredUrl().toString()));
    Set<HttpUrl> seen = new HashSet<>();
    seen.add(url);
    URI permanent = null;
    boolean permanentSoFar = true;
    for (int redirects = 0; ; redirects++) {
      Hop hop = hop(url, request.validators(), permission, permanent, start);
      if (hop.result() != null) {
        return hop.result();
      }
      if (redirects == MAX_REDIRECTS) {
        return failed(Reason.TOO_MANY_REDIRECTS, hop.status(),
            "more than " + MAX_REDIRECTS + " redirects", null, start);
      }
      if (hop.location() == null) {
        return failed(Reason.HTTP_ERROR, hop.status(),
            "HTTP " + hop.status() + " without Location", permanent, start);
      }
      HttpUrl target = url.resolve(hop.location()); // null unless http(s)
      if (target == null) {
        return failed(Reason.REDIRECT_REFUSED, hop.status(),
            "redirect to unsupported URL " + abbreviate(hop.location()), null, start);
      }
      if (!seen.add(target)) {
        return failed(Reason.TOO_MANY_REDIRECTS, hop.status(),
            "redirect loop at " + target, null, start);
      }
      boolean isPermanent = hop.status() == 301 || hop.status() == 308;
      permanentSoFar &= isPermanent;
      if (permanentSoFar) {
        permanent = target.uri();
      }
      url = target;
    }
  }

  /** One request: either a final result, or a redirect status with its Location. */
  private record Hop(FetchResult result, int status, String location) {}

  private Hop hop(HttpUrl url, Validators validators, AddressGuard.Permission permission,
      URI permanent, long start) throws InterruptedException {
    try {
      String refusal = guard.refusal(url, permission);
      if (refusal != null) {
        return new Hop(failed(Reason.REDIRECT_REFUSED, 0, refusal, null, start), 0, null);
      }
      Request httpRequest = buildRequest(url, validators, permission);
      return permits.run(url.host(), () -> exchange(httpRequest, validators, permanent, start));
    } catch (UnknownHostException e) {
      return new Hop(failed(Reason.NETWORK, 0, "unknown host " + url.host(), permanent, start),
          0, null);
    } catch (IOException e) {
      FailureDetails.Classified c = failures.classify(e, url.host());
      URI keep = c.reason() == Reason.REDIRECT_REFUSED ? null : permanent;
      return new Hop(failed(c.reason(), 0, c.detail(), keep, start), 0, null);
    }
  }

  private Request buildRequest(HttpUrl url, Validators validators,
      AddressGuard.Permission permission) {
    Request.Builder builder = new Request.Builder().url(url).get()
        .header("Accept", ACCEPT)
        .tag(AddressGuard.Permission.class, permission);
    if (validators.etag() != null) {
      builder.header("If-None-Match", validators.etag());
    }
    if (validators.lastModified() != null) {
      builder.header("If-Modified-Since", validators.lastModified());
    }
    return builder.build();
  }

  private Hop exchange(Request httpRequest, Validators old, URI permanent, long start)
      throws IOException {
    OkHttpClient hostClient = hostClients.forHost(httpRequest.url());
    try (Response response = hostClient.newCall(httpRequest).execute()) {
      int status = response.code();
      if (isRedirect(status)) {
        return new Hop(null, status, response.header("Location"));
      }
      var now = clock.instant();
      if (status == 304) {
        // RFC 9111 §4.3.4: a 304 may omit validators; the stored ones stay valid then.
        Validators kept = new Validators(
            firstNonNull(response.header("ETag"), old.etag()),
            firstNonNull(response.header("Last-Modified"), old.lastModified()));
        return new Hop(new FetchResult.NotModified(kept, permanent,
            ResponseHints.cacheHint(response.headers(), now), elapsed(start)), status, null);
      }
      if (status >= 200 && status < 300) {
        byte[] body = CappedBody.read(response.body(), settings.maxBodyBytes(), largeBodies);
        if (body == null) {
          return new Hop(failed(Reason.TOO_LARGE, status,
              "body exceeds " + FailureDetails.humanBytes(settings.maxBodyBytes()), permanent,
              start), status, null);
        }
        return new Hop(new FetchResult.Fetched(status, body, response.header("Content-Type"),
            new Validators(response.header("ETag"), response.header("Last-Modified")),
            httpRequest.url().uri(), permanent,
            ResponseHints.cacheHint(response.headers(), now), elapsed(start)), status, null);
      }
      String detail = "HTTP " + status
          + (response.message().isBlank() ? "" : " " + response.message());
      if (status == 410) {
        return new Hop(failed(Reason.GONE, status, detail, permanent, start), status, null);
      }
      if (status == 429 || status == 503) {
        return new Hop(new FetchResult.Failed(Reason.RATE_LIMITED, status, detail,
            ResponseHints.retryAfter(response.headers(), now), permanent, elapsed(start)),
            status, null);
      }
      return new Hop(failed(Reason.HTTP_ERROR, status, detail, permanent, start), status, null);
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static FetchResult.Failed failed(Reason reason, int status, String detail,
      URI permanent, long start) {
    return new FetchResult.Failed(reason, status, detail, null, permanent, elapsed(start));
  }

  private static long elapsed(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }

  private static String abbreviate(String s) {
    return s.length() > 100 ? s.substring(0, 97) + "..." : s;
  }

  private static String summary(FetchResult result) {
    if (result instanceof FetchResult.Fetched f) {
      return f.status() + " " + f.body().length + " bytes in " + f.elapsedMillis() + " ms";
    }
    if (result instanceof FetchResult.NotModified n) {
      return "304 in " + n.elapsedMillis() + " ms";
    }
    FetchResult.Failed f = (FetchResult.Failed) result;
    return f.reason() + " (" + f.detail() + ") in " + f.elapsedMillis() + " ms";
  }

  /**
   * Says this thread's poll is done with the body it fetched, which ends its turn with a large
   * one (see {@link LargeBodies}); a no-op after a small body.
   */
  public void doneWithBody() {
    largeBodies.release();
  }

  /** Releases the client's connections and threads. */
  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    hostClients.evictAll();
  }
}

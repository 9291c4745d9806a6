package cc.microsolidarity.tributary.config;

import cc.microsolidarity.tributary.config.YamlNode.ListNode;
import cc.microsolidarity.tributary.config.YamlNode.MapNode;
import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Person;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * feeds.yaml → {@link FeedsConfig}, reporting every problem at once with its line and column.
 * Stateless and thread-safe.
 */
public final class FeedsConfigLoader {
  public static final Duration MIN_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
  public static final int DEFAULT_MAX_ENTRIES = 50;

  /** What a source id may be; an imported id is kept only if it is one. */
  static final Pattern ID = Pattern.compile("[a-z0-9-]+");
  private static final Pattern HASHTAG = Pattern.compile("[\\p{L}\\p{N}_]+");
  /** A BCP 47 tag's usual shape (RSS, Atom's xml:lang and JSON Feed all take one). */
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Set<String> TOP = Set.of("feed", "defaults", "sources");
  private static final Set<String> FEED = Set.of("title", "subtitle", "id", "link", "hashtag",
      "author", "image", "language", "max_entries");
  private static final Set<String> AUTHOR = Set.of("name", "email", "uri");
  private static final Set<String> DEFAULTS = Set.of("interval");
  private static final Set<String> SOURCE = Set.of("id", "kind", "url", "interval", "title",
      "include", "exclude", "enabled");

  private final YamlReader yaml = new YamlReader();

  public FeedsConfig load(Path path) throws ConfigException {
    String file = path.toString();
    List<ConfigProblem> problems = new ArrayList<>();
    Optional<String> text = ConfigText.read(path, file, problems);
    FeedsConfig config = text.map(t -> parse(file, t, problems)).orElse(null);
    if (!problems.isEmpty() || config == null) {
      throw new ConfigException(sorted(problems));
    }
    return config;
  }

  /** Parses {@code text} as if read from {@code file}. */
  public FeedsConfig parse(String file, String text) throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();
    FeedsConfig config = parse(file, text, problems);
    if (!problems.isEmpty() || config == null) {
      throw new ConfigException(sorted(problems));
    }
    return config;
  }

  private FeedsConfig parse(String file, String text, List<ConfigProblem> problems) {
    YamlNode root = yaml.read(file, text, problems);
    if (root == null) {
      return null;
    }
    if (!(root instanceof MapNode rootMap)) {
      problems.add(new ConfigProblem(file, root.mark(),
          "feeds.yaml must be a map with 'feed' and 'sources', not " + root.typeName()));
      return null;
    }
    MapReader top = new MapReader(file, rootMap, "the top level", problems).allowOnly(TOP);

    FeedSettings feed = top.map("feed", "'feed'").map(this::feed).orElse(null);
    if (top.field("feed").isEmpty()) {
      top.report(top.mark(), "missing required key 'feed' (the merged feed's title, id and link)");
    }
    Duration defaultInterval = top.map("defaults", "'defaults'")
        .flatMap(d -> d.allowOnly(DEFAULTS).duration("interval", MIN_INTERVAL))
        .orElse(DEFAULT_INTERVAL);
    String hashtag = feed == null ? null : feed.hashtag();

    List<Source> sources = new ArrayList<>();
    Optional<ListNode> list = top.list("sources");
    if (top.field("sources").isEmpty()) {
      top.report(top.mark(), "missing required key 'sources' (the list of feeds to poll)");
    }
    Map<String, Mark> seenIds = new HashMap<>();
    list.ifPresent(l -> {
      for (YamlNode node : l.items()) {
        if (!(node instanceof MapNode m)) {
          problems.add(new ConfigProblem(file, node.mark(),
              "each source must be a map with id and url, not " + node.typeName()));
          continue;
        }
        source(new MapReader(file, m, "a source", problems), defaultInterval, hashtag,
            feed != null, seenIds).ifPresent(sources::add);
      }
    });
    if (feed == null || !problems.isEmpty()) {
      return null;
    }
    return new FeedsConfig(feed, sources);
  }

  private FeedSettings feed(MapReader r) {
    r.allowOnly(FEED);
    Optional<String> title = r.requiredString("title");
    Optional<String> id = r.requiredString("id");
    Optional<String> id2 = id.filter(v -> {
      if (!v.contains(":")) {
        r.report(r.markOf("id"), "'id' must be a URI that never changes, e.g. "
            + "tag:example.org,2024:merged, not '" + v + "'");
        return false;
      }
      return true;
    });
    Optional<URI> link = r.requiredString("link").flatMap(v -> r.httpUrl("link", v));
    String subtitle = r.string("subtitle").orElse(null);
    String hashtag = r.string("hashtag").map(h -> h.strip().replaceFirst("^#", ""))
        .filter(h -> {
          if (!HASHTAG.matcher(h).matches()) {
            r.report(r.markOf("hashtag"), "'hashtag' must be letters, digits or _ only, not '"
                + h + "'");
            return false;
          }
          return true;
        }).orElse(null);
    Person author = r.map("author", "'feed.author'").map(a -> {
      a.allowOnly(AUTHOR);
      // Podcast directories reject a feed whose owner address is not one.
      String email = a.shaped("email", EMAIL, "an email address").orElse(null);
      return new Person(a.string("name").orElse(null), email, a.string("uri").orElse(null));
    }).orElse(null);
    String image = r.string("image").flatMap(v -> r.httpUrl("image", v)).map(URI::toString)
        .orElse(null);
    String language = r.shaped("language", LANGUAGE, "a language tag such as en or pt-BR")
        .orElse(null);
    int maxEntries = r.integer("max_entries", 1, 10_000).orElse(DEFAULT_MAX_ENTRIES);
    if (title.isEmpty() || id2.isEmpty() || link.isEmpty()) {
      return null;
    }
    return new FeedSettings(title.get(), subtitle, id2.get(), link.get().toString(), hashtag,
        author, image, language, maxEntries);
  }

  private Optional<Source> source(MapReader r, Duration defaultInterval, String hashtag,
      boolean feedPresent, Map<String, Mark> seenIds) {
    r.allowOnly(SOURCE);
    Optional<String> id = r.requiredString("id").filter(v -> {
      if (!ID.matcher(v).matches()) {
        r.report(r.markOf("id"), "source id '" + v
            + "' may contain only a-z, 0-9 and '-' (it keys the database)");
        return false;
      }
      Mark first = seenIds.putIfAbsent(v, r.markOf("id"));
      if (first != null) {
        r.report(r.markOf("id"), "duplicate source id '" + v + "' (first used at line "
            + first.line() + ")");
        return false;
      }
      return true;
    });
    SourceKind kind = r.string("kind").map(k -> {
      Optional<SourceKind> known = SourceKind.fromWireName(k);
      if (known.isPresent()) {
        return known.get();
      }
      Set<String> kinds = Arrays.stream(SourceKind.values()).map(SourceKind::wireName)
          .collect(Collectors.toCollection(LinkedHashSet::new));
      String hint = NearestName.among(k.strip().toLowerCase(Locale.ROOT), kinds)
          .map(near -> "did you mean '" + near + "'? ").orElse("");
      r.report(r.markOf("kind"), "unknown kind '" + k + "' (" + hint + "one of "
          + String.join(", ", kinds) + ")");
      return null;
    }).orElse(SourceKind.BLOG);
    Optional<URI> url = r.requiredString("url").flatMap(raw -> {
      if (raw.contains("{hashtag}") && hashtag == null) {
        if (feedPresent) {
          r.report(r.markOf("url"), "'url' uses {hashtag} but feed.hashtag is not set");
        }
        return Optional.empty();
      }
      String expanded = hashtag == null ? raw : raw.replace("{hashtag}", hashtag);
      return r.httpUrl("url", expanded);
    });
    if (kind == SourceKind.SEARCH && hashtag == null && feedPresent) {
      r.report(r.field("kind").map(f -> f.value().mark()).orElse(r.mark()),
          "a search source needs feed.hashtag: its items are kept only when they carry it");
    }
    Duration interval = r.duration("interval", MIN_INTERVAL).orElse(defaultInterval);
    String title = r.string("title").orElse(null);
    List<String> include = r.stringList("include");
    List<String> exclude = r.stringList("exclude");
    boolean enabled = r.bool("enabled").orElse(true);
    if (id.isEmpty() || url.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Source(id.get(), kind, url.get(), interval, title, include, exclude,
        enabled));
  }

  static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
    List<ConfigProblem> copy = new ArrayList<>(problems);
    copy.sort((a, b) -> a.mark().line() != b.mark().line()
        ? Integer.compare(a.mark().line(), b.mark().line())
        : Integer.compare(a.mark().column(), b.mark().column()));
    return copy;
  }
}

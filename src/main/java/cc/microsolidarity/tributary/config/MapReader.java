package cc.microsolidarity.tributary.config;

import cc.microsolidarity.tributary.config.YamlNode.Field;
import cc.microsolidarity.tributary.config.YamlNode.ListNode;
import cc.microsolidarity.tributary.config.YamlNode.MapNode;
import cc.microsolidarity.tributary.config.YamlNode.NullNode;
import cc.microsolidarity.tributary.config.YamlNode.ScalarNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, position-aware reads of one YAML map. Every problem is recorded (never thrown) so a
 * file's errors are all reported at once; a getter whose value is bad returns empty.
 */
final class MapReader {
  private final String file;
  private final MapNode map;
  private final String where;
  private final List<ConfigProblem> problems;

  MapReader(String file, MapNode map, String where, List<ConfigProblem> problems) {
    this.file = file;
    this.map = map;
    this.where = where;
    this.problems = problems;
  }

  /** Reports keys outside {@code known}, suggesting the closest known one. */
  MapReader allowOnly(Set<String> known) {
    for (Field f : map.fields().values()) {
      if (!known.contains(f.key())) {
        String hint = NearestName.among(f.key(), known)
            .map(k -> " (did you mean '" + k + "'?)").orElse("");
        problems.add(problem(f.keyMark(), "unknown key '" + f.key() + "' in " + where + hint));
      }
    }
    return this;
  }

  Mark mark() {
    return map.mark();
  }

  Optional<Field> field(String key) {
    Field f = map.fields().get(key);
    if (f == null || f.value() instanceof NullNode) {
      return Optional.empty();
    }
    return Optional.of(f);
  }

  Mark markOf(String key) {
    Field f = map.fields().get(key);
    return f == null ? map.mark() : f.value().mark();
  }

  Optional<String> string(String key) {
    return field(key).flatMap(f -> {
      if (f.value() instanceof ScalarNode s) {
        return Optional.of(s.text());
      }
      problems.add(problem(f.value().mark(),
          "'" + key + "' must be text, not " + f.value().typeName()));
      return Optional.empty();
    });
  }

  Optional<String> requiredString(String key) {
    if (field(key).isEmpty()) {
      problems.add(problem(map.mark(), "missing required key '" + key + "' in " + where));
      return Optional.empty();
    }
    Optional<String> s = string(key);
    if (s.isPresent() && s.get().isBlank()) {
      problems.add(problem(markOf(key), "'" + key + "' must not be empty"));
      return Optional.empty();
    }
    return s;
  }

  Optional<Boolean> bool(String key) {
    return string(key).flatMap(s -> {
      String v = s.toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("yes") || v.equals("on")) {
        return Optional.of(true);
      }
      if (v.equals("false") || v.equals("no") || v.equals("off")) {
        return Optional.of(false);
      }
      problems.add(problem(markOf(key), "'" + key + "' must be true or false, not '" + s + "'"));
      return Optional.empty();
    });
  }

  Optional<Integer> integer(String key, int min, int max) {
    return string(key).flatMap(s -> {
      try {
        int n = Integer.parseInt(s.strip());
        if (n < min || n > max) {
          problems.add(problem(markOf(key),
              "'" + key + "' must be between " + min + " and " + max + ", not " + n));
          return Optional.empty();
        }
        return Optional.of(n);
      } catch (NumberFormatException e) {
        problems.add(problem(markOf(key), "'" + key + "' must be a whole number, not '" + s + "'"));
        return Optional.empty();
      }
    });
  }

  /**
   * The value of {@code key} when it has the given shape; one that has not is reported as
   * "'key' must be {@code what}, not '…'". A blank value counts as absent.
   */
  Optional<String> shaped(String key, Pattern shape, String what) {
    return string(key).filter(v -> !v.isBlank()).filter(v -> {
      if (!shape.matcher(v).matches()) {
        problems.add(problem(markOf(key), "'" + key + "' must be " + what + ", not '" + v + "'"));
        return false;
      }
      return true;
    });
  }

  Optional<Duration> duration(String key, Duration minimum) {
    return string(key).flatMap(s -> {
      Optional<Duration> d = Durations.parse(s);
      if (d.isEmpty()) {
        String what = s.strip().matches("\\d+") ? "' of '" + s + "' has no unit"
            : "' is not a duration: '" + s + "'";
        problems.add(problem(markOf(key), "'" + key + what
            + " (a number with s, m, h or d, e.g. 30s, 6h, 1h30m)"));
        return Optional.empty();
      }
      if (d.get().compareTo(minimum) < 0) {
        problems.add(problem(markOf(key), "'" + key + "' of " + s + " is under the minimum of "
            + Durations.format(minimum)));
        return Optional.empty();
      }
      return d;
    });
  }

  /**
   * An absolute http(s) URL (after {@code expand}); reports and returns empty otherwise. A host
   * in another script (bücher.example) is taken in its ASCII form (xn--bcher-kva.example), as
   * a browser sends it. A user name or password is refused: the URL is published (sources.opml,
   * feed.atom), and Tributary does not log in to feeds.
   */
  Optional<URI> httpUrl(String key, String text) {
    Mark at = markOf(key);
    String ascii;
    try {
      ascii = HostNames.toAscii(text.strip());
    } catch (IllegalArgumentException e) {
      problems.add(problem(at, "'" + key + "' has a host that is not a valid domain name: '"
          + text + "'"));
      return Optional.empty();
    }
    try {
      URI uri = new URI(ascii);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
        problems.add(problem(at, "'" + key + "' must be an absolute http(s) URL, not '" + text + "'"));
        return Optional.empty();
      }
      if (uri.getRawUserInfo() != null) {
        // The message leaves the URL out: it holds a password.
        problems.add(problem(at, "'" + key + "' holds a user name or password (before the @):"
            + " it would be published with the URL, and Tributary does not log in to feeds"));
        return Optional.empty();
      }
      if (uri.getHost() == null || uri.getHost().isBlank()) {
        problems.add(problem(at, "'" + key + "' has no host: '" + text + "'"));
        return Optional.empty();
      }
      if (uri.getPort() == 0 || uri.getPort() > 65_535) {
        problems.add(problem(at, "'" + key + "' has port " + uri.getPort()
            + ", but a port is 1 to 65535: '" + text + "'"));
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      String hint = text.strip().contains(" ") ? " (write a space as %20)" : "";
      problems.add(problem(at, "'" + key + "' is not a valid URL: " + e.getReason()
          + " in '" + text + "'" + hint));
      return Optional.empty();
    }
  }

  Optional<MapReader> map(String key, String childWhere) {
    return field(key).flatMap(f -> {
      if (f.value() instanceof MapNode m) {
        return Optional.of(new MapReader(file, m, childWhere, problems));
      }
      problems.add(problem(f.value().mark(), "'" + key + "' must be a map, not "
          + f.value().typeName()));
      return Optional.empty();
    });
  }

  Optional<ListNode> list(String key) {
    return field(key).flatMap(f -> {
      if (f.value() instanceof ListNode l) {
        return Optional.of(l);
      }
      problems.add(problem(f.value().mark(), "'" + key + "' must be a list, not "
          + f.value().typeName()));
      return Optional.empty();
    });
  }

  List<String> stringList(String key) {
    List<String> out = new ArrayList<>();
    list(key).ifPresent(l -> {
      for (YamlNode n : l.items()) {
        if (n instanceof ScalarNode s && !s.text().isBlank()) {
          out.add(s.text());
        } else {
          problems.add(problem(n.mark(), "'" + key + "' entries must be non-empty text"));
        }
      }
    });
    return out;
  }

  ConfigProblem problem(Mark at, String message) {
    return new ConfigProblem(file, at, message);
  }

  void report(Mark at, String message) {
    problems.add(problem(at, message));
  }
}

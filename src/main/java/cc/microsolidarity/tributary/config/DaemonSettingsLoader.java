package cc.microsolidarity.tributary.config;

import cc.microsolidarity.tributary.config.YamlNode.MapNode;
import cc.microsolidarity.tributary.config.YamlNode.NullNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * config/tributary.yaml → {@link DaemonSettings}. Every key is optional; an absent file means
 * the defaults when {@code required} is false (the default path), an error otherwise.
 */
public final class DaemonSettingsLoader {
  private static final Set<String> TOP = Set.of("database", "out", "http", "fetch", "schedule");
  private static final Set<String> SCHEDULE = Set.of("first_round");
  private static final Set<String> HTTP = Set.of("host", "port");
  private static final Set<String> FETCH = Set.of("concurrency", "per_host", "connect_timeout",
      "read_timeout", "call_timeout", "max_body_mib", "contact");

  private final YamlReader yaml = new YamlReader();

  public DaemonSettings load(Path path, boolean required) throws ConfigException {
    if (!required && !Files.exists(path)) {
      return DaemonSettings.defaults();
    }
    String file = path.toString();
    List<ConfigProblem> problems = new ArrayList<>();
    DaemonSettings settings = ConfigText.read(path, file, problems)
        .map(text -> parse(file, text, problems)).orElse(null);
    if (!problems.isEmpty() || settings == null) {
      throw new ConfigException(FeedsConfigLoader.sorted(problems));
    }
    return settings;
  }

  private DaemonSettings parse(String file, String text, List<ConfigProblem> problems) {
    YamlNode root = yaml.read(file, text, problems);
    DaemonSettings d = DaemonSettings.defaults();
    if (root == null) {
      return null;
    }
    if (root instanceof NullNode) {
      return d;
    }
    if (!(root instanceof MapNode map)) {
      problems.add(new ConfigProblem(file, root.mark(), "tributary.yaml must be a map, not "
          + root.typeName()));
      return null;
    }
    MapReader top = new MapReader(file, map, "the top level", problems).allowOnly(TOP);
    Path database = top.string("database").map(Path::of).orElse(d.database());
    Path out = top.string("out").map(Path::of).orElse(d.outDir());
    Optional<MapReader> http = top.map("http", "'http'").map(h -> h.allowOnly(HTTP));
    String host = http.flatMap(h -> h.string("host")).orElse(d.httpHost());
    int port = http.flatMap(h -> h.integer("port", 0, 65535)).orElse(d.httpPort());
    Optional<MapReader> fetch = top.map("fetch", "'fetch'").map(f -> f.allowOnly(FETCH));
    Duration second = Duration.ofSeconds(1);
    int concurrency = fetch.flatMap(f -> f.integer("concurrency", 1, 256))
        .orElse(d.concurrency());
    int perHost = fetch.flatMap(f -> f.integer("per_host", 1, 16)).orElse(d.perHost());
    Duration connect = fetch.flatMap(f -> f.duration("connect_timeout", second))
        .orElse(d.connectTimeout());
    Duration read = fetch.flatMap(f -> f.duration("read_timeout", second))
        .orElse(d.readTimeout());
    Duration call = fetch.flatMap(f -> f.duration("call_timeout", second))
        .orElse(d.callTimeout());
    long maxBody = fetch.flatMap(f -> f.integer("max_body_mib", 1, 1024))
        .map(mib -> mib * 1024L * 1024L).orElse(d.maxBodyBytes());
    String contact = fetch.flatMap(f -> f.string("contact")).orElse(null);
    Duration firstRound = top.map("schedule", "'schedule'").map(sc -> sc.allowOnly(SCHEDULE))
        .flatMap(sc -> sc.duration("first_round", Duration.ZERO)).orElse(d.firstRound());
    return new DaemonSettings(database, out, host, port, concurrency, perHost, connect, read,
        call, maxBody, contact, firstRound);
  }
}

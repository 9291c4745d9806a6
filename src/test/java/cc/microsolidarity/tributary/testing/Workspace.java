package cc.microsolidarity.tributary.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/** A daemon's folder: feeds.yaml, config/tributary.yaml, data/ and public/. */
public final class Workspace {
  private final Path dir;

  public Workspace(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path db() {
    return dir.resolve("data/t.db");
  }

  /** config/tributary.yaml: loopback only, first polls at once, plus {@code extraYaml}. */
  public Workspace settings(String extraYaml) throws IOException {
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/tributary.yaml"), """
        database: data/t.db
        out: public
        http: { host: 127.0.0.1 }
        schedule: { first_round: 0s }
        """ + extraYaml);
    return this;
  }

  /** feeds.yaml with one source per (id, url) pair, written by rename as editors do. */
  public Workspace feeds(Map<String, String> sources, int maxEntries) throws IOException {
    StringBuilder b = new StringBuilder("""
        feed:
          title: "Survival"
          id: "tag:survival.example,2026:merged"
          link: "https://survival.example"
          hashtag: survival
          author: { name: "Crew", email: "crew@example.org" }
          max_entries: %d
        defaults:
          interval: 5m
        sources:
        """.formatted(maxEntries));
    sources.forEach((id, url) -> b.append("  - id: ").append(id).append("\n    url: \"")
        .append(url).append("\"\n"));
    return writeFeeds(b.toString());
  }

  public Workspace writeFeeds(String yaml) throws IOException {
    Path tmp = dir.resolve(".feeds.yaml.tmp");
    Files.writeString(tmp, yaml);
    Files.move(tmp, dir.resolve("feeds.yaml"), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return this;
  }

  /** Source ids s0..s{n-1} on the farm's generated paths, in order. */
  public static Map<String, String> farmSources(SyntheticFarm farm, int n) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("s" + i, farm.sourceUrl(i));
    }
    return m;
  }

  public static List<String> ids(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "s" + i).toList();
  }
}

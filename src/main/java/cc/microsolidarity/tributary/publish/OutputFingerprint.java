package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.SourceStatus;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A digest of everything the outputs are made of: equal fingerprints give byte-equal outputs,
 * so a writer that finds the fingerprint of what it wrote last may skip rendering.
 *
 * <p>Covered: the code that renders (the jar's size and modification time, so a rebuilt jar
 * renders afresh even under the same version), the public base URL, every feed setting (via
 * the record's text, so a field added later is covered too), the entry limit, what the
 * writers show of each source in order (id, kind, configured and effective URL, title,
 * disabled or not: a writer that starts showing another field must add it to
 * {@link #source}), and the store's entry change token. Nothing rendered reads the clock.
 */
final class OutputFingerprint {
  private final MessageDigest sha;

  private OutputFingerprint() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  static String of(String baseUrl, FeedSettings feed, int entryLimit,
      List<SourceStatus> sources, long entryToken) {
    OutputFingerprint f = new OutputFingerprint();
    f.add("tributary-outputs/1").add(CODE).add(baseUrl).add(feed.toString())
        .add(Integer.toString(entryLimit)).add(Long.toString(entryToken))
        .add(Integer.toString(sources.size()));
    for (SourceStatus s : sources) {
      source(f, s);
    }
    return HexFormat.of().formatHex(f.sha.digest());
  }

  /** The fields of a source that {@link FeedContext} and the writers read. */
  private static void source(OutputFingerprint f, SourceStatus s) {
    f.add(s.id()).add(s.kind() == null ? null : s.kind().name())
        .add(s.url() == null ? null : s.url().toString())
        .add(s.effectiveUrl() == null ? null : s.effectiveUrl().toString())
        .add(s.title())
        .add(s.state() == SourceStatus.State.DISABLED ? "disabled" : "enabled");
  }

  // Length-prefixed, so no two different inputs run together into the same bytes.
  private OutputFingerprint add(String value) {
    if (value == null) {
      sha.update((byte) 0);
      return this;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    sha.update((byte) 1);
    sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) ':');
    sha.update(bytes);
    return this;
  }

  /** Which build renders: read once per process (a running JVM's code never changes). */
  private static final String CODE = codeIdentity();

  private static String codeIdentity() {
    try {
      CodeSource source = OutputFingerprint.class.getProtectionDomain().getCodeSource();
      URL location = source == null ? null : source.getLocation();
      if (location == null) {
        return unknown();
      }
      Path path = Path.of(location.toURI());
      if (Files.isRegularFile(path)) {
        return path + " " + Files.size(path) + " " + Files.getLastModifiedTime(path);
      }
      // Classes in a folder (tests, IDE): the newest class file of this package stands for
      // the build; an incremental compile rewrites the classes it changed.
      Path here = path.resolve(OutputFingerprint.class.getPackageName().replace('.', '/'));
      try (Stream<Path> files = Files.list(here)) {
        long newest = files.mapToLong(p -> {
          try {
            return Files.getLastModifiedTime(p).toMillis();
          } catch (IOException e) {
            return Long.MAX_VALUE;
          }
        }).max().orElse(0);
        return path + " " + newest;
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return unknown();
    }
  }

  // Unknown code: a fresh token per process, so every run renders (correct, just slower).
  private static String unknown() {
    return "unknown " + java.util.UUID.randomUUID();
  }
}

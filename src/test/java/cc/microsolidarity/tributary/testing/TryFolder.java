package cc.microsolidarity.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A folder for one try of a jqwik property, removed with everything in it on close. jqwik runs
 * each try without JUnit's {@code @TempDir}.
 */
public final class TryFolder implements AutoCloseable {
  private final Path dir;

  private TryFolder(Path dir) {
    this.dir = dir;
  }

  public static TryFolder create(String prefix) throws IOException {
    return new TryFolder(Files.createTempDirectory(prefix));
  }

  public Path resolve(String name) {
    return dir.resolve(name);
  }

  @Override
  public void close() {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

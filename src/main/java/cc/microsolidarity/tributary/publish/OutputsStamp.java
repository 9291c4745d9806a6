package cc.microsolidarity.tributary.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The small file {@code .tributary-outputs} left in the output folder after the static
 * outputs were all written: the {@link OutputFingerprint} they were rendered from, and each
 * file's size and modification time as it was then. While the fingerprint is unchanged and
 * every file is still there as it was written, rendering again would write the same bytes.
 *
 * <p>Written atomically (temp file, fsync, rename) and only after every output is in place;
 * removed before outputs are rewritten, so a run killed in between leaves no stamp and the
 * next run renders. Anything unreadable or unexpected counts as "not current".
 */
final class OutputsStamp {
  static final String FILE_NAME = ".tributary-outputs";
  private static final String HEADER = "tributary-outputs 1";

  private OutputsStamp() {}

  /** True when the stamp names {@code fingerprint} and every static file is as stamped. */
  static boolean isCurrent(Path outDir, String fingerprint) {
    try {
      List<String> lines = Files.readAllLines(outDir.resolve(FILE_NAME), StandardCharsets.UTF_8);
      return lines.equals(contents(outDir, fingerprint));
    } catch (IOException | RuntimeException e) {
      return false; // absent, unreadable, or a file gone: render
    }
  }

  /** Records that the static outputs in {@code outDir} were rendered from {@code fingerprint}. */
  static void record(Path outDir, String fingerprint) throws IOException {
    String text = String.join("\n", contents(outDir, fingerprint)) + "\n";
    StaticFiles.write(outDir.resolve(FILE_NAME), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Forgets the stamp: the outputs are about to change. */
  static void clear(Path outDir) throws IOException {
    Files.deleteIfExists(outDir.resolve(FILE_NAME));
  }

  private static List<String> contents(Path outDir, String fingerprint) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    lines.add("fingerprint " + fingerprint);
    for (String path : OutputPaths.STATIC) {
      String name = OutputPaths.fileName(path).orElseThrow();
      Path file = outDir.resolve(name);
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      // Full-precision time: a file replaced within the same second still differs.
      lines.add(name + " " + a.size() + " " + a.lastModifiedTime());
    }
    return lines;
  }
}

package cc.microsolidarity.tributary.publish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Writes outputs as files: temp file in the target folder, fsync, then atomic rename; an
 * output whose bytes this instance already wrote to that file is not written again. Reads
 * them back at start, so a restarted daemon serves its last feeds at once.
 */
final class StaticFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /** What this instance last wrote to each file (a rebuild often changes one file). */
  private final Map<Path, byte[]> written = new java.util.concurrent.ConcurrentHashMap<>();

  /** Writes each output that has a file name ({@link OutputPaths#fileName}): path → bytes. */
  void writeAll(Path outDir, Map<String, byte[]> outputs) throws IOException {
    Files.createDirectories(outDir);
    for (Map.Entry<String, byte[]> output : outputs.entrySet()) {
      Optional<String> name = OutputPaths.fileName(output.getKey());
      if (name.isPresent()) {
        Path target = outDir.resolve(name.get()).toAbsolutePath();
        byte[] before = written.get(target);
        if (before != null && Arrays.equals(before, output.getValue()) && Files.exists(target)) {
          continue;
        }
        write(target, output.getValue());
        written.put(target, output.getValue());
      }
    }
  }

  /** The outputs a previous run left in {@code outDir}, keyed by path; absent files skipped. */
  static Map<String, RenderedFeed> readAll(Path outDir) {
    Map<String, RenderedFeed> out = new java.util.HashMap<>();
    for (String path : OutputPaths.STATIC) {
      Path file = outDir.resolve(OutputPaths.fileName(path).orElseThrow());
      try {
        byte[] body = Files.readAllBytes(file);
        java.time.Instant modified = Files.getLastModifiedTime(file).toInstant()
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        out.put(path, RenderedFeed.of(path, body, OutputPaths.contentType(path),
            OutputPaths.OPML.equals(path) ? null : modified));
      } catch (IOException e) {
        // absent or unreadable: the first rebuild makes it
      }
    }
    return out;
  }

  static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (POSIX) {
        // createTempFile makes the file owner-only; a web server serving the folder must read it.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}

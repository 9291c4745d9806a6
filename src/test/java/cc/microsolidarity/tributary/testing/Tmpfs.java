package cc.microsolidarity.tributary.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a folder, for staging a full or read-only disk. A test that
 * cannot mount (no permission) is skipped, not failed. Closing unmounts it.
 */
public final class Tmpfs implements AutoCloseable {
  private final Path path;

  private Tmpfs(Path path) {
    this.path = path;
  }

  /** Mounts a tmpfs of {@code size} (e.g. "2m") on {@code dir}, creating the folder. */
  public static Tmpfs mount(Path dir, String size) throws Exception {
    return mount(dir, size, "");
  }

  /** As {@link #mount(Path, String)}, with more mount options (e.g. "noexec"). */
  public static Tmpfs mount(Path dir, String size, String options) throws Exception {
    Files.createDirectories(dir);
    String all = "size=" + size + (options.isEmpty() ? "" : "," + options);
    Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", all, "tmpfs",
        dir.toString()) == 0, "needs permission to mount a tmpfs");
    return new Tmpfs(dir);
  }

  public Path path() {
    return path;
  }

  /** Writes a file until the file system says no; delete it to give the space back. */
  public Path fillUp() throws IOException {
    Path filler = path.resolve("filler");
    byte[] block = new byte[16 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException expected) {
      // No space left on device.
    }
    return filler;
  }

  public void remountReadOnly() throws Exception {
    if (run("mount", "-o", "remount,ro", path.toString()) != 0) {
      throw new IllegalStateException("cannot remount " + path + " read-only");
    }
  }

  @Override
  public void close() throws Exception {
    if (run("umount", "-l", path.toString()) != 0) {
      throw new IllegalStateException("cannot unmount " + path);
    }
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}

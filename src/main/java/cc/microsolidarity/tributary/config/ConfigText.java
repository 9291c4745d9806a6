package cc.microsolidarity.tributary.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a config file as UTF-8 text, refusing what is plainly not a config file (too big,
 * binary, not UTF-8) with one positioned problem instead of feeding it to the YAML parser.
 */
final class ConfigText {
  static final long MAX_BYTES = 4L * 1024 * 1024;

  private ConfigText() {}

  /** At most one byte past the cap, so that an endless stream is read no further. */
  private static byte[] upToTheCap(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return in.readNBytes((int) MAX_BYTES + 1);
    }
  }

  static Optional<String> read(Path path, String file, List<ConfigProblem> problems) {
    if (Files.isDirectory(path)) {
      problems.add(new ConfigProblem(file, Mark.START, "is a folder, not a file"));
      return Optional.empty();
    }
    try {
      long size = Files.size(path);
      byte[] bytes = size > MAX_BYTES ? null : upToTheCap(path);
      if (bytes == null || bytes.length > MAX_BYTES) {
        // A pipe or a device says 0 and may never end (--feeds /dev/zero took the whole heap);
        // a file may grow after its size was read.
        String what = bytes == null ? size / (1024 * 1024) + " MiB"
            : "over " + MAX_BYTES / (1024 * 1024) + " MiB";
        problems.add(new ConfigProblem(file, Mark.START, "file is " + what
            + "; a config file may be at most " + MAX_BYTES / (1024 * 1024) + " MiB"));
        return Optional.empty();
      }
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == 0) {
          problems.add(new ConfigProblem(file, positionOf(bytes, i),
              "binary data (NUL byte): this is not a YAML text file"));
          return Optional.empty();
        }
      }
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (NoSuchFileException e) {
      // A relative path is read from the working folder, which is worth naming: the usual
      // first-run mistake is a command started somewhere else.
      problems.add(ConfigProblem.missing(file,
          path.isAbsolute() ? "" : " in " + Path.of("").toAbsolutePath()));
    } catch (CharacterCodingException e) {
      problems.add(new ConfigProblem(file, Mark.START, "not UTF-8 text"));
    } catch (IOException e) {
      problems.add(new ConfigProblem(file, Mark.START, "cannot read: " + e.getMessage()));
    }
    return Optional.empty();
  }

  private static Mark positionOf(byte[] bytes, int index) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < index; i++) {
      if (bytes[i] == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new Mark(line, col);
  }
}

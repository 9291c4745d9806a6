package cc.microsolidarity.tributary.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a config file holds; equal stamps mean nothing to reload (a save without changes is not
 * a change). A file too big to read is compared by size and mtime and refused by its loader.
 */
record FileStamp(boolean exists, long size, FileTime modified, byte[] content) {
  private static final FileStamp ABSENT = new FileStamp(false, -1, null, null);

  static FileStamp of(Path p) {
    try {
      if (!Files.exists(p)) {
        return ABSENT;
      }
      long size = Files.size(p);
      byte[] content = size <= ConfigText.MAX_BYTES ? Files.readAllBytes(p) : null;
      return new FileStamp(true, size, Files.getLastModifiedTime(p), content);
    } catch (IOException e) {
      return ABSENT;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FileStamp s) || exists != s.exists || size != s.size) {
      return false;
    }
    return content != null && s.content != null ? Arrays.equals(content, s.content)
        : Objects.equals(modified, s.modified);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size);
  }
}

package cc.microsolidarity.tributary.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** File errors in an operator's words: the JDK names only the path for the commonest ones. */
final class IoErrors {
  private IoErrors() {}

  static String describe(IOException e) {
    if (!(e instanceof FileSystemException f) || f.getReason() != null || f.getFile() == null) {
      return String.valueOf(e.getMessage());
    }
    String why;
    if (f instanceof NoSuchFileException) {
      why = "no such file or folder";
    } else if (f instanceof AccessDeniedException) {
      why = "permission denied";
    } else if (f instanceof NotDirectoryException) {
      why = "not a folder";
    } else if (f instanceof FileAlreadyExistsException) {
      // Every move here replaces, so this comes from creating a folder where a file is.
      why = "exists and is not a folder";
    } else {
      return f.getMessage();
    }
    return f.getFile() + ": " + why;
  }
}

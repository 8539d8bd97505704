package io.repro4j.runtime;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * Says in words why a file operation failed. Java's file exceptions often carry only a path as
 * their message ({@code AccessDeniedException: /x}), which tells a user nothing. Internal to
 * Repro4j's runtime.
 */
public final class IoFailures {
  private IoFailures() {}

  /** A reason and the file, e.g. {@code permission denied: /srv/mlruns}. */
  public static String describe(IOException e) {
    String file = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : null;
    String reason;
    if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof NoSuchFileException) {
      reason = "no such file or directory";
    } else if (e instanceof NotDirectoryException) {
      reason = "not a directory";
    } else if (e instanceof FileAlreadyExistsException) {
      reason = "already exists";
    } else if (e instanceof DirectoryNotEmptyException) {
      reason = "directory not empty";
    } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
      reason = fs.getReason(); // e.g. "No space left on device", "Read-only file system"
    } else {
      String message = e.getMessage();
      reason = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
    return file == null || reason.contains(file) ? reason : reason + ": " + file;
  }

  /** {@link #describe} for the file-system errors that are not {@code IOException}s. */
  public static String describe(RuntimeException e) {
    if (e instanceof ReadOnlyFileSystemException) {
      return "read-only file system";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

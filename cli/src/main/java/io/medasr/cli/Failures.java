package io.medasr.cli;

import io.grpc.StatusRuntimeException;
import io.medasr.client.MedAsrException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** One-line descriptions of failures for {@code medasr: <message>} lines; no stack traces. Stateless. */
final class Failures {
  private Failures() {}

  /** "CODE: description (cause)": see {@link #detail}. */
  static String describe(MedAsrException e) {
    String detail = detail(e);
    return detail.isEmpty() ? e.status().name() : e.status() + ": " + detail;
  }

  /** The status description, plus the underlying cause (e.g. "Connection refused") when there is one. */
  static String detail(MedAsrException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    boolean rootAddsDetail = root != e && !(root instanceof StatusRuntimeException) && root.getMessage() != null;
    if (!rootAddsDetail) {
      return e.description();
    }
    return e.description().isEmpty() ? root.getMessage() : e.description() + " (" + root.getMessage() + ")";
  }

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

package io.medasr.audio;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the ffmpeg executable is, decided once. {@link #onPath()} searches {@code PATH} on first use and keeps
 * the answer for the life of the JVM (installing ffmpeg later needs a restart); {@link #at(Path)} pins a
 * binary, e.g. from server configuration or a test. Immutable; thread-safe.
 */
public final class Ffmpeg {
  private final Path executable;
  private final String whereLooked;

  private Ffmpeg(Path executable, String whereLooked) {
    this.executable = executable;
    this.whereLooked = whereLooked;
  }

  /** ffmpeg as found on {@code PATH} when this method was first called. */
  public static Ffmpeg onPath() {
    return OnPath.FFMPEG;
  }

  /** The given binary; unavailable when it is not an executable file. */
  public static Ffmpeg at(Path executable) {
    boolean usable = Files.isRegularFile(executable) && Files.isExecutable(executable);
    return new Ffmpeg(usable ? executable : null, "no executable at " + executable);
  }

  public boolean isAvailable() {
    return executable != null;
  }

  public Optional<Path> executable() {
    return Optional.ofNullable(executable);
  }

  /** The error for audio that needs ffmpeg when it is missing. */
  InvalidAudioException missingFor(AudioEncoding encoding) {
    return new InvalidAudioException(
        "ffmpeg is not installed on the server ("
            + whereLooked
            + "); "
            + encoding
            + " audio needs it. Send LINEAR16, FLOAT32, MULAW, ALAW or WAV instead.");
  }

  /** The first executable named ffmpeg in the directories of a PATH-style list. */
  static Ffmpeg search(String pathVariable) {
    if (pathVariable != null) {
      for (String directory : pathVariable.split(File.pathSeparator)) {
        if (directory.isEmpty()) {
          continue;
        }
        Ffmpeg candidate = at(Path.of(directory, "ffmpeg"));
        if (candidate.isAvailable()) {
          return candidate;
        }
      }
    }
    return new Ffmpeg(null, "not found on PATH");
  }

  /** Holder idiom: the PATH search runs once, on first use, and never for servers that need no ffmpeg. */
  private static final class OnPath {
    static final Ffmpeg FFMPEG = search(System.getenv("PATH"));
  }
}

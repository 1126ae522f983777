package io.medasr.client;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared speech data next to the checkout; tests that need it skip when it is absent. */
public final class TestData {
  private TestData() {}

  /** A real 16 kHz mono 16-bit WAV recording (the JFK clip of the general set, 11 s). */
  public static Path speechWav() {
    Path wav = Path.of(System.getProperty("medasr.repo.root", "."))
        .resolve("../shared/data/speech/general/wav/jfk.wav").normalize();
    assumeTrue(Files.isRegularFile(wav), "shared speech data not found at " + wav);
    return wav;
  }
}

package io.medasr.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.medasr.whisper.OrtSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locations of the committed tiny models and the shared speech data, and small audio helpers. */
public final class TestAssets {
  /** One thread per session: the tiny models gain nothing from more, and the build machine is shared. */
  public static final OrtSettings ORT = new OrtSettings(1, 1, OptLevel.ALL_OPT);

  private TestAssets() {}

  public static Path repoRoot() {
    return Path.of(System.getProperty("medasr.repo.root", "..")).toAbsolutePath().normalize();
  }

  /** Random-weight multilingual tiny model committed under models/tiny. */
  public static Path tinyMultilingual() {
    return repoRoot().resolve("models/tiny/whisper-tiny-random");
  }

  /** Random-weight English-only tiny model committed under models/tiny. */
  public static Path tinyEnglish() {
    return repoRoot().resolve("models/tiny/whisper-tiny-random.en");
  }

  /** Random-weight tiny BART (Hugging Face optimum layout) committed under models/tiny. */
  public static Path tinyBart() {
    return repoRoot().resolve("models/tiny/bart-tiny-random");
  }

  /** The correction model trained by models/build-corrector.sh and committed (the server's default). */
  public static Path correctionModel() {
    return repoRoot().resolve("models/corrector-bart");
  }

  /** A file of the shared speech data; skips the test when the data is not on this machine. */
  public static Path speech(String relative) {
    Path file = repoRoot().resolve("../shared/data/speech").resolve(relative).normalize();
    assumeTrue(Files.isRegularFile(file), "shared speech data not present: " + file);
    return file;
  }

  /** A reproducible speech-like test signal: three gliding, amplitude-modulated tones. */
  public static float[] syntheticAudio(double seconds) {
    int n = (int) Math.round(seconds * 16000);
    float[] samples = new float[n];
    for (int i = 0; i < n; i++) {
      double t = i / 16000.0;
      double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
      double tone = Math.sin(2 * Math.PI * (220 + 40 * Math.sin(2 * Math.PI * 0.5 * t)) * t)
          + 0.5 * Math.sin(2 * Math.PI * 660 * t)
          + 0.25 * Math.sin(2 * Math.PI * 1320 * t);
      samples[i] = (float) (0.2 * envelope * tone);
    }
    return samples;
  }

  /** Samples in [-1, 1] as 16-bit little-endian PCM (LINEAR16), as a client would send them. */
  public static byte[] linear16(float[] samples) {
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float s : samples) {
      bytes.putShort((short) Math.round(s * 32767));
    }
    return bytes.array();
  }
}

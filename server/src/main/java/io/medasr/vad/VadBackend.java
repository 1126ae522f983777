package io.medasr.vad;

import io.medasr.whisper.OrtSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What scores speech for every stream: the Silero model when its file is there, else the energy VAD. One
 * instance serves all streams (thread-safe); each stream gets its own {@link VoiceActivity}. Its owner closes
 * it after every stream's last frame.
 */
public interface VadBackend extends AutoCloseable {
  /** {@code silero-vad} or {@code energy}, for logs. */
  String name();

  /** The scorer of a new stream. */
  VoiceActivity newVoiceActivity();

  /** A detector for a new stream: this backend's scorer with {@code config}'s segmentation. */
  default VoiceActivityDetector newDetector(VadConfig config) {
    return new VoiceActivityDetector(newVoiceActivity(), config);
  }

  @Override
  void close();

  /**
   * Loads {@code sileroModel} ({@link SileroVadModel#FILE_NAME}) when the file exists, else returns the
   * energy VAD with its defaults.
   *
   * @throws IOException when the file exists but is not a usable Silero model
   */
  static VadBackend open(Path sileroModel, OrtSettings settings) throws IOException {
    if (Files.isRegularFile(sileroModel)) {
      return SileroVadModel.load(sileroModel, settings);
    }
    return new EnergyVadBackend(EnergyVadConfig.defaults());
  }
}

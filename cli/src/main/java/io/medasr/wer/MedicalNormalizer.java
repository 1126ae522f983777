package io.medasr.wer;

/**
 * {@code --normalize medical}: Whisper's English normalizer ({@link WhisperEnglishNormalizer#instance()}), then
 * units, frequencies and routes written one way ({@link DoseNotation}), so that "five milligrams twice daily"
 * and "5 mg b.i.d." both read "5 mg bid". Stateless and thread-safe.
 */
public final class MedicalNormalizer implements Normalizer {
  @Override
  public String normalize(String text) {
    return DoseNotation.fold(WhisperEnglishNormalizer.instance().normalize(text));
  }
}

package io.medasr.align;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medasr.audio.AudioDecoders;
import io.medasr.testing.TestAssets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Word times moved by the attention's leads and out of the pauses that the audio's energy shows. */
class SpeechPausesTest {
  private static final int RATE = 16000;

  /** 0.5 s of silence, 1 s of sound, 0.3 s of silence, 1 s of sound, 0.5 s of silence. */
  private static float[] speechWithPauses() {
    float[] audio = new float[(int) (3.3 * RATE)];
    for (int i = 0; i < audio.length; i++) {
      double t = (double) i / RATE;
      boolean sounding = (t >= 0.5 && t < 1.5) || (t >= 1.8 && t < 2.8);
      audio[i] = sounding ? (float) (0.1 * Math.sin(2 * Math.PI * 220 * t)) : 0f;
    }
    return audio;
  }

  @Test
  void wordsStartWhereSpeechResumesAndEndWhereItStops() {
    SpeechPauses pauses = SpeechPauses.of(speechWithPauses(), 0);

    List<WordTiming> refined = pauses.refine(List.of(
        new WordTiming(" Chest", 0.3, 0.7, 0.9f),    // starts in the leading silence
        new WordTiming(" pain", 0.7, 1.38, 0.9f),    // ends just before a pause
        new WordTiming(" since", 1.6, 2.0, 0.9f),    // starts in the pause
        new WordTiming(" Monday.", 2.0, 3.0, 0.9f),  // ends in the trailing silence
        new WordTiming(" unaligned", 0.0, 0.2, 0.9f, false)));

    assertEquals(List.of(
        new WordTiming(" Chest", 0.5, 0.76, 0.9f),
        new WordTiming(" pain", 0.78, 1.5, 0.9f),
        new WordTiming(" since", 1.8, 2.06, 0.9f),
        new WordTiming(" Monday.", 2.08, 2.8, 0.9f),
        new WordTiming(" unaligned", 0.0, 0.2, 0.9f, false)), refined);
  }

  @Test
  void theFirstWordOfADictationAfterLeadingSilenceStartsWhereItsSpeechDoes() throws Exception {
    // timing-synth tsy_004: 0.703 s of silence added before "She" (true start 0.7378 s, end 0.8539 s); the
    // aligner put the first word at the window's start
    float[] audio = AudioDecoders.readFile(TestAssets.speech("timing-synth/wav/tsy_004.wav"));

    WordTiming she = SpeechPauses.of(audio, 0).refine(List.of(new WordTiming(" She", 0.0, 0.86, 0.9f))).get(0);

    // 0.70 s: the voice's own lead-in before "She" is quiet, not silent (the bound for first words: 60 ms)
    assertEquals(0.7378, she.start(), 0.04);
  }

  @Test
  void timesAreInTheRecordingsSecondsWhenTheAudioStartsLater() {
    SpeechPauses pauses = SpeechPauses.of(speechWithPauses(), 10);

    assertEquals(List.of(new WordTiming(" Chest", 10.5, 10.76, 0.9f)),
        pauses.refine(List.of(new WordTiming(" Chest", 10.3, 10.7, 0.9f))));
  }

  @Test
  void silenceAloneHasNoPauseToMoveWordsOutOf() {
    SpeechPauses pauses = SpeechPauses.of(new float[RATE], 0);

    assertEquals(List.of(new WordTiming(" um", 0.18, 0.36, 0.5f)),
        pauses.refine(List.of(new WordTiming(" um", 0.1, 0.3, 0.5f))));
  }
}

package io.medasr.stream;

import java.util.function.Consumer;

/** Receives what a {@link StreamingSession} produces, in stream order, on the thread that fed the session. */
public interface StreamListener {
  void onResult(RecognitionResult result);

  void onSpeechEvent(SpeechEvent event);

  /** A listener that hands the final results to {@code onFinal} and ignores interim results and events. */
  static StreamListener finalsTo(Consumer<RecognitionResult> onFinal) {
    return new StreamListener() {
      @Override
      public void onResult(RecognitionResult result) {
        if (result.isFinal()) {
          onFinal.accept(result);
        }
      }

      @Override
      public void onSpeechEvent(SpeechEvent event) {}
    };
  }
}

package io.medasr.stream;

/** Receives what a {@link StreamingSession} produces, in stream order, on the thread that fed the session. */
public interface StreamListener {
  void onResult(RecognitionResult result);

  void onSpeechEvent(SpeechEvent event);
}

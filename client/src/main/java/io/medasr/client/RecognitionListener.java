package io.medasr.client;

/**
 * Receives what a {@link StreamingRecognition} produces.
 *
 * <p>Callbacks come from gRPC's executor, one at a time and in the order the server sent them; a stream ends
 * with exactly one of {@link #onComplete()} or {@link #onError(MedAsrException)}, and nothing follows it.
 * Callbacks should return quickly: results queue behind a slow listener. An exception thrown by a callback
 * cancels the stream, which then ends with {@code onError}.
 */
public interface RecognitionListener {

  /** Interim text for the speech so far; it may still change, and a later interim or final replaces it. */
  void onInterim(Result result);

  /** Final text for a stretch of speech; it will not change again. */
  void onFinal(Result result);

  /** A voice-activity event; ignored unless overridden. */
  default void onSpeechEvent(SpeechEvent event) {}

  /**
   * A voice-activity event with where it happened in the audio; this is the callback the stream calls. Override
   * it when the time matters (e.g. to place a marker in a recording); it calls {@link #onSpeechEvent(SpeechEvent)}
   * unless overridden, so listeners written before it still receive every event.
   *
   * @param streamSeconds seconds from the start of the stream's audio, padding included: where the speech starts
   *     for {@link SpeechEvent#SPEECH_STARTED}, where the utterance's speech ends for
   *     {@link SpeechEvent#END_OF_UTTERANCE}
   */
  default void onSpeechEvent(SpeechEvent event, double streamSeconds) {
    onSpeechEvent(event);
  }

  /**
   * How much of the stream's audio the server has received and processed, reported with each response after
   * its results and events; ignored unless overridden. Comparing it with the audio sent shows how far the server
   * is behind.
   *
   * @param processedAudioSeconds seconds of audio from the start of the stream
   */
  default void onAudioProcessed(double processedAudioSeconds) {}

  /** The stream failed or was cancelled ({@code code()} {@code CANCELLED}); nothing follows. */
  void onError(MedAsrException error);

  /** The server sent its last results after the audio ended and closed the stream; nothing follows. */
  void onComplete();
}

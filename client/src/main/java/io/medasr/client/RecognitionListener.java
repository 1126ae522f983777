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

  /** The stream failed or was cancelled ({@code code()} {@code CANCELLED}); nothing follows. */
  void onError(MedAsrException error);

  /** The server sent its last results after the audio ended and closed the stream; nothing follows. */
  void onComplete();
}

package io.medasr.client;

/** A voice-activity event the server announces on a stream. */
public enum SpeechEvent {
  /** Speech began in the audio. */
  SPEECH_STARTED,
  /** The speaker paused long enough for the utterance to be final. */
  END_OF_UTTERANCE
}

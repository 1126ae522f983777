package io.medasr.stream;

/**
 * A change of voice activity on a stream.
 *
 * @param type what happened
 * @param time where, in seconds of stream audio: the (padded) start of the speech, or the (padded) end of the
 *     utterance's speech
 */
public record SpeechEvent(Type type, double time) {

  public enum Type {
    /** An utterance began. */
    SPEECH_STARTED,
    /** The utterance begun by the last SPEECH_STARTED ended; its text is final. */
    END_OF_UTTERANCE
  }
}

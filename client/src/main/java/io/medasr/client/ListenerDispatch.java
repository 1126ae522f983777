package io.medasr.client;

import io.medasr.api.v1.SpeechEventType;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.StreamingRecognizeResponse;

/** Turns a stream's responses into the callbacks of an application's {@link RecognitionListener}. */
final class ListenerDispatch implements StreamingResponseHandler {
  private final RecognitionListener listener;

  ListenerDispatch(RecognitionListener listener) {
    this.listener = listener;
  }

  @Override
  public void onResponse(StreamingRecognizeResponse response) {
    // In the order things happened: speech starts before the text it carries, and the utterance
    // ends after its final text.
    SpeechEventType event = response.getSpeechEventType();
    if (event == SpeechEventType.SPEECH_STARTED) {
      listener.onSpeechEvent(SpeechEvent.SPEECH_STARTED, response.getSpeechEventTime());
    }
    for (StreamingRecognitionResult result : response.getResultsList()) {
      if (result.getIsFinal()) {
        listener.onFinal(ProtoMapping.result(result));
      } else {
        listener.onInterim(ProtoMapping.result(result));
      }
    }
    if (event == SpeechEventType.END_OF_UTTERANCE) {
      listener.onSpeechEvent(SpeechEvent.END_OF_UTTERANCE, response.getSpeechEventTime());
    }
    // proto3 reads an unset double as 0: a response without the count says nothing about progress.
    if (response.getProcessedAudioSeconds() > 0) {
      listener.onAudioProcessed(response.getProcessedAudioSeconds());
    }
  }

  @Override
  public void onError(MedAsrException error) {
    listener.onError(error);
  }

  @Override
  public void onComplete() {
    listener.onComplete();
  }
}

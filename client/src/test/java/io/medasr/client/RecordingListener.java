package io.medasr.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every callback of a stream, in order, as readable events ("interim: ...", "final: ...", ...). */
public final class RecordingListener implements RecognitionListener {
  public final List<String> events = new CopyOnWriteArrayList<>();
  public volatile MedAsrException error;

  @Override
  public void onInterim(Result result) {
    events.add("interim: " + result.text());
  }

  @Override
  public void onFinal(Result result) {
    events.add("final: " + result.text());
  }

  @Override
  public void onSpeechEvent(SpeechEvent event) {
    events.add("event: " + event);
  }

  @Override
  public void onError(MedAsrException e) {
    error = e;
    events.add("error: " + e.status());
  }

  @Override
  public void onComplete() {
    events.add("complete");
  }
}

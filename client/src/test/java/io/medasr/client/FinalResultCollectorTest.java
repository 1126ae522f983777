package io.medasr.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medasr.api.v1.SpeechRecognitionAlternative;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.StreamingRecognizeResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalResultCollectorTest {

  @Test
  void keepsTheFinalResultsInOrderAndSkipsInterims() {
    FinalResultCollector collector = new FinalResultCollector();
    collector.onResponse(response(0, result("one", 0, 1, true), result("tw", 1, 1.5, false)));
    collector.onResponse(response(0, result("two", 1, 2, true)));
    collector.onResponse(response(0, result("three", 2, 3, true)));

    var results = collector.response().getResultsList();
    assertEquals(List.of("one", "two", "three"),
        results.stream().map(r -> r.getAlternatives(0).getTranscript()).toList());
    assertEquals(List.of(1.0, 2.0, 3.0), results.stream().map(r -> r.getEndTime()).toList());
  }

  @Test
  void durationIsTheLastProcessedAudioCount() {
    FinalResultCollector collector = new FinalResultCollector();
    collector.onResponse(response(4.0, result("one", 0, 1, true)));
    collector.onResponse(response(7.5));
    // A response without the count (proto3 reads it as 0) does not undo the last one.
    collector.onResponse(response(0, result("two", 1, 2, true)));

    assertEquals(7.5, collector.response().getAudioDurationSeconds());
  }

  @Test
  void withoutAProcessedAudioCountTheDurationIsWhereTheLastResultEnds() {
    FinalResultCollector collector = new FinalResultCollector();
    collector.onResponse(response(0, result("one", 0.5, 1.25, true)));
    collector.onResponse(response(0, result("two", 2, 3.75, true), result("thr", 3.75, 4.5, false)));

    assertEquals(3.75, collector.response().getAudioDurationSeconds());
  }

  @Test
  void aStreamWithoutResultsLastsNoTime() {
    assertEquals(0.0, new FinalResultCollector().response().getAudioDurationSeconds());
  }

  private static StreamingRecognizeResponse response(double processedSeconds, StreamingRecognitionResult... results) {
    return StreamingRecognizeResponse.newBuilder().addAllResults(List.of(results))
        .setProcessedAudioSeconds(processedSeconds).build();
  }

  private static StreamingRecognitionResult result(String text, double start, double end, boolean isFinal) {
    return StreamingRecognitionResult.newBuilder()
        .addAlternatives(SpeechRecognitionAlternative.newBuilder().setTranscript(text))
        .setStartTime(start).setEndTime(end).setIsFinal(isFinal).build();
  }
}

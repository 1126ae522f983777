package io.medasr.client;

import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.SpeechRecognitionResult;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.StreamingRecognizeResponse;

/**
 * Collects the final results of a stream into the {@code RecognizeResponse} a unary call over the same audio
 * would have returned: how {@code recognize(Path)} answers for a file it streamed. Interim results are
 * skipped; how the stream ended is {@link StreamingRecognition#awaitCompletion()}'s to report.
 */
final class FinalResultCollector implements StreamingResponseHandler {
  private final RecognizeResponse.Builder response = RecognizeResponse.newBuilder();
  private double processedAudioSeconds;
  private double lastEndTime;

  @Override
  public void onResponse(StreamingRecognizeResponse update) {
    for (StreamingRecognitionResult result : update.getResultsList()) {
      if (result.getIsFinal()) {
        response.addResults(SpeechRecognitionResult.newBuilder()
            .addAllAlternatives(result.getAlternativesList())
            .setStartTime(result.getStartTime())
            .setEndTime(result.getEndTime()));
        lastEndTime = Math.max(lastEndTime, result.getEndTime());
      }
    }
    // proto3 reads an unset double as 0: a response without the count keeps the last one seen.
    if (update.getProcessedAudioSeconds() > 0) {
      processedAudioSeconds = update.getProcessedAudioSeconds();
    }
  }

  @Override
  public void onError(MedAsrException error) {}

  @Override
  public void onComplete() {}

  /** The collected response; read it once the stream has completed. */
  RecognizeResponse response() {
    // Times count from the start of the audio, so without a processed-audio count the last result's end
    // is the best known length.
    double duration = processedAudioSeconds > 0 ? processedAudioSeconds : lastEndTime;
    return response.setAudioDurationSeconds(duration).build();
  }
}

package io.medasr.client;

import io.medasr.api.v1.RecognizeResponse;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The transcription of a whole file ({@code Recognize}).
 *
 * @param results one final result per stretch of speech, in time order
 * @param audioDurationSeconds length of the audio in seconds
 * @param raw the response exactly as the server sent it, for fields this SDK does not surface; for a file that
 *     {@code recognize(Path)} streamed, the response assembled from the stream's final results
 */
public record TranscriptResult(List<Result> results, double audioDurationSeconds, RecognizeResponse raw) {

  public TranscriptResult {
    results = List.copyOf(results);
  }

  /** The most likely text of all results, joined with single spaces. */
  public String text() {
    return results.stream()
        .map(result -> result.text().strip())
        .filter(text -> !text.isEmpty())
        .collect(Collectors.joining(" "));
  }

  /** The words of the most likely reading of every result, in time order. */
  public List<Word> words() {
    return results.stream().flatMap(result -> result.best().words().stream()).toList();
  }
}

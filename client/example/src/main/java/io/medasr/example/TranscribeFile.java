package io.medasr.example;

import io.medasr.client.HealthStatus;
import io.medasr.client.MedAsrClient;
import io.medasr.client.RecognitionOptions;
import io.medasr.client.TranscriptResult;
import io.medasr.client.Word;
import java.nio.file.Path;

/** Checks that a MedASR server is serving, then transcribes one audio file with word times. */
public final class TranscribeFile {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: TranscribeFile HOST:PORT AUDIO_FILE");
      System.exit(2);
    }
    try (MedAsrClient client = MedAsrClient.builder().target(args[0]).build()) {
      HealthStatus health = client.health();
      System.out.println("server: " + health);
      RecognitionOptions options = RecognitionOptions.builder().wordTimes(true).build();
      TranscriptResult result = client.recognize(Path.of(args[1]), options);
      System.out.println(result.text());
      for (Word word : result.words()) {
        System.out.printf("%7.2f %7.2f  %.2f  %s%n", word.start(), word.end(), word.confidence(), word.text());
      }
    }
  }
}

package io.medasr.stream;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.AudioEncoding;
import io.medasr.audio.AudioFormat;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.transcribe.Transcriber;
import io.medasr.vad.VadBackend;
import io.medasr.whisper.InferenceRun;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Development tool: streams WAV files (joined, with a second of silence after each) through a session in
 * 100 ms chunks and prints every event and result with the decode time it cost, then the finals next to
 * the unary transcript of the same audio.
 *
 * <pre>
 * java -cp server/target/medasr-server.jar:server/target/test-classes io.medasr.stream.StreamingReplay \
 *   MODEL_DIR VAD_MODEL FILE.wav...
 * </pre>
 */
public final class StreamingReplay {
  private StreamingReplay() {}

  public static void main(String[] args) throws Exception {
    OrtSettings ort = new OrtSettings(2, 1, OptLevel.ALL_OPT);
    try (WhisperModel model = WhisperModel.load(Path.of(args[0]), ort, System.getenv().getOrDefault("VARIANT", WhisperModel.FP32));
        VadBackend vad = VadBackend.open(Path.of(args[1]), new OrtSettings(1, 1, OptLevel.ALL_OPT))) {
      List<float[]> parts = new ArrayList<>();
      for (int i = 2; i < args.length; i++) {
        parts.add(AudioDecoders.decodeAll(AudioFormat.of(AudioEncoding.WAV, 0, 0), Files.readAllBytes(Path.of(args[i]))));
        parts.add(new float[16000]);
      }
      int total = parts.stream().mapToInt(p -> p.length).sum();
      float[] audio = new float[total];
      int at = 0;
      for (float[] p : parts) {
        System.arraycopy(p, 0, audio, at, p.length);
        at += p.length;
      }
      Transcriber transcriber = new Transcriber(model);
      TranscribeOptions options = TranscribeOptions.defaults().withLanguage("en");
      TranscribeOptions streamOptions = options.withShortAudioContext(!"full".equals(System.getenv("CONTEXT")));
      StringBuilder finals = new StringBuilder();
      long[] last = {System.nanoTime()};
      StreamListener listener = new StreamListener() {
        @Override
        public void onResult(RecognitionResult r) {
          System.out.printf("%s %6.2f-%6.2f (+%4.0f ms) %s%n", r.isFinal() ? "FINAL  " : "interim", r.startTime(),
              r.endTime(), (System.nanoTime() - last[0]) / 1e6, r.text());
          if (r.isFinal()) {
            finals.append(' ').append(r.text());
          }
        }

        @Override
        public void onSpeechEvent(SpeechEvent e) {
          System.out.printf("%s at %.2f%n", e.type(), e.time());
        }
      };
      StreamingSession session = new StreamingSession(transcriber, vad,
          new StreamingOptions(streamOptions, true, 1.0, Endpointing.defaults(), false), listener, InferenceRun.UNCANCELLABLE);
      long started = System.nanoTime();
      for (int offset = 0; offset < audio.length; offset += 1600) {
        last[0] = System.nanoTime();
        session.accept(java.util.Arrays.copyOfRange(audio, offset, Math.min(audio.length, offset + 1600)));
      }
      session.finish();
      double streamSeconds = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      String unary = transcriber.transcribe(audio, options).text().strip();
      System.out.printf("%nstream (%.1f s of compute for %.1f s of audio):%n  %s%nunary (%.1f s):%n  %s%n",
          streamSeconds, audio.length / 16000.0, finals.toString().strip(), (System.nanoTime() - started) / 1e9,
          unary);
    }
  }
}

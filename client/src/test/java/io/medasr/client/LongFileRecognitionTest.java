package io.medasr.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.SpeechRecognitionAlternative;
import io.medasr.api.v1.SpeechRecognitionResult;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.StreamingRecognizeResponse;
import io.medasr.api.v1.WordInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recognize(Path)} sends small files in one Recognize call and streams the others. */
class LongFileRecognitionTest {
  private static final int LIMIT = 4096;
  private static final int FILE_CHUNK_BYTES = 256 * 1024;
  private static final int WAV_HEADER_BYTES = 44;
  private static final Segment TAKE_APIXABAN = new Segment(SpeechRecognitionAlternative.newBuilder()
      .setTranscript("take apixaban").setConfidence(0.875f)
      .addWords(word("take", 0.4, 0.8, 0.5f, false))
      .addWords(word("apixaban", 1.0, 1.8, 0.75f, true))
      .build(), 0.0, 2.0);
  private static final Segment FIVE_MIL_INTERIM = new Segment(SpeechRecognitionAlternative.newBuilder()
      .setTranscript("five mil").build(), 2.5, 3.5);
  private static final Segment FIVE_MILLIGRAMS = new Segment(SpeechRecognitionAlternative.newBuilder()
      .setTranscript("five milligrams").setConfidence(0.625f)
      .addWords(word("five", 3.0, 3.4, 0.25f, false))
      .addWords(word("milligrams", 3.6, 4.9, 1f, false))
      .build(), 2.5, 4.9);

  private InProcessRecognizer server;
  private MedAsrClient client;
  @TempDir
  Path dir;

  @BeforeEach
  void start() throws IOException {
    server = new InProcessRecognizer();
    client = MedAsrClient.builder().channel(server.channel()).unaryLimitBytes(LIMIT).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void fileOfExactlyTheLimitGoesUnary() throws IOException {
    Path wav = wav("short.wav", LIMIT - WAV_HEADER_BYTES);
    TranscriptResult result = client.recognize(wav);

    assertEquals(1, server.unaryRequests.size());
    assertEquals(ByteString.copyFrom(Files.readAllBytes(wav)), server.unaryRequests.get(0).getAudioContent());
    assertNull(server.streamConfig.get(), "no stream was opened");
    assertEquals(InProcessRecognizer.textFor(LIMIT), result.text());
  }

  @Test
  void fileOverTheLimitIsStreamedAndAnsweredWithTheFinalResults() throws IOException {
    Path wav = wav("long.wav", 2 * FILE_CHUNK_BYTES + 1000);
    server.halfCloseAnswer = List.of(
        StreamingRecognizeResponse.newBuilder()
            .addResults(TAKE_APIXABAN.streamed(true))
            .addResults(FIVE_MIL_INTERIM.streamed(false))
            .setProcessedAudioSeconds(3.0)
            .build(),
        StreamingRecognizeResponse.newBuilder()
            .addResults(FIVE_MILLIGRAMS.streamed(true))
            .setProcessedAudioSeconds(16.5)
            .build());
    // Stream-only settings are on, to show that the file's stream turns them off.
    RecognitionOptions options = RecognitionOptions.builder().language("en-US").phrase("apixaban")
        .interimResults(true).singleUtterance(true).build();

    TranscriptResult result = client.recognize(wav, options);

    assertTrue(server.unaryRequests.isEmpty(), "no Recognize call");
    var streamingConfig = server.streamConfig.get();
    assertEquals(ProtoMapping.config(options.withEncoding(AudioEncoding.WAV)), streamingConfig.getConfig());
    assertFalse(streamingConfig.getInterimResults());
    assertFalse(streamingConfig.getSingleUtterance());
    assertArrayEquals(Files.readAllBytes(wav), ByteString.copyFrom(server.chunks).toByteArray());
    assertEquals(List.of(FILE_CHUNK_BYTES, FILE_CHUNK_BYTES, WAV_HEADER_BYTES + 1000),
        server.chunks.stream().map(ByteString::size).toList());

    assertEquals(List.of(
        new Result(List.of(new Transcript("take apixaban", 0.875f, List.of(
            new Word("take", 0.4, 0.8, 0.5f, false),
            new Word("apixaban", 1.0, 1.8, 0.75f, true)), "take apixaban", List.of())), true, 1f, 0.0, 2.0),
        new Result(List.of(new Transcript("five milligrams", 0.625f, List.of(
            new Word("five", 3.0, 3.4, 0.25f, false),
            new Word("milligrams", 3.6, 4.9, 1f, false)), "five milligrams", List.of())), true, 1f, 2.5, 4.9)),
        result.results());
    assertEquals(16.5, result.audioDurationSeconds());
    assertEquals(RecognizeResponse.newBuilder()
        .addResults(TAKE_APIXABAN.unary())
        .addResults(FIVE_MILLIGRAMS.unary())
        .setAudioDurationSeconds(16.5)
        .build(), result.raw());
  }

  @Test
  void fileOneByteOverTheLimitIsStreamedWithItsEncodingFromTheName() throws IOException {
    Path mp3 = Files.write(dir.resolve("dictation.mp3"), new byte[LIMIT + 1]);
    client.recognize(mp3);
    assertEquals(io.medasr.api.v1.AudioEncoding.MP3, server.streamConfig.get().getConfig().getEncoding());
    assertEquals(LIMIT + 1, server.chunks.get(0).size());
  }

  @Test
  void serverFailureDuringTheStreamIsThrownAsTheSdksException() throws IOException {
    server.failOnAudio = Status.RESOURCE_EXHAUSTED.withDescription("audio is longer than 3600 s");
    Path wav = wav("long.wav", 3 * FILE_CHUNK_BYTES);

    var error = assertThrows(MedAsrException.class, () -> client.recognize(wav));

    assertSame(ResourceExhaustedException.class, error.getClass());
    assertEquals(MedAsrStatus.RESOURCE_EXHAUSTED, error.status());
    assertEquals("audio is longer than 3600 s", error.description());
  }

  @Test
  void streamedFileIsBoundedByTheClientsDeadline() throws IOException {
    server.holdFlow = true;
    Path wav = wav("long.wav", 3 * FILE_CHUNK_BYTES);
    try (MedAsrClient withDeadline = MedAsrClient.builder().channel(server.channel())
        .unaryLimitBytes(LIMIT).deadline(Duration.ofMillis(200)).build()) {
      assertThrows(DeadlineExceededException.class, () -> withDeadline.recognize(wav));
    }
  }

  @Test
  void audioInMemoryOverTheLimitIsRefusedBeforeAnyCall() {
    RecognitionOptions pcm = RecognitionOptions.builder().encoding(AudioEncoding.LINEAR16).sampleRateHz(16000).build();

    var error = assertThrows(IllegalArgumentException.class, () -> client.recognize(new byte[LIMIT + 1], pcm));

    assertEquals("audio of 4097 bytes is too large for one Recognize call;"
        + " use recognize(Path) or stream() for audio over 4096 bytes", error.getMessage());
    assertTrue(server.unaryRequests.isEmpty());
    client.recognize(new byte[LIMIT], pcm);
    assertEquals(1, server.unaryRequests.size());
  }

  @Test
  void unaryLimitMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> MedAsrClient.builder().unaryLimitBytes(0));
    assertThrows(IllegalArgumentException.class, () -> MedAsrClient.builder().unaryLimitBytes(-1));
  }

  /** A 16 kHz 16-bit mono WAV of {@code dataBytes} bytes of noise, so that any reordering shows. */
  private Path wav(String name, int dataBytes) throws IOException {
    ByteBuffer wav = ByteBuffer.allocate(WAV_HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes())
        .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16_000)
        .putInt(32_000).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes()).putInt(dataBytes);
    byte[] samples = new byte[dataBytes];
    new Random(dataBytes).nextBytes(samples);
    wav.put(samples);
    return Files.write(dir.resolve(name), wav.array());
  }

  /** A stretch of speech as the fake server reports it, in streaming or unary form. */
  private record Segment(SpeechRecognitionAlternative alternative, double start, double end) {
    StreamingRecognitionResult streamed(boolean isFinal) {
      return StreamingRecognitionResult.newBuilder().addAlternatives(alternative).setIsFinal(isFinal)
          .setStartTime(start).setEndTime(end).build();
    }

    SpeechRecognitionResult unary() {
      return SpeechRecognitionResult.newBuilder().addAlternatives(alternative)
          .setStartTime(start).setEndTime(end).build();
    }
  }

  private static WordInfo word(String text, double start, double end, float confidence, boolean fromVocabulary) {
    return WordInfo.newBuilder().setWord(text).setStartTime(start).setEndTime(end).setConfidence(confidence)
        .setFromVocabulary(fromVocabulary).build();
  }
}

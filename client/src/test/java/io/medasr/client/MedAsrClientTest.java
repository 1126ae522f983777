package io.medasr.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.medasr.api.v1.RecognizeRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MedAsrClientTest {
  private InProcessRecognizer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new InProcessRecognizer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private MedAsrClient.Builder client() {
    return MedAsrClient.builder().channel(server.channel());
  }

  @Test
  void builderNeedsExactlyOneOfTargetAndChannel() {
    assertThrows(IllegalStateException.class, () -> MedAsrClient.builder().build());
    assertThrows(IllegalStateException.class,
        () -> MedAsrClient.builder().target("localhost:50051").channel(server.channel()).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "localhost:", ":50051", "localhost:0", "localhost:65536", "host:port",
      "a b:50051", "in-process:test", ""})
  void builderRejectsTargetsThatAreNotHostPort(String target) {
    var error = assertThrows(IllegalArgumentException.class, () -> MedAsrClient.builder().target(target));
    assertTrue(error.getMessage().contains("host:port"), error.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:50051", "10.0.0.7:1", "[::1]:65535", "asr.example.org:443",
      "dns:///asr.example.org:443"})
  void builderAcceptsHostPortAndTargetUris(String target) {
    MedAsrClient.builder().target(target).build().close();
  }

  @Test
  void builderRejectsBadDeadlinesKeysAndTlsCombinations(@TempDir Path dir) {
    assertThrows(IllegalArgumentException.class, () -> MedAsrClient.builder().deadline(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> MedAsrClient.builder().deadline(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> MedAsrClient.builder().streamDeadline(null));
    assertThrows(IllegalArgumentException.class, () -> MedAsrClient.builder().apiKey(" "));
    assertThrows(IllegalArgumentException.class, () -> MedAsrClient.builder().apiKey("key\nX-Injected: 1"));
    assertThrows(IllegalStateException.class, () -> MedAsrClient.builder()
        .target("localhost:50051").trustCertificates(dir.resolve("ca.pem")).useTls(false).build());
    assertThrows(IllegalStateException.class, () -> client().useTls(true).build());
    var missingPem = assertThrows(IllegalArgumentException.class, () -> MedAsrClient.builder()
        .target("localhost:50051").trustCertificates(dir.resolve("missing.pem")).build());
    assertTrue(missingPem.getMessage().contains("missing.pem"), missingPem.getMessage());
  }

  @Test
  void apiKeyArrivesAsBearerAuthorizationHeader() {
    try (MedAsrClient client = client().apiKey("s3cret-key").build()) {
      client.recognize(new byte[100], RecognitionOptions.builder().encoding(AudioEncoding.LINEAR16)
          .sampleRateHz(16000).build());
    }
    assertEquals("Bearer s3cret-key", server.lastHeaders.get().get(MedAsrClient.AUTHORIZATION));
  }

  @Test
  void newBuilderSharesTheChannelWithOtherSettingsAndLeavesItOpen() {
    RecognitionOptions options = RecognitionOptions.builder().encoding(AudioEncoding.LINEAR16).sampleRateHz(16000)
        .build();
    try (MedAsrClient first = client().apiKey("key-of-ward-3").unaryLimitBytes(1000).build()) {
      try (MedAsrClient second = first.newBuilder().apiKey("key-of-ward-4").build()) {
        second.recognize(new byte[100], options);
        assertEquals("Bearer key-of-ward-4", server.lastHeaders.get().get(MedAsrClient.AUTHORIZATION));
        assertThrows(IllegalArgumentException.class, () -> second.recognize(new byte[1001], options));
      }
      first.recognize(new byte[100], options);
      assertEquals("Bearer key-of-ward-3", server.lastHeaders.get().get(MedAsrClient.AUTHORIZATION));
      assertThrows(IllegalStateException.class, () -> first.newBuilder().target("localhost:50051").build());
    }
  }

  @Test
  void noApiKeyMeansNoAuthorizationHeader() {
    try (MedAsrClient client = client().build()) {
      client.recognize(new byte[100], RecognitionOptions.builder().encoding(AudioEncoding.ALAW)
          .sampleRateHz(8000).build());
    }
    assertNull(server.lastHeaders.get().get(MedAsrClient.AUTHORIZATION));
  }

  @Test
  void unaryCallPastItsDeadlineFailsWithDeadlineExceeded() {
    server.hangUnary = true;
    try (MedAsrClient client = client().deadline(Duration.ofMillis(200)).build()) {
      long start = System.nanoTime();
      var error = assertThrows(DeadlineExceededException.class, () -> client.recognize(new byte[10],
          RecognitionOptions.builder().encoding(AudioEncoding.MULAW).sampleRateHz(8000).build()));
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(MedAsrStatus.DEADLINE_EXCEEDED, error.status());
      assertTrue(elapsedMillis >= 150 && elapsedMillis < 5000, "took " + elapsedMillis + " ms");
    }
  }

  @Test
  void asyncRecognizeGivesWhatTheBlockingCallGives() throws Exception {
    RecognitionOptions options = RecognitionOptions.builder().encoding(AudioEncoding.LINEAR16).sampleRateHz(16000)
        .build();
    try (MedAsrClient client = client().build()) {
      TranscriptResult blocking = client.recognize(new byte[320], options);
      TranscriptResult async = client.recognizeAsync(new byte[320], options).get(10, TimeUnit.SECONDS);
      assertEquals(blocking, async);
      assertEquals("320 bytes", async.text());
    }
  }

  @Test
  void asyncRecognizeFailsWithTheTypedExceptionAndCancelsTheCall() throws Exception {
    RecognitionOptions options = RecognitionOptions.builder().encoding(AudioEncoding.MULAW).sampleRateHz(8000)
        .build();
    try (MedAsrClient client = client().build()) {
      server.failWith = Status.INVALID_ARGUMENT.withDescription("sample_rate_hertz 8000 is not supported");
      ExecutionException failed = assertThrows(ExecutionException.class,
          () -> client.recognizeAsync(new byte[10], options).get(10, TimeUnit.SECONDS));
      InvalidArgumentException cause = assertInstanceOf(InvalidArgumentException.class, failed.getCause());
      assertEquals("sample_rate_hertz 8000 is not supported", cause.description());

      server.failWith = null;
      server.hangUnary = true;
      CompletableFuture<TranscriptResult> hanging = client.recognizeAsync(new byte[10], options);
      server.unaryHanging.get(10, TimeUnit.SECONDS);
      assertTrue(hanging.cancel(true));
      server.unaryCancelled.get(10, TimeUnit.SECONDS);
    }
    assertThrows(IllegalArgumentException.class, () -> client().unaryLimitBytes(4).build()
        .recognizeAsync(new byte[5], options));
  }

  @Test
  void unaryCallsAreRetriedWhileTheServerIsUnavailableAndNotForOtherFailures() throws IOException {
    int port = server.listenOnLoopback();
    RecognitionOptions options = RecognitionOptions.builder().encoding(AudioEncoding.LINEAR16).sampleRateHz(16000)
        .build();
    try (MedAsrClient client = MedAsrClient.builder().target("127.0.0.1:" + port).build()) {
      server.unavailableUnaryCalls.set(2);
      assertEquals("100 bytes", client.recognize(new byte[100], options).text());
      assertEquals(3, server.unaryRequests.size());

      server.unavailableUnaryCalls.set(4);
      assertThrows(UnavailableException.class, () -> client.recognize(new byte[100], options));
      assertEquals(3 + 4, server.unaryRequests.size());

      server.failWith = Status.INVALID_ARGUMENT.withDescription("bad audio");
      assertThrows(InvalidArgumentException.class, () -> client.recognize(new byte[100], options));
      assertEquals(3 + 4 + 1, server.unaryRequests.size());
    }
  }

  @Test
  void eachStatusCodeBecomesItsExceptionTypeWithTheServersMessage() {
    record Case(Status.Code code, Class<? extends MedAsrException> type, MedAsrStatus status) {}
    List<Case> cases = List.of(
        new Case(Status.Code.INVALID_ARGUMENT, InvalidArgumentException.class, MedAsrStatus.INVALID_ARGUMENT),
        new Case(Status.Code.UNAUTHENTICATED, UnauthenticatedException.class, MedAsrStatus.UNAUTHENTICATED),
        new Case(Status.Code.RESOURCE_EXHAUSTED, ResourceExhaustedException.class, MedAsrStatus.RESOURCE_EXHAUSTED),
        new Case(Status.Code.DEADLINE_EXCEEDED, DeadlineExceededException.class, MedAsrStatus.DEADLINE_EXCEEDED),
        new Case(Status.Code.UNAVAILABLE, UnavailableException.class, MedAsrStatus.UNAVAILABLE),
        new Case(Status.Code.PERMISSION_DENIED, MedAsrException.class, MedAsrStatus.PERMISSION_DENIED),
        new Case(Status.Code.INTERNAL, MedAsrException.class, MedAsrStatus.INTERNAL));
    try (MedAsrClient client = client().build()) {
      for (Case c : cases) {
        String message = "server says " + c.code();
        server.failWith = Status.fromCode(c.code()).withDescription(message);
        MedAsrException error = assertThrows(MedAsrException.class, () -> client.recognize(new byte[4],
            RecognitionOptions.builder().encoding(AudioEncoding.FLOAT32).sampleRateHz(16000).build()));
        assertSame(c.type(), error.getClass());
        assertEquals(c.status(), error.status());
        assertEquals(c.code(), error.grpcStatus().getCode());
        assertEquals(message, error.grpcStatus().getDescription());
        assertEquals(message, error.description());
        assertEquals(c.code() + ": " + message, error.getMessage());
      }
    }
  }

  @Test
  void recognizeMapsOptionsToTheConfigAndTheResponseToValueTypes() {
    RecognitionOptions options = RecognitionOptions.builder()
        .encoding(AudioEncoding.LINEAR16).sampleRateHz(8000).channels(2).language("en-US").model("small")
        .wordTimes(true).phrase("metoprolol succinate").phrase(new Phrase("Eliquis", 4f))
        .specialty("cardiology").correction(true).correctors(List.of("seq2seq", "lexicon")).maxAlternatives(3)
        .build();
    TranscriptResult result;
    try (MedAsrClient client = client().build()) {
      result = client.recognize(new byte[3200], options);
    }
    var config = server.unaryRequests.get(0).getConfig();
    assertEquals(io.medasr.api.v1.AudioEncoding.LINEAR16, config.getEncoding());
    assertEquals(8000, config.getSampleRateHz());
    assertEquals(2, config.getChannels());
    assertEquals("en-US", config.getLanguageCode());
    assertEquals("small", config.getModel());
    assertTrue(config.getEnableWordTimeOffsets());
    assertEquals("cardiology", config.getSpecialty());
    assertTrue(config.getEnableCorrection());
    assertEquals(List.of("seq2seq", "lexicon"), config.getCorrectorsList());
    assertEquals(3, config.getMaxAlternatives());
    assertEquals(2, config.getPhrasesCount());
    assertEquals("metoprolol succinate", config.getPhrases(0).getValue());
    assertEquals(0f, config.getPhrases(0).getBoost());
    assertEquals("Eliquis", config.getPhrases(1).getValue());
    assertEquals(4f, config.getPhrases(1).getBoost());

    assertEquals(InProcessRecognizer.textFor(3200), result.text());
    assertEquals(0.1, result.audioDurationSeconds(), 1e-9);
    assertEquals(1, result.results().size());
    Result only = result.results().get(0);
    assertTrue(only.isFinal());
    assertEquals(0.75f, only.best().confidence());
    assertEquals(only.text(), only.best().rawText(), "an unset raw transcript means unchanged");
    assertEquals(List.of(new Word("w0", 0, 0.5, 0.5f, false), new Word("w1", 1, 1.5, 0.5f, false),
        new Word("w2", 2, 2.5, 0.5f, false)), result.words());
    assertEquals(result.text(), result.raw().getResults(0).getAlternatives(0).getTranscript());
  }

  @Test
  void everySdkEncodingHasTheSameNamedApiEncoding() {
    for (AudioEncoding encoding : AudioEncoding.values()) {
      var config = ProtoMapping.config(RecognitionOptions.builder().encoding(encoding).build());
      assertEquals(encoding.name(), config.getEncoding().name());
    }
    assertEquals(AudioEncoding.values().length + 2, io.medasr.api.v1.AudioEncoding.values().length,
        "the API's encodings are the SDK's plus ENCODING_UNSPECIFIED and UNRECOGNIZED");
  }

  @Test
  void recognizeFileSendsItsBytesAsWavDetectedFromTheHeader(@TempDir Path dir) throws IOException {
    Path wav = TestData.speechWav();
    // A misleading name: the header decides, not the extension.
    Path renamed = Files.copy(wav, dir.resolve("dictation.mp3"));
    try (MedAsrClient client = client().build()) {
      TranscriptResult result = client.recognize(renamed);
      assertEquals(InProcessRecognizer.textFor(Files.size(wav)), result.text());
    }
    RecognizeRequest request = server.unaryRequests.get(0);
    assertEquals(io.medasr.api.v1.AudioEncoding.WAV, request.getConfig().getEncoding());
    assertEquals(0, request.getConfig().getSampleRateHz(), "rate comes from the WAV header");
    assertTrue(request.getAudioContent().equals(com.google.protobuf.ByteString.copyFrom(Files.readAllBytes(wav))));
  }

  @Test
  void recognizeFilePicksContainerEncodingsByExtension(@TempDir Path dir) throws IOException {
    String[][] cases = {{"a.flac", "FLAC"}, {"b.OGG", "OGG_OPUS"}, {"c.opus", "OGG_OPUS"}, {"d.mp3", "MP3"}};
    try (MedAsrClient client = client().build()) {
      for (String[] c : cases) {
        client.recognize(Files.write(dir.resolve(c[0]), new byte[64]));
      }
    }
    for (int i = 0; i < cases.length; i++) {
      assertEquals(cases[i][1], server.unaryRequests.get(i).getConfig().getEncoding().name());
    }
  }

  @Test
  void audioOfUnknownEncodingIsRejectedBeforeAnyCall(@TempDir Path dir) throws IOException {
    Path unknown = Files.write(dir.resolve("notes.txt"), "not audio".getBytes());
    try (MedAsrClient client = client().build()) {
      var fileError = assertThrows(InvalidArgumentException.class, () -> client.recognize(unknown));
      assertTrue(fileError.description().contains("notes.txt"), fileError.description());
      assertThrows(InvalidArgumentException.class,
          () -> client.recognize(new byte[64], RecognitionOptions.defaults()));
      assertThrows(IllegalArgumentException.class,
          () -> client.stream(RecognitionOptions.defaults(), new RecordingListener()));
    }
    assertTrue(server.unaryRequests.isEmpty());
  }

  @Test
  void healthReportsTheServersStatus() {
    try (MedAsrClient client = client().build()) {
      assertEquals(HealthStatus.SERVING, client.health());
      server.serving(false);
      assertEquals(HealthStatus.NOT_SERVING, client.health());
    }
  }

  @Test
  void unreachableServerIsUnavailable() {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    try (MedAsrClient client = MedAsrClient.builder().target("127.0.0.1:1").build()) {
      assertThrows(UnavailableException.class, client::health);
    }
  }

  @Test
  void closeLeavesAGivenChannelOpen() {
    client().build().close();
    assertFalse(server.channel().isShutdown());
  }

  @Test
  void recognitionOptionsValidateTheirRanges() {
    assertThrows(IllegalArgumentException.class, () -> RecognitionOptions.builder().sampleRateHz(7999).build());
    assertThrows(IllegalArgumentException.class, () -> RecognitionOptions.builder().channels(9).build());
    assertThrows(IllegalArgumentException.class, () -> RecognitionOptions.builder().maxAlternatives(0).build());
    assertThrows(IllegalArgumentException.class, () -> RecognitionOptions.builder().language(null).build());
    assertThrows(IllegalArgumentException.class, () -> new Phrase("", 1f));
    assertThrows(IllegalArgumentException.class, () -> new Phrase("x", Float.NaN));
    RecognitionOptions defaults = RecognitionOptions.defaults();
    assertNull(defaults.encoding());
    assertEquals("en", defaults.language());
    assertTrue(defaults.wordTimes() && defaults.interimResults() && !defaults.correction());
    assertEquals(1, defaults.maxAlternatives());
    assertFalse(defaults.singleUtterance());
    assertEquals(defaults, defaults.toBuilder().build());
  }
}

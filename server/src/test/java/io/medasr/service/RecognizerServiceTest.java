package io.medasr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.AudioEncoding;
import io.medasr.api.v1.PhraseUpdate;
import io.medasr.api.v1.RecognitionConfig;
import io.medasr.api.v1.RecognizeRequest;
import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.SpeechPhrase;
import io.medasr.api.v1.SpeechRecognitionAlternative;
import io.medasr.api.v1.SpeechRecognitionResult;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.api.v1.WordInfo;
import io.medasr.audio.AudioDecoders;
import io.medasr.bias.Biasing;
import io.medasr.bias.PhraseTrie;
import io.medasr.server.ServerConfig;
import io.medasr.engine.RecognitionEngine;
import io.medasr.testing.StreamCollector;
import io.medasr.testing.TestAssets;
import io.medasr.testing.TestServers;
import io.medasr.transcribe.Segment;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.transcribe.Transcriber;
import io.medasr.whisper.WhisperModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gRPC service end to end over an in-process transport, with the tiny random-weight model. */
class RecognizerServiceTest {
  private static final String LIBRISPEECH_CLIP = "librispeech-sample/wav/1089-134686-0001.wav";
  private static WhisperModel model;

  private Server server;
  private ManagedChannel channel;
  private RecognitionEngine engine;
  private RecognizerService service;

  @BeforeAll
  static void loadModel() throws Exception {
    model = WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
    if (engine != null) {
      engine.close();
    }
    if (service != null) {
      service.close();
    }
  }

  private RecognizerGrpc.RecognizerBlockingStub start(int maxStreams, double maxAudioSeconds) throws Exception {
    return start(maxStreams, maxAudioSeconds, false);
  }

  private RecognizerGrpc.RecognizerBlockingStub start(int maxStreams, double maxAudioSeconds, boolean logTranscripts,
      String... flags) throws Exception {
    String name = InProcessServerBuilder.generateName();
    List<String> all = new ArrayList<>(List.of("--max-streams", String.valueOf(maxStreams),
        "--max-audio-seconds", String.valueOf(maxAudioSeconds), "--log-transcripts", String.valueOf(logTranscripts)));
    all.addAll(List.of(flags));
    ServerConfig config = TestServers.config(all.toArray(String[]::new));
    engine = TestServers.engine(config);
    service = new RecognizerService(engine, config);
    server = InProcessServerBuilder.forName(name).addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    return RecognizerGrpc.newBlockingStub(channel);
  }

  private static RecognitionConfig wav() {
    return RecognitionConfig.newBuilder().setEncoding(AudioEncoding.WAV).build();
  }

  private static RecognitionConfig linear16(int rate) {
    return RecognitionConfig.newBuilder().setEncoding(AudioEncoding.LINEAR16).setSampleRateHz(rate).build();
  }


  /** Sends the config, then the audio cut into chunks of random size, then half-closes. */
  private StreamCollector stream(StreamingRecognitionConfig config, byte[] audio, long seed) {
    StreamCollector collector = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(collector);
    requests.onNext(StreamingRecognizeRequest.newBuilder().setStreamingConfig(config).build());
    Random random = new Random(seed);
    for (int offset = 0; offset < audio.length; ) {
      int n = Math.min(audio.length - offset, 1 + random.nextInt(9000));
      requests.onNext(audioRequest(audio, offset, n));
      offset += n;
    }
    requests.onCompleted();
    return collector;
  }

  private static StreamingRecognizeRequest audioRequest(byte[] audio, int offset, int length) {
    return StreamingRecognizeRequest.newBuilder().setAudioContent(ByteString.copyFrom(audio, offset, length)).build();
  }

  private static List<String> transcripts(RecognizeResponse response) {
    return response.getResultsList().stream().map(r -> r.getAlternatives(0).getTranscript()).toList();
  }

  @Test
  void recognizeReturnsTheEnginesSegments() throws Exception {
    Path clip = TestAssets.speech(LIBRISPEECH_CLIP);
    RecognizeResponse response = start(2, 600).recognize(RecognizeRequest.newBuilder()
        .setConfig(wav().toBuilder().setEnableWordTimeOffsets(true))
        .setAudioContent(ByteString.copyFrom(Files.readAllBytes(clip))).build());

    float[] samples = AudioDecoders.readFile(clip);
    List<Segment> expected = new Transcriber(model)
        .transcribe(samples, TranscribeOptions.defaults().withWordTimestamps(true)).segments().stream()
        .filter(s -> !s.text().isBlank()).toList();
    assertEquals(samples.length / 16000.0, response.getAudioDurationSeconds(), 1e-9);
    assertEquals(expected.stream().map(s -> s.text().strip()).toList(), transcripts(response));
    assertFalse(expected.isEmpty());
    for (int i = 0; i < expected.size(); i++) {
      SpeechRecognitionResult result = response.getResults(i);
      assertEquals(expected.get(i).start(), result.getStartTime(), 1e-9);
      assertEquals(expected.get(i).end(), result.getEndTime(), 1e-9);
      List<WordInfo> words = result.getAlternatives(0).getWordsList();
      assertEquals(expected.get(i).words().size(), words.size());
      for (int w = 0; w < words.size(); w++) {
        assertEquals(expected.get(i).words().get(w).word().strip(), words.get(w).getWord());
        assertEquals(expected.get(i).words().get(w).start(), words.get(w).getStartTime(), 1e-9);
      }
      float confidence = result.getAlternatives(0).getConfidence();
      assertTrue(confidence > 0 && confidence <= 1, "confidence " + confidence);
    }
  }

  @Test
  void transcriptsReachTheLogOnlyWhenAllowed() throws Exception {
    byte[] wav = Files.readAllBytes(TestAssets.speech(LIBRISPEECH_CLIP));
    List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        logged.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger serviceLog = java.util.logging.Logger.getLogger(RecognizerService.class.getName());
    serviceLog.addHandler(handler);
    try {
      RecognizeRequest request = RecognizeRequest.newBuilder().setConfig(wav())
          .setAudioContent(ByteString.copyFrom(wav)).build();
      List<String> segments = transcripts(start(2, 600, false).recognize(request));
      assertFalse(logged.isEmpty(), "the call is logged");
      assertTrue(logged.stream().noneMatch(m -> segments.stream().anyMatch(m::contains)),
          "no transcript in the log by default: " + logged);
      stop();
      logged.clear();
      start(2, 600, true).recognize(request);
      assertTrue(logged.stream().anyMatch(m -> segments.stream().allMatch(m::contains)),
          "transcript logged when allowed: " + logged);
    } finally {
      serviceLog.removeHandler(handler);
    }
  }

  @Test
  void wordsAreLeftOutUnlessAskedFor() throws Exception {
    Path clip = TestAssets.speech(LIBRISPEECH_CLIP);
    RecognizeResponse response = start(2, 600).recognize(RecognizeRequest.newBuilder().setConfig(wav())
        .setAudioContent(ByteString.copyFrom(Files.readAllBytes(clip))).build());
    assertFalse(response.getResultsList().isEmpty());
    response.getResultsList().forEach(r -> assertEquals(0, r.getAlternatives(0).getWordsCount()));
  }

  @Test
  void aStreamedWavCutAnywhereGivesTheSameFinalsAsRecognize() throws Exception {
    byte[] wav = Files.readAllBytes(TestAssets.speech(LIBRISPEECH_CLIP));
    RecognizeResponse unary = start(2, 600).recognize(
        RecognizeRequest.newBuilder().setConfig(wav()).setAudioContent(ByteString.copyFrom(wav)).build());
    StreamingRecognitionConfig config = StreamingRecognitionConfig.newBuilder().setConfig(wav()).build();
    for (long seed = 1; seed <= 3; seed++) {
      StreamCollector collector = stream(config, wav, seed);
      assertEquals(Status.Code.OK, collector.await().getCode());
      assertEquals(transcripts(unary), collector.finalTranscripts(), "seed " + seed);
      assertTrue(collector.results(false).isEmpty(), "no interim results unless asked");
    }
  }

  @Test
  void longStreamsCommitFinalsBeforeTheAudioEnds() throws Exception {
    start(2, 600);
    float[] audio = TestAssets.syntheticAudio(70);
    byte[] bytes = TestAssets.linear16(audio);
    StreamCollector collector = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(collector);
    requests.onNext(StreamingRecognizeRequest.newBuilder().setStreamingConfig(
        StreamingRecognitionConfig.newBuilder().setConfig(linear16(16000))).build());
    for (int offset = 0; offset < bytes.length; offset += 32000) {
      requests.onNext(audioRequest(bytes, offset, Math.min(32000, bytes.length - offset)));
    }
    assertTrue(collector.awaitFirstFinal(60), "a final result before the stream is half-closed");
    requests.onCompleted();
    assertEquals(Status.Code.OK, collector.await().getCode());
    List<StreamingRecognitionResult> finals = collector.results(true);
    for (int i = 1; i < finals.size(); i++) {
      assertTrue(finals.get(i).getStartTime() >= finals.get(i - 1).getStartTime(), "results in time order");
    }
    assertTrue(finals.get(finals.size() - 1).getStartTime() >= 30, "the last result lies after the first window");
  }

  @Test
  void interimResultsArriveWhenAskedFor() throws Exception {
    start(2, 600);
    byte[] bytes = TestAssets.linear16(TestAssets.syntheticAudio(5));
    StreamCollector collector = stream(StreamingRecognitionConfig.newBuilder().setConfig(linear16(16000))
        .setInterimResults(true).build(), bytes, 7);
    assertEquals(Status.Code.OK, collector.await().getCode());
    List<StreamingRecognitionResult> interims = collector.results(false);
    assertFalse(interims.isEmpty());
    for (StreamingRecognitionResult interim : interims) {
      assertTrue(interim.getStability() >= 0 && interim.getStability() <= 1);
      assertEquals(0, interim.getStartTime());
    }
  }

  @Test
  void phrasesBiasDecodingExactlyAsTheEngineDoesWithTheDefaultBoost() throws Exception {
    Path clip = TestAssets.speech(LIBRISPEECH_CLIP);
    RecognizeResponse response = start(2, 600).recognize(RecognizeRequest.newBuilder()
        .setConfig(wav().toBuilder().addPhrases(SpeechPhrase.newBuilder().setValue("metoprolol")))
        .setAudioContent(ByteString.copyFrom(Files.readAllBytes(clip))).build());
    float[] samples = AudioDecoders.readFile(clip);
    Biasing biasing = Biasing.of(List.of(PhraseTrie.of(Biasing.entries(model.tokenizer(), "metoprolol", 2.0f))),
        model.tokenizer().specials().eot(), List.of(), 0);
    String expected = new Transcriber(model)
        .transcribe(samples, TranscribeOptions.defaults().withBiasing(biasing)).text().strip();
    assertEquals(expected, String.join(" ", transcripts(response)));
  }

  @Test
  void badRequestsAreRefusedWithWhatIsWrong() throws Exception {
    RecognizerGrpc.RecognizerBlockingStub stub = start(2, 600);
    byte[] pcm = TestAssets.linear16(TestAssets.syntheticAudio(1));
    assertRefused(stub, RecognitionConfig.getDefaultInstance(), pcm, Status.Code.INVALID_ARGUMENT,
        "config.encoding is required (LINEAR16, MULAW, ALAW, FLOAT32, WAV, FLAC, OGG_OPUS or MP3)");
    assertRefused(stub, linear16(0), pcm, Status.Code.INVALID_ARGUMENT, "sample rate");
    assertRefused(stub, linear16(1_000_000), pcm, Status.Code.INVALID_ARGUMENT, "sample rate");
    assertRefused(stub, linear16(16000), new byte[] {1, 2, 3}, Status.Code.INVALID_ARGUMENT, "byte");
    assertRefused(stub, wav(), new byte[] {'R', 'I', 'F', 'X', 0, 0, 0, 0, 'W', 'A', 'V', 'E'},
        Status.Code.INVALID_ARGUMENT, "RIFF");
    assertRefused(stub, linear16(16000).toBuilder().setLanguageCode("de").build(), pcm,
        Status.Code.INVALID_ARGUMENT, "language 'de' is not supported: the model is English-only");
    assertRefused(stub, linear16(16000).toBuilder().setModel("large").build(), pcm, Status.Code.INVALID_ARGUMENT,
        "unknown model 'large'; this server has '" + model.name() + "'");
    assertRefused(stub, linear16(16000).toBuilder().setSpecialty("cardiology").build(), pcm,
        Status.Code.INVALID_ARGUMENT, "unknown specialty 'cardiology'; this server knows: general");
    assertRefused(stub, linear16(16000).toBuilder().setEnableCorrection(true).build(), pcm,
        Status.Code.INVALID_ARGUMENT, "semantic correction is not available");
  }

  @Test
  void aStreamThatSendsNothingIsEndedByTheIdleTimeoutAndFreesItsSlot() throws Exception {
    RecognizerGrpc.RecognizerBlockingStub stub = start(1, 600, false, "--idle-timeout", "1");
    StreamCollector idle = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(idle);
    requests.onNext(StreamingRecognizeRequest.newBuilder()
        .setStreamingConfig(StreamingRecognitionConfig.newBuilder().setConfig(linear16(16000))).build());
    Status status = idle.await();
    assertEquals(Status.Code.OUT_OF_RANGE, status.getCode());
    assertEquals("no audio for 1 s: a stream must send audio or half-close at least every 1 s",
        status.getDescription());
    // the only slot is free again
    assertEquals(1.0, stub.recognize(RecognizeRequest.newBuilder().setConfig(linear16(16000))
        .setAudioContent(ByteString.copyFrom(TestAssets.linear16(TestAssets.syntheticAudio(1)))).build())
        .getAudioDurationSeconds(), 1e-9);
  }

  @Test
  void configsOverTheRequestLimitsAreRefusedBeforeAnyWork() throws Exception {
    RecognizerGrpc.RecognizerBlockingStub stub = start(2, 600);
    byte[] pcm = TestAssets.linear16(TestAssets.syntheticAudio(1));
    assertRefused(stub, withPhrases(1001, "aspirin"), pcm, Status.Code.INVALID_ARGUMENT,
        "config has 1001 phrases; at most 1000 are accepted");
    assertRefused(stub, withPhrases(1, "x".repeat(101)), pcm, Status.Code.INVALID_ARGUMENT,
        "phrase 1 has 101 characters; at most 100 are accepted per phrase");
    assertRefused(stub, withPhrases(201, "y".repeat(100)), pcm, Status.Code.INVALID_ARGUMENT,
        "phrases have 20100 characters in all; at most 20000 are accepted");
    RecognitionConfig huge = linear16(16000).toBuilder().setLanguageCode("z".repeat(70_000)).build();
    assertRefused(stub, huge, pcm, Status.Code.INVALID_ARGUMENT,
        "config is " + huge.getSerializedSize() + " bytes; at most 65536 are accepted");
    // at the limits, a request goes through
    assertEquals(1.0, stub.recognize(RecognizeRequest.newBuilder().setConfig(withPhrases(200, "y".repeat(100)))
        .setAudioContent(ByteString.copyFrom(pcm)).build()).getAudioDurationSeconds(), 1e-9);
  }

  /** A word of the unbiased transcript, so that a phrase of it is completed even by the random-weight model. */
  private static String wordOf(List<WordInfo> words) {
    return words.stream().map(w -> w.getWord().strip()).filter(w -> w.matches("[A-Za-z]{3,}"))
        .findFirst().orElseThrow();
  }

  @Test
  void wordsOfACompletedPhraseComeFromTheVocabulary() throws Exception {
    RecognizerGrpc.RecognizerBlockingStub stub = start(2, 600);
    byte[] pcm = TestAssets.linear16(TestAssets.syntheticAudio(4));
    RecognitionConfig plainConfig = linear16(16000).toBuilder().setEnableWordTimeOffsets(true).build();
    SpeechRecognitionAlternative plain = stub.recognize(RecognizeRequest.newBuilder().setConfig(plainConfig)
        .setAudioContent(ByteString.copyFrom(pcm)).build()).getResults(0).getAlternatives(0);
    assertTrue(plain.getWordsList().stream().noneMatch(WordInfo::getFromVocabulary));
    String phrase = wordOf(plain.getWordsList());

    SpeechRecognitionAlternative biased = stub.recognize(RecognizeRequest.newBuilder()
        .setConfig(plainConfig.toBuilder().addPhrases(SpeechPhrase.newBuilder().setValue(phrase).setBoost(1)))
        .setAudioContent(ByteString.copyFrom(pcm)).build()).getResults(0).getAlternatives(0);
    List<String> marked = biased.getWordsList().stream().filter(WordInfo::getFromVocabulary)
        .map(w -> w.getWord().strip()).distinct().toList();
    assertEquals(List.of(phrase), marked);
  }

  @Test
  void boostsOutsideTheirRangeAndUnknownSpecialtiesAreRefusedWithTheValueQuoted() throws Exception {
    RecognizerGrpc.RecognizerBlockingStub stub = start(2, 600);
    byte[] pcm = TestAssets.linear16(TestAssets.syntheticAudio(1));
    assertRefused(stub, linear16(16000).toBuilder()
            .addPhrases(SpeechPhrase.newBuilder().setValue("apixaban").setBoost(11)).build(), pcm,
        Status.Code.INVALID_ARGUMENT, "phrase 1 has boost 11.0; boosts are 0 (the server's default, 2.0) to 10.0");
    assertRefused(stub, linear16(16000).toBuilder().setSpecialty("../../etc/passwd\n" + "x".repeat(60)).build(), pcm,
        Status.Code.INVALID_ARGUMENT, "unknown specialty '../../etc/passwd\\u000axxxxxxxxxxxxxxxxxxxxxxx'...; "
            + "this server knows: general");
  }

  @Test
  void aMidStreamPhraseUpdateIsCheckedLikeAConfig() throws Exception {
    start(2, 600);
    byte[] pcm = TestAssets.linear16(TestAssets.syntheticAudio(2));
    StreamCollector collector = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(collector);
    requests.onNext(StreamingRecognizeRequest.newBuilder()
        .setStreamingConfig(StreamingRecognitionConfig.newBuilder().setConfig(linear16(16000))).build());
    requests.onNext(audioRequest(pcm, 0, pcm.length));
    requests.onNext(StreamingRecognizeRequest.newBuilder().setPhraseUpdate(PhraseUpdate.newBuilder()
        .addPhrases(SpeechPhrase.newBuilder().setValue("z".repeat(101)))).build());
    requests.onCompleted();
    Status status = collector.await();
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertEquals("phrase 1 has 101 characters; at most 100 are accepted per phrase", status.getDescription());
  }

  @Test
  void aMidStreamPhraseUpdateBiasesTheAudioThatFollows() throws Exception {
    RecognizerGrpc.RecognizerBlockingStub stub = start(2, 600);
    byte[] pcm = TestAssets.linear16(TestAssets.syntheticAudio(4));
    RecognitionConfig config = linear16(16000).toBuilder().setEnableWordTimeOffsets(true).build();
    String phrase = wordOf(stub.recognize(RecognizeRequest.newBuilder().setConfig(config)
        .setAudioContent(ByteString.copyFrom(pcm)).build()).getResults(0).getAlternatives(0).getWordsList());

    StreamCollector collector = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(collector);
    requests.onNext(StreamingRecognizeRequest.newBuilder()
        .setStreamingConfig(StreamingRecognitionConfig.newBuilder().setConfig(config)).build());
    requests.onNext(StreamingRecognizeRequest.newBuilder().setPhraseUpdate(PhraseUpdate.newBuilder()
        .addPhrases(SpeechPhrase.newBuilder().setValue(phrase).setBoost(1))).build());
    requests.onNext(audioRequest(pcm, 0, pcm.length));
    requests.onCompleted();
    assertEquals(Status.Code.OK, collector.await().getCode());
    List<String> marked = collector.results(true).stream().flatMap(r -> r.getAlternatives(0).getWordsList().stream())
        .filter(WordInfo::getFromVocabulary).map(w -> w.getWord().strip()).distinct().toList();
    assertEquals(List.of(phrase), marked);
  }

  private static RecognitionConfig withPhrases(int count, String phrase) {
    RecognitionConfig.Builder config = linear16(16000).toBuilder();
    for (int i = 0; i < count; i++) {
      config.addPhrases(SpeechPhrase.newBuilder().setValue(phrase));
    }
    return config.build();
  }

  private static void assertRefused(RecognizerGrpc.RecognizerBlockingStub stub, RecognitionConfig config,
      byte[] audio, Status.Code code, String messagePart) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.recognize(
        RecognizeRequest.newBuilder().setConfig(config).setAudioContent(ByteString.copyFrom(audio)).build()));
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains(messagePart), e.getStatus().getDescription());
  }

  @Test
  void streamProtocolErrorsAreInvalidArgument() throws Exception {
    start(2, 600);
    StreamCollector audioFirst = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(audioFirst);
    requests.onNext(audioRequest(new byte[10], 0, 10));
    assertStatus(audioFirst, "the first request must carry streaming_config, not audio");

    StreamCollector twice = new StreamCollector();
    requests = RecognizerGrpc.newStub(channel).streamingRecognize(twice);
    StreamingRecognizeRequest config = StreamingRecognizeRequest.newBuilder()
        .setStreamingConfig(StreamingRecognitionConfig.newBuilder().setConfig(linear16(16000))).build();
    requests.onNext(config);
    requests.onNext(config);
    assertStatus(twice, "streaming_config may only be sent once, in the first request");

    StreamCollector noConfig = new StreamCollector();
    RecognizerGrpc.newStub(channel).streamingRecognize(noConfig).onCompleted();
    assertStatus(noConfig, "the stream ended before streaming_config was sent");

    StreamCollector oddBytes = stream(StreamingRecognitionConfig.newBuilder().setConfig(linear16(16000)).build(),
        new byte[3201], 1);
    Status odd = oddBytes.await();
    assertEquals(Status.Code.INVALID_ARGUMENT, odd.getCode());
    assertTrue(odd.getDescription().contains("byte"), odd.getDescription());
  }

  private static void assertStatus(StreamCollector collector, String description) throws InterruptedException {
    Status status = collector.await();
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertEquals(description, status.getDescription());
  }

  @Test
  void callsBeyondTheLimitAreResourceExhaustedAndTheSlotComesBack() throws Exception {
    RecognizerGrpc.RecognizerBlockingStub stub = start(1, 600);
    StreamCollector holder = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> held = RecognizerGrpc.newStub(channel).streamingRecognize(holder);
    held.onNext(StreamingRecognizeRequest.newBuilder().setStreamingConfig(StreamingRecognitionConfig.newBuilder()
        .setConfig(linear16(16000)).setInterimResults(true)).build());
    byte[] pcm = TestAssets.linear16(TestAssets.syntheticAudio(1));
    held.onNext(audioRequest(pcm, 0, pcm.length));
    // An interim result proves the stream was admitted and holds the only slot; polling with unary calls
    // instead could take the slot itself just when the stream's config arrives.
    assertTrue(holder.awaitFirstResponse(60), "the holding stream answers");
    StatusRuntimeException busy = assertThrows(StatusRuntimeException.class, () -> stub.recognize(
        RecognizeRequest.newBuilder().setConfig(linear16(16000)).setAudioContent(ByteString.copyFrom(pcm)).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, busy.getStatus().getCode());
    assertEquals("server is busy: 1 calls in progress; retry later", busy.getStatus().getDescription());
    held.onCompleted();
    assertEquals(Status.Code.OK, holder.await().getCode());
    stub.recognize(RecognizeRequest.newBuilder().setConfig(linear16(16000))
        .setAudioContent(ByteString.copyFrom(pcm)).build());
  }

  @Test
  void audioOverTheLimitIsResourceExhaustedAfterTheFinalsOfTheAcceptedAudio() throws Exception {
    RecognizerGrpc.RecognizerBlockingStub stub = start(2, 2);
    byte[] pcm = TestAssets.linear16(TestAssets.syntheticAudio(3));
    assertRefused(stub, linear16(16000), pcm, Status.Code.RESOURCE_EXHAUSTED,
        "audio is longer than this server accepts per call (at most 2 s)");

    // 1.5 s, then 1.5 s more: the second chunk passes the limit, so the first is transcribed and then refused
    StreamCollector collector = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(collector);
    requests.onNext(StreamingRecognizeRequest.newBuilder()
        .setStreamingConfig(StreamingRecognitionConfig.newBuilder().setConfig(linear16(16000))).build());
    requests.onNext(audioRequest(pcm, 0, pcm.length / 2));
    requests.onNext(audioRequest(pcm, pcm.length / 2, pcm.length / 2));
    requests.onCompleted();
    Status streamed = collector.await();
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, streamed.getCode());
    assertEquals("audio is longer than this server accepts per call (at most 2 s)", streamed.getDescription());
    float[] accepted = AudioDecoders.decodeAll(
        io.medasr.audio.AudioFormat.of(io.medasr.audio.AudioEncoding.LINEAR16, 16000, 1),
        Arrays.copyOf(pcm, pcm.length / 2));
    List<String> expected = new Transcriber(model).transcribe(accepted, TranscribeOptions.defaults()).segments()
        .stream().map(segment -> segment.text().strip()).filter(text -> !text.isEmpty()).toList();
    assertFalse(expected.isEmpty());
    assertEquals(expected, collector.finalTranscripts());
  }

  @Test
  void aFailingStreamLeavesItsNeighbourIntact() throws Exception {
    byte[] wav = Files.readAllBytes(TestAssets.speech(LIBRISPEECH_CLIP));
    RecognizeResponse alone = start(4, 600).recognize(
        RecognizeRequest.newBuilder().setConfig(wav()).setAudioContent(ByteString.copyFrom(wav)).build());

    StreamCollector good = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> goodRequests = RecognizerGrpc.newStub(channel).streamingRecognize(good);
    goodRequests.onNext(StreamingRecognizeRequest.newBuilder()
        .setStreamingConfig(StreamingRecognitionConfig.newBuilder().setConfig(wav())).build());
    goodRequests.onNext(audioRequest(wav, 0, wav.length / 2));

    StreamCollector bad = stream(StreamingRecognitionConfig.newBuilder().setConfig(
        RecognitionConfig.newBuilder().setEncoding(AudioEncoding.FLOAT32).setSampleRateHz(16000)).build(),
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).putFloat(0).array(), 5);
    assertEquals(Status.Code.INVALID_ARGUMENT, bad.await().getCode());

    goodRequests.onNext(audioRequest(wav, wav.length / 2, wav.length - wav.length / 2));
    goodRequests.onCompleted();
    assertEquals(Status.Code.OK, good.await().getCode());
    assertEquals(transcripts(alone), good.finalTranscripts());
  }
}

package io.medasr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.medasr.align.WordRetimer;
import io.medasr.align.WordTiming;
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
import io.medasr.api.v1.StreamingRecognizeResponse;
import io.medasr.api.v1.WordInfo;
import io.medasr.audio.AudioDecoders;
import io.medasr.correct.CorrectedWords;
import io.medasr.correct.Corrector;
import io.medasr.bias.Biasing;
import io.medasr.bias.PhraseTrie;
import io.medasr.server.ServerConfig;
import io.medasr.engine.RecognitionEngine;
import io.medasr.metrics.ServerMetrics;
import io.medasr.api.v1.SpeechEventType;
import io.medasr.stream.DecoderLoad;
import io.medasr.stream.Endpointing;
import io.medasr.stream.StreamListener;
import io.medasr.stream.StreamingOptions;
import io.medasr.stream.StreamingSession;
import io.medasr.testing.StreamCollector;
import io.medasr.whisper.InferenceRun;
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
  private ServerConfig config;

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
    // streams decode where the audio says, not where the machine's load does, so results can be compared
    List<String> all = new ArrayList<>(List.of("--max-streams", String.valueOf(maxStreams),
        "--max-audio-seconds", String.valueOf(maxAudioSeconds), "--log-transcripts", String.valueOf(logTranscripts),
        "--stream-keep-up", "false"));
    all.addAll(List.of(flags));
    config = TestServers.config(all.toArray(String[]::new));
    engine = TestServers.engine(config);
    service = new RecognizerService(engine, config, new ServerMetrics());
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

  /** The finals a stream of {@code samples} must give: the engine's streaming session, fed directly. */
  private List<String> sessionFinals(RecognitionConfig recognition, float[] samples) throws Exception {
    CallSettings settings = CallSettings.from(recognition, engine, config);
    StreamingOptions options = new StreamingOptions(settings.transcribeOptions().withShortAudioContext(true), false,
        1.0, Endpointing.defaults(), false, config.streamFinalContextSeconds());
    List<String> finals = new ArrayList<>();
    StreamingSession session = new StreamingSession(engine.transcriber(), engine.vad(), options,
        StreamListener.finalsTo(result -> finals.add(result.text())), InferenceRun.UNCANCELLABLE, DecoderLoad.alone());
    session.accept(samples);
    session.finish();
    return finals;
  }

  private static float[] wavSamples(byte[] wav) throws Exception {
    return AudioDecoders.decodeAll(io.medasr.audio.AudioFormat.of(io.medasr.audio.AudioEncoding.WAV, 0, 0), wav);
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
    // the engine's segments with their word times refined by the recording's pauses
    List<Segment> expected = new Transcriber(model)
        .transcribe(samples, TranscribeOptions.defaults().withWordTimestamps(true))
        .withWordTimes(WordRetimer.PAUSES, samples).segments().stream()
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
    java.util.logging.Formatter formatter = new java.util.logging.SimpleFormatter();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        logged.add(formatter.formatMessage(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    handler.setLevel(java.util.logging.Level.ALL);
    // every level of every MedASR logger: the engine, the decoder, the service, the stream
    java.util.logging.Logger medasrLog = java.util.logging.Logger.getLogger("io.medasr");
    java.util.logging.Level level = medasrLog.getLevel();
    medasrLog.setLevel(java.util.logging.Level.ALL);
    medasrLog.addHandler(handler);
    try {
      RecognizeRequest request = RecognizeRequest.newBuilder()
          .setConfig(wav().toBuilder().setEnableWordTimeOffsets(true).setEnableCorrection(true))
          .setAudioContent(ByteString.copyFrom(wav)).build();
      StreamingRecognitionConfig streaming = StreamingRecognitionConfig.newBuilder()
          .setConfig(request.getConfig()).setInterimResults(true).build();
      RecognizerGrpc.RecognizerBlockingStub stub = start(2, 600, false);
      List<String> transcripts = new ArrayList<>(transcripts(stub.recognize(request)));
      StreamCollector collector = stream(streaming, wav, 1);
      assertEquals(Status.Code.OK, collector.await().getCode());
      collector.results(false).forEach(r -> transcripts.add(r.getAlternatives(0).getTranscript()));
      transcripts.addAll(collector.finalTranscripts());
      assertFalse(logged.isEmpty(), "the calls are logged");
      // the transcripts' words, as whole words in any case: none of them may be in any message
      java.util.Set<String> words = new java.util.TreeSet<>();
      transcripts.forEach(t -> words.addAll(List.of(t.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}]+"))));
      words.removeIf(w -> w.length() < 4);
      assertFalse(words.isEmpty());
      for (String message : logged) {
        List<String> inMessage = List.of(message.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}]+"));
        assertTrue(words.stream().noneMatch(inMessage::contains),
            "a transcript word in the log: " + message);
      }
      stop();
      logged.clear();
      List<String> segments = transcripts(start(2, 600, true).recognize(request));
      assertTrue(logged.stream().anyMatch(m -> segments.stream().allMatch(m::contains)),
          "transcript logged when allowed: " + logged);
    } finally {
      medasrLog.removeHandler(handler);
      medasrLog.setLevel(level);
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
  void aStreamedWavCutAnywhereGivesTheSessionsFinalsAndEventsInOrder() throws Exception {
    byte[] wav = Files.readAllBytes(TestAssets.speech(LIBRISPEECH_CLIP));
    start(2, 600);
    List<String> expected = sessionFinals(wav(), wavSamples(wav));
    assertFalse(expected.isEmpty());
    StreamingRecognitionConfig streaming = StreamingRecognitionConfig.newBuilder().setConfig(wav()).build();
    List<SpeechEventType> firstEvents = null;
    for (long seed = 1; seed <= 3; seed++) {
      StreamCollector collector = stream(streaming, wav, seed);
      assertEquals(Status.Code.OK, collector.await().getCode());
      assertEquals(expected, collector.finalTranscripts(), "seed " + seed);
      assertTrue(collector.results(false).isEmpty(), "no interim results unless asked");
      List<SpeechEventType> events = collector.events();
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i % 2 == 0 ? SpeechEventType.SPEECH_STARTED : SpeechEventType.END_OF_UTTERANCE, events.get(i));
      }
      assertFalse(events.isEmpty());
      assertEquals(0, events.size() % 2, "every utterance ends");
      if (firstEvents != null) {
        assertEquals(firstEvents, events, "seed " + seed);
      }
      firstEvents = events;
    }
  }

  /** The LibriSpeech clip again and again, a second of silence after each, for {@code seconds} at least. */
  private static float[] dictation(double seconds) throws Exception {
    float[] clip = wavSamples(Files.readAllBytes(TestAssets.speech(LIBRISPEECH_CLIP)));
    int period = clip.length + 16000;
    int repeats = (int) Math.ceil(seconds * 16000 / period);
    float[] audio = new float[repeats * period];
    for (int i = 0; i < repeats; i++) {
      System.arraycopy(clip, 0, audio, i * period, clip.length);
    }
    return audio;
  }

  @Test
  void longStreamsCommitFinalsBeforeTheAudioEnds() throws Exception {
    start(2, 600);
    byte[] bytes = TestAssets.linear16(dictation(70));
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
      assertTrue(finals.get(i).getStartTime() >= finals.get(i - 1).getEndTime(), "results in time order");
    }
    List<Double> ends = collector.responses.stream()
        .filter(r -> r.getSpeechEventType() == SpeechEventType.END_OF_UTTERANCE)
        .map(StreamingRecognizeResponse::getSpeechEventTime).toList();
    assertTrue(ends.size() >= 10, "an utterance per clip: " + ends);
    assertTrue(ends.get(ends.size() - 1) >= 60, "the last utterance ends in the last clip: " + ends);
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
      assertTrue(interim.getStartTime() >= 0 && interim.getStartTime() <= interim.getEndTime());
      assertTrue(interim.getEndTime() <= 5.0, "within the audio sent");
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
    // a code of separators only has an empty language (found by RequestFuzzTest: it was an UNKNOWN crash)
    assertRefused(stub, linear16(16000).toBuilder().setLanguageCode("-").build(), pcm,
        Status.Code.INVALID_ARGUMENT, "language '-' is not supported: the model is English-only");
    assertRefused(stub, linear16(16000).toBuilder().setModel("large").build(), pcm, Status.Code.INVALID_ARGUMENT,
        "unknown model 'large'; this server has '" + model.name() + "'");
    assertRefused(stub, linear16(16000).toBuilder().setSpecialty("cardiology").build(), pcm,
        Status.Code.INVALID_ARGUMENT, "unknown specialty 'cardiology'; this server knows: general");
  }

  @Test
  void endpointingOutsideItsRangesIsRefusedWithTheValueQuoted() throws Exception {
    start(2, 600);
    byte[] pcm = TestAssets.linear16(TestAssets.syntheticAudio(1));
    assertStreamRefused(io.medasr.api.v1.Endpointing.newBuilder().setMinSilenceMs(50).build(), pcm,
        "endpointing: endpoint silence must be 100..5000 ms, got 50");
    assertStreamRefused(io.medasr.api.v1.Endpointing.newBuilder().setMaxUtteranceSeconds(301).build(), pcm,
        "endpointing: max utterance must be 1.0..300.0 s, got 301.0");
    assertStreamRefused(io.medasr.api.v1.Endpointing.newBuilder().setMinSilenceMs(300).setSpeechPaddingMs(200)
        .build(), pcm, "endpointing: speech padding 200 ms must be at most half the endpoint silence 300 ms");
  }

  private void assertStreamRefused(io.medasr.api.v1.Endpointing endpointing, byte[] audio, String description)
      throws InterruptedException {
    StreamCollector collector = stream(StreamingRecognitionConfig.newBuilder().setConfig(linear16(16000))
        .setEndpointing(endpointing).build(), audio, 1);
    Status status = collector.await();
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertEquals(description, status.getDescription());
  }

  @Test
  void aSingleUtteranceStreamEndsAtTheFirstEndpointWithItsFinals() throws Exception {
    start(2, 600);
    float[] audio = dictation(10); // the clip, a second of silence, the clip again...
    StreamingRecognitionConfig streaming = StreamingRecognitionConfig.newBuilder().setConfig(linear16(16000))
        .setSingleUtterance(true).build();
    StreamCollector collector = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(collector);
    requests.onNext(StreamingRecognizeRequest.newBuilder().setStreamingConfig(streaming).build());
    byte[] bytes = TestAssets.linear16(audio);
    requests.onNext(audioRequest(bytes, 0, bytes.length));
    // no half-close: the server ends the call itself
    assertEquals(Status.Code.OK, collector.await().getCode());
    assertEquals(List.of(SpeechEventType.SPEECH_STARTED, SpeechEventType.END_OF_UTTERANCE), collector.events());
    float[] clip = wavSamples(Files.readAllBytes(TestAssets.speech(LIBRISPEECH_CLIP)));
    List<String> firstUtterance = sessionFinals(linear16(16000), Arrays.copyOf(clip, clip.length + 16000));
    assertFalse(firstUtterance.isEmpty());
    assertEquals(firstUtterance, collector.finalTranscripts());
    StreamingRecognizeResponse last = collector.responses.get(collector.responses.size() - 1);
    assertEquals(SpeechEventType.END_OF_UTTERANCE, last.getSpeechEventType(), "the event comes after the finals");
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
  void aCallIsCorrectedWhenItAsksOrTheServerCorrectsEveryCall() throws Exception {
    start(2, 600);
    RecognitionConfig plain = linear16(16000);
    RecognitionConfig asking = plain.toBuilder().setEnableCorrection(true).build();
    ServerConfig correctingAll = TestServers.config("--correct-all");

    assertTrue(CallSettings.from(plain, engine, config).corrector().isEmpty());
    assertFalse(CallSettings.from(plain, engine, config).transcribeOptions().wordTimestamps());
    CallSettings asked = CallSettings.from(asking, engine, config);
    assertTrue(asked.corrector().isPresent());
    // confidences come with word times, which results still leave out unless asked for
    assertTrue(asked.transcribeOptions().wordTimestamps());
    assertFalse(asked.wordTimes());
    assertTrue(CallSettings.from(plain, engine, correctingAll).corrector().isPresent());
  }

  @Test
  void aCallNamesItsCorrectorsAmongThoseTheServerHas() throws Exception {
    RecognizerGrpc.RecognizerBlockingStub stub = start(2, 600);
    byte[] pcm = TestAssets.linear16(TestAssets.syntheticAudio(1));
    RecognitionConfig asking = linear16(16000).toBuilder().setEnableCorrection(true).build();

    assertRefused(stub, asking.toBuilder().addCorrectors("spellcheck").build(), pcm, Status.Code.INVALID_ARGUMENT,
        "unknown corrector 'spellcheck'; correctors are: lexicon, seq2seq");
    assertRefused(stub, asking.toBuilder().addCorrectors("lexicon").addCorrectors("seq2seq").build(), pcm,
        Status.Code.INVALID_ARGUMENT, "corrector 'seq2seq' needs a correction model, and this server has none");
    assertEquals(1.0, stub.recognize(RecognizeRequest.newBuilder()
        .setConfig(asking.toBuilder().addCorrectors(" Lexicon ")).setAudioContent(ByteString.copyFrom(pcm)).build())
        .getAudioDurationSeconds(), 1e-9);
  }

  @Test
  void aModelsRewritesThatNoTermSupportsChangeNothing() throws Exception {
    ServerConfig serverConfig = TestServers.config();
    RecognitionConfig seq2seq = linear16(16000).toBuilder().setEnableCorrection(true).addCorrectors("seq2seq")
        .addPhrases(SpeechPhrase.newBuilder().setValue("metoprolol")).build();
    List<WordTiming> words = new ArrayList<>();
    for (String word : "the patient takes metro paul daily".split(" ")) {
      words.add(new WordTiming(" " + word, words.size(), words.size() + 1, 0.5f));
    }
    try (RecognitionEngine withBart = TestServers.engineWithCorrectionModel(serverConfig)) {
      Corrector corrector = CallSettings.from(seq2seq, withBart, serverConfig).corrector().orElseThrow();
      // the random-weight model rewrites the text into nonsense, which spells no term: none of it is taken
      assertNotEquals("the patient takes metro paul daily",
          withBart.rewriter().orElseThrow().rewrite("the patient takes metro paul daily"));
      CorrectedWords corrected = corrector.correct(words);
      assertEquals(List.of(), corrected.corrections());
      assertEquals(words, corrected.words());
    }
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
    byte[] pcm = TestAssets.linear16(wavSamples(Files.readAllBytes(TestAssets.speech(LIBRISPEECH_CLIP))));
    RecognitionConfig config = linear16(16000).toBuilder().setEnableWordTimeOffsets(true).build();
    StreamCollector unbiased = stream(StreamingRecognitionConfig.newBuilder().setConfig(config).build(), pcm, 3);
    assertEquals(Status.Code.OK, unbiased.await().getCode());
    // a word of the unary transcript: unary decoding completes it as a phrase (wordsOfACompletedPhrase...)
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
    assertEquals(List.of(phrase), marked, () -> collector.finalTranscripts() + " / unbiased "
        + unbiased.finalTranscripts());
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
    List<String> expected = sessionFinals(linear16(16000), accepted);
    assertFalse(expected.isEmpty());
    assertEquals(expected, collector.finalTranscripts());
  }

  @Test
  void aFailingStreamLeavesItsNeighbourIntact() throws Exception {
    byte[] wav = Files.readAllBytes(TestAssets.speech(LIBRISPEECH_CLIP));
    start(4, 600);
    List<String> alone = sessionFinals(wav(), wavSamples(wav));

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
    assertEquals(alone, good.finalTranscripts());
  }
}

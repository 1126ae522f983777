package io.medasr.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.align.WordRetimer;
import io.medasr.align.WordTiming;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.AudioEncoding;
import io.medasr.audio.AudioFormat;
import io.medasr.testing.TestAssets;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.transcribe.Transcriber;
import io.medasr.vad.EnergyVadBackend;
import io.medasr.vad.EnergyVadConfig;
import io.medasr.vad.SpeechSegment;
import io.medasr.vad.VadBackend;
import io.medasr.vad.VadFormat;
import io.medasr.vad.VoiceActivityDetector;
import io.medasr.whisper.InferenceRun;
import io.medasr.whisper.WhisperModel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import io.medasr.bias.PromptTerms;
import io.medasr.correct.PhoneticMatcher;
import io.medasr.testing.Respelling;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming session on real dictation (synthetic clinical speech from the shared data) with the committed
 * tiny model, whose text is meaningless but exactly reproducible, and the energy voice-activity detector.
 */
class StreamingSessionTest {
  private static final int RATE = 16000;
  private static WhisperModel model;
  private static Transcriber transcriber;
  private static final VadBackend VAD = new EnergyVadBackend(EnergyVadConfig.defaults());

  @BeforeAll
  static void loadModel() throws Exception {
    model = WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT);
    transcriber = new Transcriber(model);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  /** What a session reported, in order: results and events. */
  private static final class Recorder implements StreamListener {
    final List<Object> all = new ArrayList<>();

    @Override
    public void onResult(RecognitionResult result) {
      all.add(result);
    }

    @Override
    public void onSpeechEvent(SpeechEvent event) {
      all.add(event);
    }

    List<SpeechEvent> events() {
      return all.stream().filter(SpeechEvent.class::isInstance).map(SpeechEvent.class::cast).toList();
    }

    List<RecognitionResult> results(boolean isFinal) {
      return all.stream().filter(RecognitionResult.class::isInstance).map(RecognitionResult.class::cast)
          .filter(r -> r.isFinal() == isFinal).toList();
    }
  }

  private static StreamingOptions options(boolean interims, Endpointing endpointing, double decodeInterval) {
    return new StreamingOptions(TranscribeOptions.defaults().withShortAudioContext(true), interims, decodeInterval,
        endpointing, false, StreamingOptions.DEFAULT_FINAL_CONTEXT_SECONDS);
  }

  private static StreamingSession session(StreamingOptions options, Recorder recorder) {
    return new StreamingSession(transcriber, VAD, options, recorder, InferenceRun.UNCANCELLABLE, DecoderLoad.alone());
  }

  /** Three clinical dictation clips, each followed by a second of silence. */
  private static float[] dictation() throws Exception {
    List<float[]> parts = new ArrayList<>();
    for (String id : List.of("msd_001", "msd_002", "msd_003")) {
      byte[] wav = Files.readAllBytes(TestAssets.speech("medical-synth/wav/" + id + ".wav"));
      parts.add(AudioDecoders.decodeAll(AudioFormat.of(AudioEncoding.WAV, 0, 0), wav));
      parts.add(new float[RATE]);
    }
    float[] audio = new float[parts.stream().mapToInt(p -> p.length).sum()];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, audio, at, part.length);
      at += part.length;
    }
    return audio;
  }

  private static void feedInRandomChunks(StreamingSession session, float[] audio, long seed) {
    Random random = new Random(seed);
    for (int at = 0; at < audio.length; ) {
      int n = Math.min(audio.length - at, 1 + random.nextInt(6000));
      session.accept(Arrays.copyOfRange(audio, at, at + n));
      at += n;
    }
    session.finish();
  }

  @Test
  void finalResultsAreCorrectedAndInterimResultsAreNot() throws Exception {
    float[] audio = dictation();
    Recorder plain = new Recorder();
    feedInRandomChunks(session(options(true, Endpointing.defaults(), 1.0), plain), audio, 3);
    // a phrase that one of the final words sounds like (short codes match only when spelled)
    PhoneticMatcher matcher = plain.results(true).stream().flatMap(r -> r.words().stream())
        .flatMap(word -> Respelling.ofPieces(word).stream())
        .map(phrase -> new PhoneticMatcher(model.tokenizer(), Optional.of(PromptTerms.of(List.of(phrase))),
            Optional.empty()))
        .filter(m -> plain.results(true).stream().anyMatch(r -> !m.correct(r.words()).corrections().isEmpty()))
        .findFirst().orElseThrow();

    Recorder corrected = new Recorder();
    StreamingOptions base = options(true, Endpointing.defaults(), 1.0);
    feedInRandomChunks(session(new StreamingOptions(base.transcribe(), true, 1.0, base.endpointing(), false,
        base.finalContextSeconds(), Optional.of(matcher)), corrected), audio, 3);

    // correction changes no decode: the same interims, and finals that are the plain ones corrected
    assertEquals(plain.results(false), corrected.results(false));
    List<RecognitionResult> expected = plain.results(true).stream()
        .map(r -> r.corrected(matcher.correct(r.words()))).toList();
    assertEquals(expected, corrected.results(true));
    for (RecognitionResult result : corrected.results(true)) {
      assertEquals(result.corrections().isEmpty(), result.text().equals(result.rawText()));
    }
  }

  @Test
  void finalsCarryTheRetimersWordTimesWhichChangeNoDecode() throws Exception {
    float[] audio = dictation();
    StreamingOptions options = options(true, Endpointing.defaults(), 1.0);
    Recorder plain = new Recorder();
    feedInRandomChunks(session(options, plain), audio, 4);
    // a retimer whose times are easy to recognise: the pauses' times, half a second later
    List<String> problems = new ArrayList<>();
    WordRetimer later = (samples, from, length, offset, words) -> {
      if (offset + (double) length / RATE < words.get(words.size() - 1).end() - 0.05) {
        problems.add("the audio given ends before the words do: " + words);
      }
      return WordRetimer.PAUSES.retime(samples, from, length, offset, words).stream()
          .map(w -> new WordTiming(w.word(), w.start() + 0.5, w.end() + 0.5, w.probability())).toList();
    };
    Recorder retimed = new Recorder();
    feedInRandomChunks(new StreamingSession(transcriber, VAD, options, retimed, InferenceRun.UNCANCELLABLE,
        DecoderLoad.alone(), later), audio, 4);

    assertEquals(List.of(), problems);
    List<RecognitionResult> expected = plain.results(true);
    List<RecognitionResult> actual = retimed.results(true);
    assertEquals(expected.size(), actual.size());
    assertFalse(expected.isEmpty());
    for (int r = 0; r < expected.size(); r++) {
      assertEquals(expected.get(r).text(), actual.get(r).text());
      List<WordTiming> words = expected.get(r).words();
      for (int i = 0; i < words.size(); i++) {
        assertEquals(words.get(i).start() + 0.5, actual.get(r).words().get(i).start(), 1e-9);
        assertEquals(words.get(i).end() + 0.5, actual.get(r).words().get(i).end(), 1e-9);
      }
    }
    // interims keep the pauses' times: aligning each of them cost the finals time
    assertFalse(plain.results(false).isEmpty());
    assertEquals(plain.results(false), retimed.results(false));
  }

  @Test
  void eachUtteranceIsStartedAndEndedWhereTheDetectorPutsItsSpeech() throws Exception {
    float[] audio = dictation();
    Endpointing endpointing = Endpointing.defaults();
    VoiceActivityDetector detector = VAD.newDetector(StreamingSession.vadConfig(endpointing));
    List<SpeechSegment> segments = new ArrayList<>(detector.accept(audio).segments());
    segments.addAll(detector.finish().segments());
    assertEquals(3, segments.size(), "one utterance per clip: " + segments);

    Recorder recorder = new Recorder();
    feedInRandomChunks(session(options(true, endpointing, 1.0), recorder), audio, 1);
    List<SpeechEvent> expected = new ArrayList<>();
    for (SpeechSegment segment : segments) {
      expected.add(new SpeechEvent(SpeechEvent.Type.SPEECH_STARTED, segment.startSeconds()));
      expected.add(new SpeechEvent(SpeechEvent.Type.END_OF_UTTERANCE, segment.endSeconds()));
    }
    assertEquals(expected, recorder.events());
    // every result of an utterance comes between its two events, within its speech
    SpeechEvent open = null;
    for (Object item : recorder.all) {
      if (item instanceof SpeechEvent event) {
        open = event.type() == SpeechEvent.Type.SPEECH_STARTED ? event : null;
      } else {
        RecognitionResult result = (RecognitionResult) item;
        assertTrue(open != null, "a result inside an utterance: " + result);
        assertTrue(result.startTime() >= open.time(), result + " starts after " + open);
      }
    }
  }

  @Test
  void finalsFollowEachOtherAndInterimsNeverReachBackIntoThem() throws Exception {
    Recorder recorder = new Recorder();
    feedInRandomChunks(session(options(true, Endpointing.defaults(), 1.0), recorder), dictation(), 2);
    assertFalse(recorder.results(true).isEmpty());
    assertFalse(recorder.results(false).isEmpty());
    double finalEnd = 0;
    for (Object item : recorder.all) {
      if (item instanceof RecognitionResult result) {
        assertTrue(result.startTime() >= finalEnd, result + " starts before the last final ended, " + finalEnd);
        for (int i = 1; i < result.words().size(); i++) {
          assertTrue(result.words().get(i).start() >= result.words().get(i - 1).end(), "words in order: " + result);
        }
        if (result.isFinal()) {
          finalEnd = result.endTime();
        } else {
          assertTrue(result.stability() >= 0 && result.stability() <= 1, result.toString());
        }
      }
    }
  }

  @Test
  void howTheAudioIsChunkedChangesNothing() throws Exception {
    float[] audio = dictation();
    Recorder whole = new Recorder();
    StreamingSession session = session(options(true, Endpointing.defaults(), 1.0), whole);
    session.accept(audio);
    session.finish();
    for (long seed = 3; seed <= 4; seed++) {
      Recorder chunked = new Recorder();
      feedInRandomChunks(session(options(true, Endpointing.defaults(), 1.0), chunked), audio, seed);
      assertEquals(whole.all, chunked.all, "seed " + seed);
    }
  }

  @Test
  void theEndpointTakesTheWordsOfThePauseDecodeWithoutAnotherDecode() throws Exception {
    byte[] wav = Files.readAllBytes(TestAssets.speech("medical-synth/wav/msd_001.wav"));
    float[] clip = AudioDecoders.decodeAll(AudioFormat.of(AudioEncoding.WAV, 0, 0), wav);
    Endpointing longEndpoint = new Endpointing(2000, Endpointing.DEFAULT_MAX_UTTERANCE_SECONDS,
        Endpointing.DEFAULT_SPEECH_PAD_MS);

    Recorder paused = new Recorder();
    StreamingSession session = session(options(false, longEndpoint, 1.0), paused);
    assertFalse(session.awaitsFinals());
    session.accept(clip);
    session.accept(new float[RATE]); // a second of silence: the pause's decode has run, the endpoint is to come
    long decodesAtThePause = session.decodes();
    assertEquals(List.of(SpeechEvent.Type.SPEECH_STARTED), paused.events().stream().map(SpeechEvent::type).toList());
    assertTrue(session.awaitsFinals(), "the utterance's finals wait for the endpoint");

    session.accept(new float[2 * RATE]);
    assertEquals(SpeechEvent.Type.END_OF_UTTERANCE, paused.events().get(1).type());
    assertFalse(session.awaitsFinals());
    assertEquals(decodesAtThePause, session.decodes(), "the endpoint needs no decode of its own");

    // the same words as when the endpoint comes soon after the speech (its default 500 ms)
    Recorder ended = new Recorder();
    StreamingSession reference = session(options(false, Endpointing.defaults(), 1.0), ended);
    reference.accept(clip);
    reference.accept(new float[3 * RATE]);
    assertEquals(text(ended.results(true)), text(paused.results(true)));
  }

  @Test
  void intervalDecodesWaitAnIntervalAtMostWhileAnotherStreamsFinalsWaitForADecode() throws Exception {
    byte[] wav = Files.readAllBytes(TestAssets.speech("medical-synth/wav/msd_001.wav"));
    float[] clip = AudioDecoders.decodeAll(AudioFormat.of(AudioEncoding.WAV, 0, 0), wav);
    StreamingOptions keepingUp = new StreamingOptions(TranscribeOptions.defaults().withShortAudioContext(true), false,
        1.0, Endpointing.defaults(), true, StreamingOptions.DEFAULT_FINAL_CONTEXT_SECONDS);
    Recorder probe = new Recorder(); // the clip's first second tells where its utterance starts
    session(options(false, Endpointing.defaults(), 1.0), probe).accept(Arrays.copyOf(clip, RATE));
    // the first interval decode is due half an interval after the utterance's start
    int speechStart = (int) Math.round(probe.events().get(0).time() * RATE);
    float[] toFirstDecode = Arrays.copyOf(clip, speechStart + RATE * 14 / 10);
    float[] pastAnInterval = Arrays.copyOf(clip, speechStart + RATE * 16 / 10);

    DecoderLoad load = DecoderLoad.alone();
    // each session gets its audio in one call, so that the arrival clock cannot find it behind real time
    StreamingSession free = new StreamingSession(transcriber, VAD, keepingUp, new Recorder(),
        InferenceRun.UNCANCELLABLE, load);
    free.accept(toFirstDecode);
    assertEquals(1, free.decodes());

    load.decodeBeforeFinalsStarted(); // another stream's pause: its finals wait for that decode
    StreamingSession held = new StreamingSession(transcriber, VAD, keepingUp, new Recorder(),
        InferenceRun.UNCANCELLABLE, load);
    held.accept(toFirstDecode);
    assertEquals(0, held.decodes(), "the decode due at 0.5 s waits");
    StreamingSession heldLonger = new StreamingSession(transcriber, VAD, keepingUp, new Recorder(),
        InferenceRun.UNCANCELLABLE, load);
    heldLonger.accept(pastAnInterval);
    assertEquals(1, heldLonger.decodes(), "an interval later it runs all the same");
  }

  @Test
  void anUtteranceEndsOnceItsSilentFramesCoverTheEndpointSilence() throws Exception {
    byte[] wav = Files.readAllBytes(TestAssets.speech("medical-synth/wav/msd_001.wav"));
    float[] clip = AudioDecoders.decodeAll(AudioFormat.of(AudioEncoding.WAV, 0, 0), wav);
    Recorder recorder = new Recorder();
    StreamingSession session = session(options(false, Endpointing.defaults(), 1.0), recorder);
    session.accept(clip);
    session.accept(new float[VadFormat.FRAME_SAMPLES - clip.length % VadFormat.FRAME_SAMPLES]); // to a frame's end
    assertEquals(1, recorder.events().size());
    float[] frame = new float[VadFormat.FRAME_SAMPLES];
    while (recorder.events().size() < 2) {
      session.accept(frame);
    }
    SpeechEvent end = recorder.events().get(1);
    assertEquals(SpeechEvent.Type.END_OF_UTTERANCE, end.type());
    // the event's time is the silence's start plus the padding; 16 silent frames (512 ms >= 500 ms) end it
    double silenceStart = end.time() - Endpointing.DEFAULT_SPEECH_PAD_MS / 1000.0;
    assertEquals(silenceStart + 16 * VadFormat.FRAME_MS / 1000.0, session.receivedSeconds(), 1e-9);
  }

  private static String text(List<RecognitionResult> results) {
    return String.join(" ", results.stream().map(RecognitionResult::text).toList());
  }

  @Test
  void silenceCostsNoDecodes() throws Exception {
    Recorder recorder = new Recorder();
    StreamingSession session = session(options(true, Endpointing.defaults(), 1.0), recorder);
    float[] tenSeconds = new float[10 * RATE];
    for (int i = 0; i < 60; i++) { // ten minutes of digital silence
      session.accept(tenSeconds);
    }
    assertEquals(0, session.decodes());
    session.accept(dictation());
    long afterSpeech = session.decodes();
    assertTrue(afterSpeech > 0);
    for (int i = 0; i < 6; i++) {
      session.accept(tenSeconds);
    }
    session.finish();
    assertEquals(afterSpeech, session.decodes(), "the minute of silence after the speech");
    assertEquals(600, recorder.events().get(0).time(), 1.0, "the first utterance starts after the silence");
  }

  @Test
  void singleLongUtterancesAreCutAtTheMaximumLength() throws Exception {
    Recorder recorder = new Recorder();
    Endpointing endpointing = new Endpointing(Endpointing.DEFAULT_MIN_SILENCE_MS, 3, Endpointing.DEFAULT_SPEECH_PAD_MS);
    feedInRandomChunks(session(options(false, endpointing, 1.0), recorder), dictation(), 5);
    List<SpeechEvent> events = recorder.events();
    assertTrue(events.size() > 6, "clips of about 10 s cut every 3 s: " + events);
    for (int i = 0; i < events.size(); i += 2) {
      assertEquals(SpeechEvent.Type.SPEECH_STARTED, events.get(i).type());
      assertEquals(SpeechEvent.Type.END_OF_UTTERANCE, events.get(i + 1).type());
      // the cut falls on the first frame end (32 ms) at or after the maximum
      assertTrue(events.get(i + 1).time() - events.get(i).time() < 3 + 0.032, events.get(i) + " to " + events.get(i + 1));
    }
  }

  @Test
  void heldAudioStaysBoundedOverTwoHoursOfUnbrokenSpeech() {
    Recorder recorder = new Recorder();
    // a tone the detector takes for speech that never pauses: the tail fills and is cut again and again
    Endpointing endpointing = new Endpointing(Endpointing.DEFAULT_MIN_SILENCE_MS, 300, Endpointing.DEFAULT_SPEECH_PAD_MS);
    StreamingSession session = session(options(false, endpointing, 60), recorder);
    float[] minute = TestAssets.syntheticAudio(60);
    int most = 0;
    for (int i = 0; i < 120; i++) {
      session.accept(minute);
      most = Math.max(most, session.heldSamples());
    }
    session.finish();
    assertTrue(most <= StreamingSession.MAX_TAIL_SAMPLES + StreamingSession.RECENT_SAMPLES, "held " + most);
    assertEquals(2 * 3600.0, session.receivedSeconds());
    assertEquals(SpeechEvent.Type.END_OF_UTTERANCE, recorder.events().get(recorder.events().size() - 1).type());
  }
}

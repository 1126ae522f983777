package io.medasr.server;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.medasr.align.WordRetimer;
import io.medasr.align.acoustic.ForcedAligner;
import io.medasr.bart.BartModel;
import io.medasr.bias.Lexicon;
import io.medasr.bias.Phrase;
import io.medasr.bias.Vocabulary;
import io.medasr.correct.CorrectorKind;
import io.medasr.engine.EngineConfig;
import io.medasr.engine.RecognitionEngine;
import io.medasr.metrics.ServerMetrics;
import io.medasr.vad.EnergyVadBackend;
import io.medasr.vad.VadBackend;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Logger;
import picocli.CommandLine;
import sun.misc.Signal;

/**
 * {@code medasr serve}: loads the model, starts the server, and on SIGTERM, SIGINT or SIGHUP drains and exits 0.
 *
 * <p>The drain runs in a signal handler, before the JVM's shutdown starts, and not in a shutdown hook: the JVM
 * runs its hooks all at once, and ONNX Runtime's own hook would release its environment under the decodes that
 * the drain lets finish, and java.util.logging's would drop the drain's log lines.
 */
public final class Main {
  private static final Logger LOG = Logger.getLogger(Main.class.getName());
  private static final String[] STOP_SIGNALS = {"TERM", "INT", "HUP"};

  private Main() {}

  /** The forced aligner when its directory exists, else cross-attention times refined with the audio's pauses. */
  private static WordRetimer wordTimes(ServerConfig config) throws IOException {
    if (!Files.isDirectory(config.aligner())) {
      LOG.warning("no forced aligner at " + config.aligner() + ": word times come from cross-attention and pauses"
          + " (models/aligner/fetch-aligner.sh fetches the aligner)");
      return WordRetimer.PAUSES;
    }
    long started = System.nanoTime();
    ForcedAligner aligner = ForcedAligner.load(config.aligner());
    LOG.info(String.format("word times: forced aligner from %s, loaded in %.1f s", config.aligner(),
        (System.nanoTime() - started) / 1e9));
    return aligner;
  }

  /** The lexicon (when its file is there) and the server's phrase list. */
  private static Vocabulary.Settings vocabulary(ServerConfig config) throws IOException {
    Lexicon lexicon = Lexicon.empty();
    if (config.lexicon() != null && Files.isRegularFile(config.lexicon())) {
      lexicon = Lexicon.read(config.lexicon());
      LOG.info(String.format("lexicon %s: %d terms in %d specialties; a request is biased toward the %d most "
          + "common of its specialty%s", config.lexicon(), lexicon.size(), lexicon.specialties().size(),
          config.specialtyTerms(), config.lexiconPrompt() && config.promptTerms() > 0
              ? "; any term may be suggested for a window's prompt" : ""));
    } else if (config.lexicon() != null) {
      LOG.warning("no lexicon at " + config.lexicon() + ": specialty lists are off (models/vocab/build-lexicon.sh"
          + " builds it)");
    }
    List<Phrase> phrases = config.phrasesFile() == null
        ? List.of()
        : Phrase.readFile(config.phrasesFile(), config.phraseBoost());
    return new Vocabulary.Settings(lexicon, config.specialtyTerms(), config.lexiconBoost(), phrases,
        config.promptTerms(), config.lexiconPrompt());
  }

  /**
   * The BART correction model when its directory is there (on the decoders' shared pool: corrections run in the
   * calls' tasks). IllegalArgumentException when the default correctors need it and it is not there.
   */
  private static Optional<BartModel> correctionModel(ServerConfig config) throws IOException {
    if (!Files.isDirectory(config.correctionModel())) {
      if (config.correctors().contains(CorrectorKind.SEQ2SEQ)) {
        throw new IllegalArgumentException("--correctors names seq2seq, but there is no correction model at "
            + config.correctionModel() + " (models/build-corrector.sh builds it)");
      }
      LOG.info("no correction model at " + config.correctionModel() + ": the seq2seq corrector is off");
      return Optional.empty();
    }
    BartModel bart = BartModel.load(config.correctionModel(), OrtSettings.onSharedPool());
    LOG.info("correction model from " + config.correctionModel() + "; correctors by default: "
        + String.join(", ", config.correctors().stream().map(CorrectorKind::id).toList()));
    return Optional.of(bart);
  }

  public static void main(String[] args) throws InterruptedException {
    CommandLine command = ServeCommand.commandLine(System.getenv());
    ServerConfig config;
    try {
      CommandLine.ParseResult parsed = command.parseArgs(args);
      if (parsed.isUsageHelpRequested()) {
        System.out.print(ServeCommand.usage());
        return;
      }
      if (parsed.isVersionHelpRequested()) {
        System.out.println(ServeCommand.version());
        return;
      }
      config = command.<ServeCommand>getCommand().config();
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      System.err.println("medasr serve: " + e.getMessage());
      System.err.print(ServeCommand.usage());
      System.exit(2);
      return;
    }
    if (config.jsonLogs()) {
      for (Handler handler : Logger.getLogger("").getHandlers()) {
        handler.setFormatter(new JsonLogFormatter());
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    EngineConfig engineConfig = config.engineConfig(cores, Runtime.getRuntime().maxMemory());
    // the decoders' runs share one pool: a decode alone uses every thread, decodes at once split them
    int poolThreads = engineConfig.decodeWorkers() * config.intraOpThreads(cores);
    OrtSettings.createSharedPool(poolThreads);
    WhisperModel model;
    ServerMetrics metrics = new ServerMetrics().withJvmMetrics();
    try {
      long started = System.nanoTime();
      model = WhisperModel.load(config.modelDir(), OrtSettings.onSharedPool(),
          config.int8() ? WhisperModel.INT8 : WhisperModel.FP32);
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      metrics.modelLoaded(loadSeconds);
      LOG.info(String.format("loaded model %s from %s in %.1f s; %d decoders sharing %d threads on %d cores",
          model.name(), config.modelDir(), loadSeconds, engineConfig.decodeWorkers(), poolThreads, cores));
      List<String> missing = model.missingSpeedups();
      if (!missing.isEmpty()) {
        LOG.warning("the model's graphs lack " + String.join(" and ", missing)
            + ": decoding is slower than it need be; models/build-model.sh rebuilds them (docs/models.md)");
      }
    } catch (IOException e) {
      System.err.println("medasr serve: cannot load the model: " + e.getMessage());
      System.exit(1);
      return;
    }
    Vocabulary.Settings vocabulary;
    VadBackend vad;
    Optional<BartModel> correctionModel;
    WordRetimer wordTimes;
    try {
      vocabulary = vocabulary(config);
      wordTimes = wordTimes(config);
      correctionModel = correctionModel(config);
      // a frame is a tiny graph: one thread, so that streams' VAD runs never compete with a decode's threads
      vad = VadBackend.open(config.vadModel(), new OrtSettings(1, 1, OptLevel.ALL_OPT));
    } catch (IOException | IllegalArgumentException e) {
      model.close();
      System.err.println("medasr serve: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (vad.name().equals(EnergyVadBackend.NAME)) {
      LOG.warning("no Silero VAD model at " + config.vadModel() + ": streams use the energy VAD (models/vad/fetch-vad.sh"
          + " fetches the model)");
    } else {
      LOG.info("voice activity: " + vad.name() + " from " + config.vadModel());
    }
    RecognitionEngine engine =
        new RecognitionEngine(model, vad, engineConfig, vocabulary, correctionModel, wordTimes);
    MedAsrServer server;
    try {
      server = MedAsrServer.start(engine, config, metrics);
    } catch (IOException e) {
      engine.close();
      System.err.println("medasr serve: cannot start on " + config.transport().bindAddress() + " port "
          + config.port() + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    for (String name : STOP_SIGNALS) {
      Signal.handle(new Signal(name), signal -> {
        if (!stopping.compareAndSet(false, true)) {
          LOG.info(() -> "SIG" + signal.getName() + " while shutting down: already draining");
          return;
        }
        LOG.info(() -> "SIG" + signal.getName() + ": shutting down; running calls get "
            + config.shutdownGrace().toSeconds() + " s");
        Thread drain = new Thread(() -> {
          try {
            server.shutdown(config.shutdownGrace());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            stopped.countDown();
          }
        }, "medasr-shutdown");
        drain.start();
      });
    }
    System.out.println("medasr: serving model " + model.name() + " on port " + server.port());
    stopped.await();
    System.exit(0);
  }
}

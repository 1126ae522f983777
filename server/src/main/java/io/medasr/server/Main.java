package io.medasr.server;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.medasr.service.RecognizerService;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.time.Duration;
import java.util.logging.Logger;

/** {@code medasr serve}: loads the model, starts the server, shuts down gracefully on SIGTERM/SIGINT. */
public final class Main {
  private static final Logger LOG = Logger.getLogger(Main.class.getName());
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.print(ServerConfig.usage());
      return;
    }
    ServerConfig config;
    try {
      config = ServerConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("medasr serve: " + e.getMessage());
      System.err.print(ServerConfig.usage());
      System.exit(2);
      return;
    }
    WhisperModel model;
    try {
      long started = System.nanoTime();
      model = WhisperModel.load(config.modelDir(), new OrtSettings(config.threads(), 0, OptLevel.ALL_OPT),
          config.int8() ? WhisperModel.INT8 : WhisperModel.FP32);
      LOG.info(String.format("loaded model %s from %s in %.1f s", model.name(), config.modelDir(),
          (System.nanoTime() - started) / 1e9));
    } catch (IOException e) {
      System.err.println("medasr serve: cannot load the model: " + e.getMessage());
      System.exit(1);
      return;
    }
    MedAsrServer server;
    try {
      server = MedAsrServer.start(new RecognizerService(model, config), config);
    } catch (IOException e) {
      model.close();
      System.err.println("medasr serve: cannot listen on port " + config.port() + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println("medasr: serving model " + model.name() + " on port " + server.port());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      try {
        server.shutdown(SHUTDOWN_GRACE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        model.close();
      }
    }, "medasr-shutdown"));
    server.awaitTermination();
  }
}

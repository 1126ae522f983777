package io.medasr.testing;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.medasr.bart.BartModel;
import io.medasr.bias.Vocabulary;
import io.medasr.engine.RecognitionEngine;
import io.medasr.server.ServerConfig;
import io.medasr.service.ApiKeyInterceptor;
import io.medasr.vad.EnergyVadBackend;
import io.medasr.vad.EnergyVadConfig;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Server configurations and engines on the committed tiny English model, as {@code medasr serve} builds them. */
public final class TestServers {
  /** Cores the tests size the engine for: two decode workers of one thread each, like a small server. */
  private static final int CORES = 2;

  private TestServers() {}

  /** {@code medasr serve --port 0 --model <tiny.en> --threads 1 --decoders 2} plus {@code flags}. */
  public static ServerConfig config(String... flags) {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--model", TestAssets.tinyEnglish().toString(),
        "--threads", "1", "--decoders", "2"));
    args.addAll(List.of(flags));
    return ServerConfig.parse(args.toArray(String[]::new), Map.of());
  }

  /** Sends {@code headerValue} as the {@code authorization} header of every call, e.g. "Bearer k1". */
  public static ClientInterceptor authorization(String headerValue) {
    Metadata headers = new Metadata();
    headers.put(ApiKeyInterceptor.AUTHORIZATION, headerValue);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /**
   * A fresh engine like {@link #engine}'s that also owns the committed tiny BART as its correction model (which
   * writes nonsense: its weights are random).
   */
  public static RecognitionEngine engineWithCorrectionModel(ServerConfig config) throws IOException {
    WhisperModel model = WhisperModel.load(config.modelDir(), TestAssets.ORT);
    return new RecognitionEngine(model, new EnergyVadBackend(EnergyVadConfig.defaults()),
        config.engineConfig(CORES, Runtime.getRuntime().maxMemory()), Vocabulary.Settings.none(),
        Optional.of(BartModel.load(TestAssets.tinyBart(), TestAssets.ORT)));
  }

  /** A fresh engine that owns a freshly loaded model; close the engine (or the server it is given to). */
  public static RecognitionEngine engine(ServerConfig config) throws IOException {
    WhisperModel model = WhisperModel.load(config.modelDir(), TestAssets.ORT);
    return new RecognitionEngine(model, config.engineConfig(CORES, Runtime.getRuntime().maxMemory()));
  }
}

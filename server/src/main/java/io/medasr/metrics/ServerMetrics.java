package io.medasr.metrics;

import io.medasr.engine.RecognitionEngine;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The server's Prometheus metrics (names in docs/operations.md): what each call adds when it ends, the latency of
 * streams' final results, and gauges read from the engine when scraped. Counts and times only: no metric carries
 * audio, text or a client's name. Each instance has its own registry, so servers in one JVM (tests) do not mix.
 * Thread-safe.
 */
public final class ServerMetrics {
  /** Call durations: a health-check-sized call up to an hour of audio. */
  private static final double[] CALL_SECONDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600};
  /** Wall time per second of audio: streams sit near 1 (real time); batch calls well below. */
  private static final double[] REAL_TIME_FACTOR = {0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.1, 1.5, 2, 5};
  /** Streams' final results: dictation needs them within a second of the pause. */
  private static final double[] FINAL_LATENCY_SECONDS = {0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter calls = Counter.builder()
      .name("medasr_calls_total")
      .help("Calls ended, by method and gRPC status code")
      .labelNames("method", "status")
      .register(registry);
  private final Counter audio = Counter.builder()
      .name("medasr_audio_seconds_total")
      .help("Seconds of audio that ended calls received, by method")
      .unit(Unit.SECONDS)
      .labelNames("method")
      .register(registry);
  private final Histogram callDuration = Histogram.builder()
      .name("medasr_call_duration_seconds")
      .help("Wall time of calls from their first message to their status, by method")
      .unit(Unit.SECONDS)
      .labelNames("method")
      .classicOnly()
      .classicUpperBounds(CALL_SECONDS)
      .register(registry);
  private final Histogram realTimeFactor = Histogram.builder()
      .name("medasr_call_real_time_factor")
      .help("Wall time per second of audio of calls that carried audio, by method")
      .labelNames("method")
      .classicOnly()
      .classicUpperBounds(REAL_TIME_FACTOR)
      .register(registry);
  private final Histogram finalLatency = Histogram.builder()
      .name("medasr_stream_final_latency_seconds")
      .help("Time from the arrival of the audio that ended an utterance to its last final result")
      .unit(Unit.SECONDS)
      .classicOnly()
      .classicUpperBounds(FINAL_LATENCY_SECONDS)
      .register(registry);
  private final Counter refusedKeys = Counter.builder()
      .name("medasr_api_key_refusals_total")
      .help("Calls refused for their API key (UNAUTHENTICATED), by reason: missing or invalid")
      .labelNames("reason")
      .register(registry);
  private final Gauge modelLoad = Gauge.builder()
      .name("medasr_model_load_seconds")
      .help("Time the server took to load its model")
      .unit(Unit.SECONDS)
      .register(registry);

  /** Adds the JVM's and the process's standard metrics (memory, GC, threads, resident memory, open files). */
  public ServerMetrics withJvmMetrics() {
    JvmMetrics.builder().register(registry);
    return this;
  }

  /** Adds gauges read from {@code engine} at each scrape. */
  public void watch(RecognitionEngine engine) {
    GaugeWithCallback.builder()
        .name("medasr_active_calls")
        .help("Calls admitted and not yet ended (streams and unary calls)")
        .callback(callback -> callback.call(engine.activeCalls()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("medasr_queued_turns")
        .help("Turns of calls waiting for a decode worker")
        .callback(callback -> callback.call(engine.queuedTurns()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("medasr_audio_memory_reserved_bytes")
        .help("Audio memory the admitted calls hold of the engine's budget")
        .unit(Unit.BYTES)
        .callback(callback -> callback.call(engine.reservedBytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("medasr_native_values")
        .help("ONNX Runtime tensors and results handed out and not yet closed (a growing count is a leak)")
        .callback(callback -> callback.call(engine.liveNativeValues()))
        .register(registry);
  }

  public void modelLoaded(double seconds) {
    modelLoad.set(seconds);
  }

  /**
   * A call ended.
   *
   * @param status the gRPC status code's name, e.g. "OK", "INVALID_ARGUMENT"
   * @param audioSeconds audio the call received (0 when it ended before any)
   */
  public void callEnded(String method, String status, double audioSeconds, double wallSeconds) {
    calls.labelValues(method, status).inc();
    callDuration.labelValues(method).observe(wallSeconds);
    if (audioSeconds > 0) {
      audio.labelValues(method).inc(audioSeconds);
      realTimeFactor.labelValues(method).observe(wallSeconds / audioSeconds);
    }
  }

  /** A call was refused for its API key; {@code reason} is "missing" or "invalid". */
  public void apiKeyRefused(String reason) {
    refusedKeys.labelValues(reason).inc();
  }

  /** A stream's utterance got its last final result {@code seconds} after its ending audio arrived. */
  public void finalResult(double seconds) {
    finalLatency.observe(seconds);
  }

  /**
   * Serves the metrics at {@code http://address:port/metrics} (Prometheus text and OpenMetrics formats).
   *
   * @param port 0 picks a free port
   * @return the endpoint; closing it stops serving
   */
  public HTTPServer serve(InetAddress address, int port) throws IOException {
    return HTTPServer.builder().inetAddress(address).port(port).registry(registry).buildAndStart();
  }
}

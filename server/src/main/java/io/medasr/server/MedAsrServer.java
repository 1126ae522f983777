package io.medasr.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.engine.RecognitionEngine;
import io.medasr.metrics.ServerMetrics;
import io.medasr.service.ApiKeyInterceptor;
import io.medasr.service.ClientIdentity;
import io.medasr.service.RecognizerService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The gRPC server: the recognizer service over an engine, standard health checking and server reflection.
 * Owns the Netty server and the engine. Thread-safe.
 */
public final class MedAsrServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MedAsrServer.class.getName());
  /**
   * After the engine has stopped, how long the transport gets to deliver the last statuses before connections
   * are cut: on a loaded machine a call that arrived with the signal can take seconds to be answered.
   */
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);
  /** Server pings after this much silence on a connection... */
  static final Duration KEEPALIVE = Duration.ofMinutes(1);
  /** ...and closes it when the ping goes unanswered this long. */
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);
  /** Clients may ping at most this often. */
  static final Duration MIN_CLIENT_KEEPALIVE = Duration.ofSeconds(10);
  /** A connection with no call for this long is closed. */
  static final Duration MAX_CONNECTION_IDLE = Duration.ofMinutes(5);
  /** A connection older than this gets GOAWAY (new calls go to a new connection, perhaps another replica). */
  static final Duration MAX_CONNECTION_AGE = Duration.ofHours(1);

  private final Server server;
  /** The plaintext health-only listener, or null; it closes last, so that probes see NOT_SERVING while draining. */
  private final Server healthOnly;
  private final HealthStatusManager healthManager;
  private final RecognizerService service;
  private final RecognitionEngine engine;
  /** TLS credentials (null for plaintext), the API keys file (null without one), the metrics endpoint (null when off). */
  private final Watched watched;
  private final Duration grace;
  private boolean stopped;

  /**
   * Builds and starts a server on the configured address and port (0 = any free port) that serves
   * {@code engine}, with TLS when configured, and takes ownership of the engine. On failure the engine is left to
   * the caller.
   *
   * @throws IOException when the port cannot be bound or the TLS files cannot be used
   */
  public static MedAsrServer start(RecognitionEngine engine, ServerConfig config) throws IOException {
    return start(engine, config, new ServerMetrics());
  }

  /**
   * As {@link #start(RecognitionEngine, ServerConfig)}, counting calls in {@code metrics} and serving them on the
   * configured metrics port, if any.
   */
  public static MedAsrServer start(RecognitionEngine engine, ServerConfig config, ServerMetrics metrics)
      throws IOException {
    Transport transport = config.transport();
    ServerTls tls = transport.usesTls() ? ServerTls.open(transport) : null;
    HTTPServer metricsEndpoint = null;
    ApiKeysFile keysFile = null;
    try {
      metrics.watch(engine);
      if (config.metricsPort() != ServerConfig.METRICS_OFF) {
        metricsEndpoint = metrics.serve(transport.address(), config.metricsPort());
      }
      ApiKeyInterceptor keys = config.apiKeys().isEmpty() ? null : new ApiKeyInterceptor(config.apiKeys(), metrics);
      if (keys != null && config.apiKeysFile() != null) {
        keysFile = new ApiKeysFile(config.apiKeysFile(), keys);
      }
      return start(engine, config, metrics, keys, new Watched(tls, keysFile, metricsEndpoint));
    } catch (IOException | RuntimeException e) {
      new Watched(tls, keysFile, metricsEndpoint).close();
      throw e;
    }
  }

  /** What the server owns besides its listeners and closes after them; each part may be null. */
  private record Watched(ServerTls tls, ApiKeysFile keysFile, HTTPServer metricsEndpoint) {
    void close() {
      if (tls != null) {
        tls.close();
      }
      if (keysFile != null) {
        keysFile.close();
      }
      if (metricsEndpoint != null) {
        metricsEndpoint.close();
      }
    }
  }

  private static MedAsrServer start(RecognitionEngine engine, ServerConfig config, ServerMetrics metrics,
      ApiKeyInterceptor keys, Watched watched) throws IOException {
    ServerTls tls = watched.tls();
    HTTPServer metricsEndpoint = watched.metricsEndpoint();
    HealthStatusManager health = new HealthStatusManager();
    RecognizerService service = new RecognizerService(engine, config, metrics);
    InetSocketAddress address = new InetSocketAddress(config.transport().address(), config.port());
    NettyServerBuilder builder = (tls == null
        ? NettyServerBuilder.forAddress(address)
        : NettyServerBuilder.forAddress(address, tls.credentials()))
        .maxInboundMessageSize(config.maxMessageBytes())
        // dead peers and idle connections go away on their own; old connections are recycled, streams on them
        // get the longest audio a call may have to finish
        .keepAliveTime(KEEPALIVE.toSeconds(), TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .permitKeepAliveTime(MIN_CLIENT_KEEPALIVE.toSeconds(), TimeUnit.SECONDS)
        .maxConnectionIdle(MAX_CONNECTION_IDLE.toSeconds(), TimeUnit.SECONDS)
        .maxConnectionAge(MAX_CONNECTION_AGE.toSeconds(), TimeUnit.SECONDS)
        .maxConnectionAgeGrace(Math.round(config.maxAudioSeconds()) + 60, TimeUnit.SECONDS)
        .addService(withAuth(service, keys))
        .addService(health.getHealthService());
    if (config.reflection()) {
      builder.addService(ProtoReflectionServiceV1.newInstance());
    }
    // probes (Kubernetes, a container's HEALTHCHECK) that cannot speak TLS or send a key get health alone
    Server healthOnly = config.healthPort() == ServerConfig.HEALTH_OFF ? null
        : NettyServerBuilder.forAddress(new InetSocketAddress(config.transport().address(), config.healthPort()))
            .addService(health.getHealthService())
            .build();
    MedAsrServer medAsr = new MedAsrServer(builder.build(), healthOnly, health, service, engine, watched,
        config.shutdownGrace());
    engine.onFatalError(error -> health.enterTerminalState());
    medAsr.server.start();
    if (healthOnly != null) {
      try {
        healthOnly.start();
      } catch (IOException e) {
        medAsr.server.shutdownNow();
        throw e;
      }
    }
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(RecognizerGrpc.SERVICE_NAME, ServingStatus.SERVING);
    Transport transport = config.transport();
    LOG.info(() -> "listening on " + transport.bindAddress() + " port " + medAsr.port() + (tls == null ? ""
        : transport.tlsClientCa() == null ? " with TLS" : " with mutual TLS"));
    if (metricsEndpoint != null) {
      LOG.info("metrics on http://" + transport.bindAddress() + ":" + metricsEndpoint.getPort() + "/metrics");
    }
    if (healthOnly != null) {
      LOG.info("gRPC health (plaintext, health only) on " + transport.bindAddress() + " port " + healthOnly.getPort());
    }
    if (transport.plaintextOnNetwork()) {
      LOG.warning("listening on " + transport.bindAddress() + " without TLS (--allow-plaintext): API keys and "
          + "patient audio cross the network in clear unless a TLS proxy on this host fronts the server");
    }
    return medAsr;
  }

  private MedAsrServer(Server server, Server healthOnly, HealthStatusManager health, RecognizerService service,
      RecognitionEngine engine, Watched watched, Duration grace) {
    this.server = server;
    this.healthOnly = healthOnly;
    this.healthManager = health;
    this.service = service;
    this.engine = engine;
    this.watched = watched;
    this.grace = grace;
  }

  private static ServerServiceDefinition withAuth(BindableService service, ApiKeyInterceptor keys) {
    // interceptors run last-added first: the key check, then the identity it establishes
    ServerServiceDefinition identified = ServerInterceptors.intercept(service, new ClientIdentity());
    return keys == null ? identified : ServerInterceptors.intercept(identified, keys);
  }

  public int port() {
    return server.getPort();
  }

  /** The port of the health-only listener, or {@link ServerConfig#HEALTH_OFF} without one. */
  public int healthPort() {
    return healthOnly == null ? ServerConfig.HEALTH_OFF : healthOnly.getPort();
  }

  /** The port of the metrics endpoint, or {@link ServerConfig#METRICS_OFF} without one. */
  public int metricsPort() {
    return watched.metricsEndpoint() == null ? ServerConfig.METRICS_OFF : watched.metricsEndpoint().getPort();
  }

  /**
   * Reads the TLS files again now if they changed, as the server does every {@link ServerTls#CHECK_INTERVAL} on
   * its own: new connections get the new certificate.
   *
   * @return whether new credentials were taken (false without TLS)
   */
  public boolean reloadTlsIfChanged() {
    return watched.tls() != null && watched.tls().reloadIfChanged();
  }

  /**
   * Reads the API keys file again now if it changed, as the server does every minute on its own: new calls are
   * checked against the new keys.
   *
   * @return whether new keys were taken (false without a keys file)
   */
  public boolean reloadApiKeysIfChanged() {
    return watched.keysFile() != null && watched.keysFile().reloadIfChanged();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Graceful shutdown: health reports NOT_SERVING at once so balancers move away, and new calls get UNAVAILABLE
   * from the engine while the listener stays open (a connection that arrives during the drain is answered, not
   * cut); running calls get {@code grace} to finish and receive their finals, then the rest are cancelled (their
   * clients get UNAVAILABLE); the model is closed only after its last run has returned; then the listener closes.
   * Idempotent.
   */
  public synchronized void shutdown(Duration grace) throws InterruptedException {
    if (stopped) {
      return;
    }
    stopped = true;
    healthManager.enterTerminalState();
    engine.stopAdmitting();
    int cancelled = engine.drain(grace);
    if (cancelled > 0) {
      LOG.warning(cancelled + " calls still running after the " + grace.toSeconds()
          + " s grace period were cancelled");
    }
    engine.close();
    service.close();
    server.shutdown();
    if (!server.awaitTermination(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      server.shutdownNow();
      server.awaitTermination(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (healthOnly != null) {
      healthOnly.shutdownNow();
    }
    watched.close();
    LOG.info("stopped");
  }

  /** {@link #shutdown(Duration)} with the configured grace period. */
  @Override
  public void close() throws InterruptedException {
    shutdown(grace);
  }
}

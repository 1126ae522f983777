package io.medasr.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.service.ApiKeyInterceptor;
import io.medasr.service.RecognizerService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The gRPC server: the recognizer service, standard health checking and server reflection.
 * Owns the Netty server, not the engine behind the service. Thread-safe.
 */
public final class MedAsrServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MedAsrServer.class.getName());
  /** Large enough for a long WAV sent in one unary call (2 h of 16 kHz 16-bit mono is 230 MB). */
  private static final int MAX_INBOUND_MESSAGE_BYTES = 256 * 1024 * 1024;

  private final Server server;
  private final HealthStatusManager healthManager;

  /** Builds and starts a server on the configured port (0 = any free port) that serves {@code service}. */
  public static MedAsrServer start(RecognizerService service, ServerConfig config) throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.port()))
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .addService(withAuth(service, config))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    MedAsrServer medAsr = new MedAsrServer(builder.build(), health);
    medAsr.server.start();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(RecognizerGrpc.SERVICE_NAME, ServingStatus.SERVING);
    LOG.info(() -> "listening on port " + medAsr.port());
    return medAsr;
  }

  private MedAsrServer(Server server, HealthStatusManager health) {
    this.server = server;
    this.healthManager = health;
  }

  private static ServerServiceDefinition withAuth(BindableService service, ServerConfig config) {
    return config.apiKeys().isEmpty()
        ? service.bindService()
        : ServerInterceptors.intercept(service, new ApiKeyInterceptor(config.apiKeys()));
  }

  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Graceful shutdown: reports NOT_SERVING so balancers drain, refuses new calls, lets running calls finish
   * within {@code grace}, then cancels what is left.
   */
  public void shutdown(Duration grace) throws InterruptedException {
    healthManager.enterTerminalState();
    server.shutdown();
    if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.warning("calls still running after the grace period; cancelling them");
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    shutdown(Duration.ofSeconds(30));
  }
}

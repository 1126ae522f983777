package io.medasr.client;

/** The server's answer to the standard gRPC health check of its overall health (service name ""). */
public enum HealthStatus {
  /** Ready to take calls. */
  SERVING,
  /** Up but not taking calls, e.g. still loading a model or shutting down. */
  NOT_SERVING,
  /** The server answered with a status this client does not know. */
  UNKNOWN
}

package io.medasr.service;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.medasr.metrics.ServerMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Rejects calls without a valid API key with UNAUTHENTICATED. The key travels as
 * {@code authorization: Bearer <key>}. Health checks and reflection are exempt so that load balancers
 * and tooling work without a key. Thread-safe.
 */
public final class ApiKeyInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";
  private static final List<String> EXEMPT_SERVICES =
      List.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection");

  /** The accepted keys and their bytes, replaced as a whole: a call sees one set or the other. */
  private volatile Keys keys;
  private final ServerMetrics metrics;

  /**
   * @param keys the accepted keys: a client is known by its key's name, never by its value
   * @param metrics counts the refusals
   */
  public ApiKeyInterceptor(List<ApiKey> keys, ServerMetrics metrics) {
    this.keys = Keys.of(keys);
    this.metrics = metrics;
  }

  /**
   * Accepts {@code keys} from now on instead of the keys before (calls already admitted keep going): how a
   * changed API keys file takes effect.
   *
   * @throws IllegalArgumentException when {@code keys} is empty: an emptied file must not open the server to all
   */
  public void replaceKeys(List<ApiKey> keys) {
    this.keys = Keys.of(keys);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (EXEMPT_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String header = headers.get(AUTHORIZATION);
    // RFC 7235: the scheme is case-insensitive
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      metrics.apiKeyRefused("missing");
      call.close(Status.UNAUTHENTICATED.withDescription(
          "missing API key: send metadata 'authorization: Bearer <key>'"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Keys accepted = keys;
    int key = accepted.indexOf(header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8));
    if (key < 0) {
      metrics.apiKeyRefused("invalid");
      call.close(Status.UNAUTHENTICATED.withDescription("invalid API key"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    // the key's name, never its value, is what limits and logs see of the client
    ApiKey matched = accepted.keys().get(key);
    Context context = Context.current().withValue(ClientIdentity.KEY,
        new ClientIdentity.Client(matched.name(), matched.maxCalls()));
    return Contexts.interceptCall(context, call, headers, next);
  }

  private record Keys(List<ApiKey> keys, List<byte[]> values) {
    static Keys of(List<ApiKey> keys) {
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("at least one API key is needed");
      }
      return new Keys(List.copyOf(keys), keys.stream().map(k -> k.value().getBytes(StandardCharsets.UTF_8)).toList());
    }

    /**
     * The key's position, or -1; compares against every key in constant time so that response timing does not
     * leak key prefixes or which key matched.
     */
    int indexOf(byte[] candidate) {
      int found = -1;
      for (int i = 0; i < values.size(); i++) {
        boolean equal = MessageDigest.isEqual(values.get(i), candidate);
        found = equal ? i : found;
      }
      return found;
    }
  }
}

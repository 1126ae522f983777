package io.medasr.service;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who a call comes from, for the per-client limit: its API key's number when keys are on (set by
 * {@link ApiKeyInterceptor}), else the client's IP address. Runs inside the key check. Thread-safe.
 */
public final class ClientIdentity implements ServerInterceptor {
  static final Context.Key<String> KEY = Context.key("medasr-client");

  /** The current call's client; "unknown" outside a call. */
  static String current() {
    String client = KEY.get();
    return client == null ? "unknown" : client;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (KEY.get() != null) {
      return next.startCall(call, headers);
    }
    Context context = Context.current().withValue(KEY, address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
    return Contexts.interceptCall(context, call, headers, next);
  }

  private static String address(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return "address " + inet.getAddress().getHostAddress();
    }
    return "address " + (remote == null ? "unknown" : remote.toString());
  }
}

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
 * Who a call comes from, for the per-client limit: its API key's name when keys are on (set by
 * {@link ApiKeyInterceptor}), else the client's IP address. Runs inside the key check. Thread-safe.
 */
public final class ClientIdentity implements ServerInterceptor {
  static final Context.Key<Client> KEY = Context.key("medasr-client");

  /**
   * A call's client.
   *
   * @param name what logs and refusals call it: "address 10.0.0.7", or an API key's name
   * @param maxCalls calls it may have admitted at once; 0 = the server's limit per client
   */
  record Client(String name, int maxCalls) {}

  /** The current call's client; "unknown" outside a call. */
  static Client current() {
    Client client = KEY.get();
    return client == null ? new Client("unknown", 0) : client;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (KEY.get() != null) {
      return next.startCall(call, headers);
    }
    Client client = new Client(address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)), 0);
    Context context = Context.current().withValue(KEY, client);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private static String address(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return "address " + inet.getAddress().getHostAddress();
    }
    return "address " + (remote == null ? "unknown" : remote.toString());
  }
}

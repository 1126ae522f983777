package io.medasr.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where the server listens and whether it speaks TLS. Plaintext is the default only on a loopback address:
 * anywhere else API keys and patient audio would cross the network in clear, so a non-loopback address needs TLS
 * or an explicit {@code allowPlaintext} (e.g. behind a TLS-terminating proxy on the same host). An immutable
 * value.
 *
 * @param bindAddress host name or IP address to listen on ({@code 0.0.0.0} or {@code ::} for every interface)
 * @param tlsCert PEM certificate chain of the server, leaf first; null = plaintext
 * @param tlsKey PEM private key (PKCS#8) of {@code tlsCert}; null exactly when {@code tlsCert} is
 * @param tlsClientCa PEM certificates of the authorities whose client certificates are accepted; when set, every
 *     client must present one (mutual TLS); null = no client certificates
 * @param allowPlaintext whether plaintext is allowed on a non-loopback address
 */
public record Transport(String bindAddress, Path tlsCert, Path tlsKey, Path tlsClientCa, boolean allowPlaintext) {
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

  public Transport {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException("bind address must not be empty");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key");
    }
    if (tlsClientCa != null && tlsCert == null) {
      throw new IllegalArgumentException("--tls-client-ca (mutual TLS) needs TLS: give --tls-cert and --tls-key");
    }
    if (tlsCert == null && !allowPlaintext && !address(bindAddress).isLoopbackAddress()) {
      throw new IllegalArgumentException("listening on " + bindAddress + " without TLS would send API keys and "
          + "patient audio in clear: give --tls-cert and --tls-key, or --allow-plaintext if a TLS proxy on this "
          + "host fronts the server");
    }
  }

  public static Transport loopbackPlaintext() {
    return new Transport(DEFAULT_BIND_ADDRESS, null, null, null, false);
  }

  public boolean usesTls() {
    return tlsCert != null;
  }

  /** Whether the server speaks plaintext where other hosts can reach it (allowed, and warned about). */
  public boolean plaintextOnNetwork() {
    return !usesTls() && !address(bindAddress).isLoopbackAddress();
  }

  /** The address to bind; a host name is resolved (at startup, once). */
  public InetAddress address() {
    return address(bindAddress);
  }

  private static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve bind address '" + host + "'");
    }
  }
}

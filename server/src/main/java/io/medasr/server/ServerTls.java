package io.medasr.server;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's TLS credentials, read from PEM files and read again when the files change, so that a renewed
 * certificate (or client CA) takes effect without a restart: new connections get it, open ones keep theirs.
 * A certificate and key that do not belong together (a renewal caught half-written) are not taken; the last good
 * pair stays until the files agree. Owns a daemon thread that checks the files every {@link #CHECK_INTERVAL};
 * {@link #close()} stops it. Thread-safe.
 */
public final class ServerTls implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ServerTls.class.getName());
  /** How often the files are checked for changes; a renewal takes effect within this. */
  public static final Duration CHECK_INTERVAL = PeriodicCheck.INTERVAL;
  /** A certificate that expires within this is warned about at every load. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  private final Transport transport;
  private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
  private final AdvancedTlsX509TrustManager trustManager;
  private final ServerCredentials credentials;
  private final PeriodicCheck checker;
  /**
   * The files at the last load attempt, to load them again only when they change (by content: a renewal copied with
   * its old modification time still counts).
   */
  private TlsFiles loaded;

  /** The bytes of the TLS files, read once per check and parsed from there; equal when every file's bytes are. */
  private record TlsFiles(ByteBuffer certificate, ByteBuffer key, ByteBuffer clientCa) {
    static TlsFiles read(Transport transport) throws IOException {
      return new TlsFiles(bytes(transport.tlsCert()), bytes(transport.tlsKey()),
          transport.tlsClientCa() == null ? null : bytes(transport.tlsClientCa()));
    }

    private static ByteBuffer bytes(Path file) throws IOException {
      return ByteBuffer.wrap(Files.readAllBytes(file));
    }
  }

  private ServerTls(Transport transport) throws IOException, GeneralSecurityException {
    this.transport = transport;
    TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(keyManager);
    if (transport.tlsClientCa() != null) {
      // the default verification checks the chain and the dates; a client certificate names a client, not a host
      trustManager = AdvancedTlsX509TrustManager.newBuilder()
          .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
          .build();
      builder.trustManager(trustManager).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    } else {
      trustManager = null;
    }
    this.credentials = builder.build();
    loaded = TlsFiles.read(transport);
    load(loaded);
    checker = new PeriodicCheck("medasr-tls-reload", this::reloadIfChanged);
  }

  /**
   * Reads the transport's certificate, key and client CA, and starts watching them.
   *
   * @throws IOException when a file cannot be read, or the certificate and key do not match
   */
  public static ServerTls open(Transport transport) throws IOException {
    if (!transport.usesTls()) {
      throw new IllegalArgumentException("the transport has no TLS files");
    }
    try {
      return new ServerTls(transport);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the TLS files: " + e.getMessage(), e);
    }
  }

  public ServerCredentials credentials() {
    return credentials;
  }

  /**
   * Reads the files again if any changed since the last attempt; a failure is logged and the credentials in use
   * stay. Called by the checker thread; callable at any time (e.g. by a test after replacing the files).
   *
   * @return whether new credentials were taken
   */
  public synchronized boolean reloadIfChanged() {
    try {
      TlsFiles now = TlsFiles.read(transport);
      if (now.equals(loaded)) {
        return false;
      }
      loaded = now; // a pair that cannot be used is warned about once, not at every check
      load(now);
      return true;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.log(Level.WARNING, "TLS files changed but cannot be used; the current certificate stays: "
          + e.getMessage());
      return false;
    }
  }

  private void load(TlsFiles files) throws IOException, GeneralSecurityException {
    X509Certificate[] chain = certificates(files.certificate(), transport.tlsCert());
    PrivateKey key;
    try {
      key = CertificateUtils.getPrivateKey(stream(files.key()));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("no PKCS#8 private key in " + transport.tlsKey(), e);
    }
    if (!belongTogether(key, chain[0].getPublicKey())) {
      throw new GeneralSecurityException("the key in " + transport.tlsKey() + " does not belong to the certificate in "
          + transport.tlsCert());
    }
    if (trustManager != null) {
      trustManager.updateTrustCredentials(certificates(files.clientCa(), transport.tlsClientCa()));
    }
    keyManager.updateIdentityCredentials(chain, key);
    X509Certificate leaf = chain[0];
    LOG.info(() -> "TLS certificate " + leaf.getSubjectX500Principal().getName() + ", valid until "
        + leaf.getNotAfter().toInstant() + (trustManager == null ? "" : "; client certificates required"));
    if (leaf.getNotAfter().toInstant().isBefore(Instant.now().plus(EXPIRY_WARNING))) {
      LOG.warning("the TLS certificate " + leaf.getSubjectX500Principal().getName() + " expires "
          + leaf.getNotAfter().toInstant() + "; renew it (the server reads renewed files without a restart)");
    }
  }

  /** The certificates of a PEM file's bytes; {@code pem} names the file in messages. */
  private static X509Certificate[] certificates(ByteBuffer bytes, Path pem) throws GeneralSecurityException {
    X509Certificate[] certificates = CertificateUtils.getX509Certificates(stream(bytes));
    if (certificates.length == 0) {
      throw new GeneralSecurityException("no certificate in " + pem);
    }
    return certificates;
  }

  private static InputStream stream(ByteBuffer bytes) {
    return new ByteArrayInputStream(bytes.array());
  }

  /** Whether the key signs what the public key verifies: a certificate and key renewed together. */
  private static boolean belongTogether(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm());
    };
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(challenge);
    return verifier.verify(signature);
  }


  @Override
  public void close() {
    checker.close();
  }
}

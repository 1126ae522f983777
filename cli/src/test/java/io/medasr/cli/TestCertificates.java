package io.medasr.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificate authorities and the certificates they issue, made for one test run (EC P-256, PEM files). */
final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());
  private static final Duration VALIDITY = Duration.ofDays(30);

  /** A certificate's PEM file and its key's PEM (PKCS#8) file. */
  record Issued(Path certificate, Path key) {}

  /** A self-signed certificate authority. */
  static final class Authority {
    private final X500Name name;
    private final KeyPair keys;
    private final X509Certificate certificate;
    /** The authority's certificate as a PEM file: what the other side trusts. */
    final Path certificateFile;

    private Authority(String commonName, Path dir) throws GeneralSecurityException, IOException {
      this.name = new X500Name("CN=" + commonName);
      this.keys = newKeys();
      X509v3CertificateBuilder builder = builder(name, name, keys);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      this.certificate = sign(builder, keys);
      this.certificateFile = dir.resolve(commonName + "-ca.pem");
      Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
    }

    /** A server certificate for localhost and 127.0.0.1, written to {@code dir/<name>.pem} and its key. */
    Issued issueServer(String commonName, Path dir) throws GeneralSecurityException, IOException {
      return issue(commonName, dir, KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    }

    /** A client certificate, written to {@code dir/<name>.pem} and its key. */
    Issued issueClient(String commonName, Path dir) throws GeneralSecurityException, IOException {
      return issue(commonName, dir, KeyPurposeId.id_kp_clientAuth, null);
    }

    private Issued issue(String commonName, Path dir, KeyPurposeId purpose, GeneralNames altNames)
        throws GeneralSecurityException, IOException {
      KeyPair leafKeys = newKeys();
      X509v3CertificateBuilder builder = builder(name, new X500Name("CN=" + commonName), leafKeys);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (altNames != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, altNames);
      }
      X509Certificate leaf = sign(builder, keys);
      Path certificateFile = dir.resolve(commonName + ".pem");
      Path keyFile = dir.resolve(commonName + "-key.pem");
      Files.writeString(certificateFile, pem("CERTIFICATE", leaf.getEncoded()) + pem("CERTIFICATE",
          certificate.getEncoded()));
      Files.writeString(keyFile, pem("PRIVATE KEY", leafKeys.getPrivate().getEncoded()));
      return new Issued(certificateFile, keyFile);
    }
  }

  private TestCertificates() {}

  static Authority newAuthority(String commonName, Path dir) throws GeneralSecurityException, IOException {
    return new Authority(commonName, dir);
  }

  private static KeyPair newKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}

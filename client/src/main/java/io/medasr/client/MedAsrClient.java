package io.medasr.client;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.medasr.api.v1.RecognizeRequest;
import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.RecognizerGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A client of a MedASR server: transcribe whole files with {@link #recognize} (or {@link #recognizeAsync}) or
 * stream audio with {@link #stream}. Files of any length can be recognized: those over {@link Builder#unaryLimitBytes} are
 * streamed under the hood.
 *
 * <pre>{@code
 * try (MedAsrClient client = MedAsrClient.builder().target("localhost:50051").apiKey(key).build()) {
 *   TranscriptResult result = client.recognize(Path.of("dictation.wav"));
 *   System.out.println(result.text());
 * }
 * }</pre>
 *
 * <p>Thread-safe: create one client and share it; calls on it may run concurrently. It owns the gRPC channel it
 * builds from {@link Builder#target} and shuts it down on {@link #close()}; a channel passed to
 * {@link Builder#channel} stays the caller's. The API key travels as the metadata header
 * {@code authorization: Bearer <key>} on every call. Failures are thrown as {@link MedAsrException} and its
 * subclasses.
 */
public final class MedAsrClient implements AutoCloseable {
  /** The metadata header that carries the API key, as {@code Bearer <key>}. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
  /** Size of the audio messages a long file is streamed in. */
  private static final int FILE_CHUNK_BYTES = 256 * 1024;

  /** The channel calls go over before the API key is attached; shut down by this client only when owned. */
  private final ManagedChannel baseChannel;
  private final boolean ownsChannel;
  private final Channel channel;
  private final String apiKey;
  private final Duration deadline;
  private final Duration streamDeadline;
  private final long unaryLimitBytes;

  private MedAsrClient(ManagedChannel baseChannel, boolean ownsChannel, String apiKey, Duration deadline,
      Duration streamDeadline, long unaryLimitBytes) {
    this.baseChannel = baseChannel;
    this.ownsChannel = ownsChannel;
    this.apiKey = apiKey;
    this.channel = apiKey == null ? baseChannel : ClientInterceptors.intercept(baseChannel, Builder.authorization(apiKey));
    this.deadline = deadline;
    this.streamDeadline = streamDeadline;
    this.unaryLimitBytes = unaryLimitBytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder for a client that shares this client's channel (its connection, TLS and threads) and starts from
   * its settings, to change the API key, deadlines or unary limit. The new client does not own the channel:
   * closing it leaves the channel open, and closing this client, when it owns the channel, ends the calls of both.
   */
  public Builder newBuilder() {
    Builder builder = new Builder();
    builder.channel = baseChannel;
    builder.apiKey = apiKey;
    builder.deadline = deadline;
    builder.streamDeadline = streamDeadline;
    builder.unaryLimitBytes = unaryLimitBytes;
    return builder;
  }

  /**
   * Transcribes an audio file of any length. Unless {@code options} name an encoding, it is picked from the
   * file: WAV by its header, FLAC, Ogg Opus and MP3 by the extension ({@code .flac}, {@code .ogg}/{@code .opus},
   * {@code .mp3}).
   *
   * <p>A file of at most {@link Builder#unaryLimitBytes} bytes goes in one unary {@code Recognize} call. A larger
   * one is streamed from disk over {@code StreamingRecognize} (without interim results) and answered in the same
   * form: the final results in order, their words, and the length of the audio. Either way the call is bounded
   * by the client's {@link Builder#deadline}, and {@code options.interimResults()} and
   * {@code options.singleUtterance()} play no part.
   *
   * @throws IOException when the file cannot be read
   * @throws InvalidArgumentException when the encoding cannot be told, or the server rejects the audio
   * @throws MedAsrException for every other failure of the call, {@code CANCELLED} when the thread is
   *     interrupted while a file is streamed
   */
  public TranscriptResult recognize(Path audioFile, RecognitionOptions options) throws IOException {
    if (Files.size(audioFile) <= unaryLimitBytes) {
      byte[] audio = Files.readAllBytes(audioFile);
      return recognizeUnary(audio, withFileEncoding(options, audioFile, audio));
    }
    // Too large for one message: streamed from disk, so only the file's start is read to tell the encoding.
    byte[] start = readStart(audioFile, AudioEncoding.DETECTION_BYTES);
    return recognizeStreamed(audioFile, withFileEncoding(options, audioFile, start));
  }

  /** Transcribes an audio file with {@link RecognitionOptions#defaults()}. */
  public TranscriptResult recognize(Path audioFile) throws IOException {
    return recognize(audioFile, RecognitionOptions.defaults());
  }

  /**
   * Transcribes audio held in memory, in one unary call bounded by the client's deadline. Without an encoding
   * in {@code options}, the audio must be a WAV file.
   *
   * @throws IllegalArgumentException when the audio is over {@link Builder#unaryLimitBytes}: one call cannot
   *     carry it, so use {@link #recognize(Path, RecognitionOptions)} or {@link #stream}
   * @throws InvalidArgumentException when the encoding cannot be told, or the server rejects the audio
   * @throws MedAsrException for every other failure of the call
   */
  public TranscriptResult recognize(byte[] audio, RecognitionOptions options) {
    return recognizeUnary(audio, withInMemoryEncoding(audio, options));
  }

  /**
   * Transcribes audio held in memory without blocking: one unary call bounded by the client's deadline, as
   * {@link #recognize(byte[], RecognitionOptions)}. The future completes on a gRPC thread, with the result or
   * with a {@link MedAsrException}; cancelling it cancels the call, which frees its place on the server.
   *
   * @throws IllegalArgumentException when the audio is over {@link Builder#unaryLimitBytes}
   * @throws InvalidArgumentException when {@code options} name no encoding and the audio has no WAV header
   */
  public CompletableFuture<TranscriptResult> recognizeAsync(byte[] audio, RecognitionOptions options) {
    RecognizeRequest request = unaryRequest(audio, withInMemoryEncoding(audio, options));
    CompletableFuture<TranscriptResult> result = new CompletableFuture<>();
    recognizerAsync().recognize(request, new ClientResponseObserver<RecognizeRequest, RecognizeResponse>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<RecognizeRequest> call) {
        result.whenComplete((transcript, failure) -> {
          if (result.isCancelled()) {
            call.cancel("cancelled by the client", null);
          }
        });
      }

      @Override
      public void onNext(RecognizeResponse response) {
        result.complete(ProtoMapping.transcriptResult(response));
      }

      @Override
      public void onError(Throwable failure) {
        result.completeExceptionally(MedAsrException.fromGrpc(failure));
      }

      @Override
      public void onCompleted() {}
    });
    return result;
  }

  /**
   * Opens a stream: send audio on the returned handle while it is spoken and receive results on
   * {@code listener}. The stream has the builder's stream deadline, if one was set.
   *
   * @param options must name the encoding of the audio that will be sent
   */
  public StreamingRecognition stream(RecognitionOptions options, RecognitionListener listener) {
    if (options.encoding() == null) {
      throw new IllegalArgumentException(
          "streams need RecognitionOptions.encoding: there is no file to detect it from");
    }
    return openStream(options, new ListenerDispatch(listener), streamDeadline);
  }

  /**
   * Asks the server's standard gRPC health service about the server as a whole (service name "").
   *
   * @throws MedAsrException when the check fails, e.g. {@link UnavailableException} when the server cannot be
   *     reached
   */
  public HealthStatus health() {
    try {
      HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
          .check(HealthCheckRequest.newBuilder().setService("").build());
      return switch (response.getStatus()) {
        case SERVING -> HealthStatus.SERVING;
        case NOT_SERVING -> HealthStatus.NOT_SERVING;
        default -> HealthStatus.UNKNOWN;
      };
    } catch (StatusRuntimeException e) {
      throw MedAsrException.fromGrpc(e);
    }
  }

  /** Shuts down the channel when this client built it, waiting briefly for calls in flight. */
  @Override
  public void close() {
    if (!ownsChannel) {
      return;
    }
    baseChannel.shutdown();
    try {
      if (!baseChannel.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        baseChannel.shutdownNow();
      }
    } catch (InterruptedException e) {
      baseChannel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private RecognizerGrpc.RecognizerBlockingStub recognizerBlocking() {
    return RecognizerGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  private RecognizerGrpc.RecognizerStub recognizerAsync() {
    return RecognizerGrpc.newStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** {@code options.encoding()} must be set. */
  private TranscriptResult recognizeUnary(byte[] audio, RecognitionOptions options) {
    try {
      return ProtoMapping.transcriptResult(recognizerBlocking().recognize(unaryRequest(audio, options)));
    } catch (StatusRuntimeException e) {
      throw MedAsrException.fromGrpc(e);
    }
  }

  private static RecognizeRequest unaryRequest(byte[] audio, RecognitionOptions options) {
    return RecognizeRequest.newBuilder()
        .setConfig(ProtoMapping.config(options))
        .setAudioContent(ByteString.copyFrom(audio))
        .build();
  }

  /** The options with the in-memory audio's encoding: theirs, or WAV when the audio has the header. */
  private RecognitionOptions withInMemoryEncoding(byte[] audio, RecognitionOptions options) {
    if (audio.length > unaryLimitBytes) {
      throw new IllegalArgumentException("audio of " + audio.length + " bytes is too large for one Recognize call;"
          + " use recognize(Path) or stream() for audio over " + unaryLimitBytes + " bytes");
    }
    AudioEncoding encoding = options.encoding() != null
        ? options.encoding()
        : AudioEncoding.detect(audio).orElseThrow(() -> new InvalidArgumentException(
            "the audio has no WAV header; set the encoding", null));
    return options.withEncoding(encoding);
  }

  /**
   * Streams a file too large for one unary message and collects the final results into the answer
   * {@code Recognize} would have given. {@code options.encoding()} must be set.
   */
  private TranscriptResult recognizeStreamed(Path audioFile, RecognitionOptions options) throws IOException {
    RecognitionOptions finalsOnly = options.toBuilder().interimResults(false).singleUtterance(false).build();
    FinalResultCollector finals = new FinalResultCollector();
    StreamingRecognition stream = openStream(finalsOnly, finals, deadline);
    try {
      sendFile(audioFile, stream);
      stream.halfClose();
      stream.awaitCompletion();
    } catch (InterruptedException e) {
      stream.cancel();
      Thread.currentThread().interrupt();
      throw new MedAsrException(MedAsrStatus.CANCELLED, "interrupted while streaming " + audioFile.getFileName(), e);
    } catch (IOException | RuntimeException e) {
      // Frees the server's call slot when reading failed; does nothing when the stream has already ended.
      stream.cancel();
      throw e;
    }
    return ProtoMapping.transcriptResult(finals.response());
  }

  /** Sends the whole file, each chunk as soon as gRPC flow control takes it. */
  private static void sendFile(Path audioFile, StreamingRecognition stream) throws IOException, InterruptedException {
    byte[] chunk = new byte[FILE_CHUNK_BYTES];
    try (InputStream audio = Files.newInputStream(audioFile)) {
      int length;
      while ((length = audio.readNBytes(chunk, 0, chunk.length)) > 0) {
        // send copies the bytes, so the buffer can be refilled at once.
        stream.send(ByteBuffer.wrap(chunk, 0, length));
      }
    }
  }

  /** Starts a StreamingRecognize call and sends its config; {@code callDeadline} null means none. */
  private StreamingRecognition openStream(
      RecognitionOptions options, StreamingResponseHandler handler, Duration callDeadline) {
    StreamingRecognition recognition = new StreamingRecognition(handler);
    RecognizerGrpc.RecognizerStub stub = RecognizerGrpc.newStub(channel);
    if (callDeadline != null) {
      stub = stub.withDeadlineAfter(callDeadline.toNanos(), TimeUnit.NANOSECONDS);
    }
    stub.streamingRecognize(recognition.responseObserver());
    recognition.start(ProtoMapping.streamingConfig(options));
    return recognition;
  }

  private static RecognitionOptions withFileEncoding(RecognitionOptions options, Path audioFile, byte[] start) {
    if (options.encoding() != null) {
      return options;
    }
    AudioEncoding encoding = AudioEncoding.detect(audioFile, start).orElseThrow(() -> new InvalidArgumentException(
        "cannot tell the encoding of " + audioFile.getFileName()
            + ": not a WAV file, and the extension is not .flac, .ogg, .opus or .mp3; set the encoding", null));
    return options.withEncoding(encoding);
  }

  private static byte[] readStart(Path file, int length) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(length);
    }
  }

  /**
   * Configures a {@link MedAsrClient}. Give either a {@link #target} (the client then builds and owns the
   * channel) or a {@link #channel}. Not thread-safe.
   */
  public static final class Builder {
    /** host:port, with an optional bracketed IPv6 host; or any gRPC target URI such as dns:///host:port. */
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]/\\s]+):(\\d{1,5})");
    private static final Pattern TARGET_URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/.*");

    /**
     * The service config of channels the client builds: calls go round-robin over every address the target
     * resolves to (a headless Kubernetes Service names each replica), and unary calls that fail with UNAVAILABLE
     * (a replica starting or draining) are retried with backoff. Streams are not retried: audio already spoken
     * cannot be sent again by the channel.
     */
    static final Map<String, ?> SERVICE_CONFIG = Map.of(
        "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
        "methodConfig", List.of(Map.of(
            "name", List.of(
                Map.of("service", RecognizerGrpc.SERVICE_NAME, "method", "Recognize"),
                Map.of("service", HealthGrpc.SERVICE_NAME)),
            "retryPolicy", Map.of(
                "maxAttempts", 4.0,
                "initialBackoff", "0.25s",
                "maxBackoff", "2s",
                "backoffMultiplier", 2.0,
                "retryableStatusCodes", List.of("UNAVAILABLE")))));

    private String target;
    private ManagedChannel channel;
    private Boolean useTls;
    private Path trustCertificates;
    private Path clientCertificate;
    private Path clientKey;
    private String apiKey;
    private Duration deadline = Duration.ofMinutes(5);
    private Duration streamDeadline;
    private long unaryLimitBytes = 8L * 1024 * 1024;

    private Builder() {}

    /** The server as {@code host:port} (or a gRPC target URI such as {@code dns:///host:port}). */
    public Builder target(String target) {
      if (target == null || !(isHostPort(target) || TARGET_URI.matcher(target).matches())) {
        throw new IllegalArgumentException("target must be host:port (port 1-65535), got " + target);
      }
      this.target = target;
      return this;
    }

    /**
     * A channel to use instead of building one from {@link #target}; the caller keeps ownership and shuts it
     * down. TLS is then the channel's business.
     */
    public Builder channel(ManagedChannel channel) {
      if (channel == null) {
        throw new IllegalArgumentException("channel must not be null");
      }
      this.channel = channel;
      return this;
    }

    /** Whether to connect with TLS (trusting the system's certificate authorities). Off by default. */
    public Builder useTls(boolean useTls) {
      this.useTls = useTls;
      return this;
    }

    /** Connects with TLS and trusts the certificates in this PEM file (e.g. a private CA) instead of the system's. */
    public Builder trustCertificates(Path pemFile) {
      if (pemFile == null) {
        throw new IllegalArgumentException("trust certificate file must not be null");
      }
      this.trustCertificates = pemFile;
      return this;
    }

    /**
     * Connects with TLS and presents this client certificate (PEM chain, leaf first) and its PEM private key
     * (PKCS#8), for a server that requires client certificates (mutual TLS, the server's {@code --tls-client-ca}).
     */
    public Builder clientCertificate(Path certificateChain, Path privateKey) {
      if (certificateChain == null || privateKey == null) {
        throw new IllegalArgumentException("client certificate and key files must not be null");
      }
      this.clientCertificate = certificateChain;
      this.clientKey = privateKey;
      return this;
    }

    /** The API key, sent on every call as {@code authorization: Bearer <key>}. None by default. */
    public Builder apiKey(String apiKey) {
      if (apiKey == null || apiKey.isBlank() || !apiKey.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
        throw new IllegalArgumentException("API key must be non-empty printable ASCII without spaces");
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Time limit of each {@code recognize} call (a streamed file included) and {@code health} check; 5 minutes by
     * default.
     */
    public Builder deadline(Duration deadline) {
      this.deadline = requirePositive(deadline, "deadline");
      return this;
    }

    /** Time limit of each stream, from opening to the last result; none by default, as dictation has no end. */
    public Builder streamDeadline(Duration streamDeadline) {
      this.streamDeadline = requirePositive(streamDeadline, "streamDeadline");
      return this;
    }

    /**
     * The largest audio, in bytes, sent in one unary {@code Recognize} call; 8 MiB by default.
     * {@code recognize(Path)} streams larger files over {@code StreamingRecognize}, and {@code recognize(byte[])}
     * refuses larger arrays. Keep it below the server's {@code --max-message-bytes} (16 MiB by default), which
     * bounds the whole request message, config included.
     */
    public Builder unaryLimitBytes(long unaryLimitBytes) {
      if (unaryLimitBytes <= 0) {
        throw new IllegalArgumentException("unaryLimitBytes must be positive, got " + unaryLimitBytes);
      }
      this.unaryLimitBytes = unaryLimitBytes;
      return this;
    }

    /**
     * @throws IllegalStateException when neither or both of target and channel are set, or TLS settings
     *     contradict each other or come with a channel
     * @throws IllegalArgumentException when the trust certificate or client certificate files cannot be read
     */
    public MedAsrClient build() {
      if ((target == null) == (channel == null)) {
        throw new IllegalStateException("set exactly one of target(host:port) and channel(...)");
      }
      boolean tlsFiles = trustCertificates != null || clientCertificate != null;
      if (channel != null && (useTls != null || tlsFiles)) {
        throw new IllegalStateException("TLS is configured on the channel given to channel(...), not here");
      }
      if (tlsFiles && Boolean.FALSE.equals(useTls)) {
        throw new IllegalStateException("trustCertificates(...) and clientCertificate(...) need TLS, but "
            + "useTls(false) was set");
      }
      boolean owned = channel == null;
      ManagedChannel base = owned
          ? Grpc.newChannelBuilder(target, credentials()).defaultServiceConfig(SERVICE_CONFIG).enableRetry().build()
          : channel;
      return new MedAsrClient(base, owned, apiKey, deadline, streamDeadline, unaryLimitBytes);
    }

    private ChannelCredentials credentials() {
      if (trustCertificates == null && clientCertificate == null) {
        return Boolean.TRUE.equals(useTls) ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
      }
      TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
      if (trustCertificates != null) {
        try {
          tls.trustManager(trustCertificates.toFile());
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read trust certificates from " + trustCertificates, e);
        }
      }
      if (clientCertificate != null) {
        try {
          tls.keyManager(clientCertificate.toFile(), clientKey.toFile());
        } catch (IOException | IllegalArgumentException e) {
          throw new IllegalArgumentException("cannot read the client certificate " + clientCertificate + " and key "
              + clientKey + ": " + e.getMessage(), e);
        }
      }
      return tls.build();
    }

    private static ClientInterceptor authorization(String apiKey) {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + apiKey);
      return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static boolean isHostPort(String target) {
      var matcher = HOST_PORT.matcher(target);
      if (!matcher.matches()) {
        return false;
      }
      int port = Integer.parseInt(matcher.group(2));
      return port >= 1 && port <= 65_535;
    }

    private static Duration requirePositive(Duration duration, String name) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + duration);
      }
      return duration;
    }
  }
}

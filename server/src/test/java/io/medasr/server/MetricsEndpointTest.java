package io.medasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.AudioEncoding;
import io.medasr.api.v1.RecognitionConfig;
import io.medasr.api.v1.RecognizeRequest;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.SpeechEventType;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.metrics.ServerMetrics;
import io.medasr.testing.StreamCollector;
import io.medasr.testing.TestAssets;
import io.medasr.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint, scraped over HTTP after real calls to a server with the tiny model. */
class MetricsEndpointTest {
  private static final RecognitionConfig LINEAR16 = RecognitionConfig.newBuilder()
      .setEncoding(AudioEncoding.LINEAR16).setSampleRateHz(16000).build();

  private static String scrape(int port) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }

  /** The sample lines of {@code metric} (its name, then labels or a space). */
  private static List<String> samples(String exposition, String metric) {
    return Arrays.stream(exposition.split("\n"))
        .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
        .toList();
  }

  @Test
  void theEndpointShowsWhatCallsDid() throws Exception {
    ServerConfig config = TestServers.config("--metrics-port", "0", "--api-keys", "k1");
    ServerMetrics metrics = new ServerMetrics().withJvmMetrics();
    metrics.modelLoaded(1.5);
    MedAsrServer server = MedAsrServer.start(TestServers.engine(config), config, metrics);
    ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    Channel channel = ClientInterceptors.intercept(plain, TestServers.authorization("Bearer k1"));
    try {
      assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class,
          () -> RecognizerGrpc.newBlockingStub(plain).recognize(RecognizeRequest.getDefaultInstance()))
          .getStatus().getCode());
      assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class,
          () -> RecognizerGrpc.newBlockingStub(plain).withInterceptors(TestServers.authorization("Bearer k2"))
              .recognize(RecognizeRequest.getDefaultInstance())).getStatus().getCode());
      RecognizerGrpc.RecognizerBlockingStub stub = RecognizerGrpc.newBlockingStub(channel);
      stub.recognize(RecognizeRequest.newBuilder().setConfig(LINEAR16)
          .setAudioContent(ByteString.copyFrom(TestAssets.linear16(TestAssets.syntheticAudio(2)))).build());
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> stub.recognize(
          RecognizeRequest.newBuilder().setConfig(LINEAR16.toBuilder().setSampleRateHz(3)).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());

      // a stream: 2 s of speech-like sound, 1 s of silence (an endpoint), then the half-close
      StreamCollector stream = new StreamCollector();
      StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(stream);
      requests.onNext(StreamingRecognizeRequest.newBuilder().setStreamingConfig(
          StreamingRecognitionConfig.newBuilder().setConfig(LINEAR16)).build());
      float[] audio = Arrays.copyOf(TestAssets.syntheticAudio(2), 3 * 16000);
      requests.onNext(StreamingRecognizeRequest.newBuilder()
          .setAudioContent(ByteString.copyFrom(TestAssets.linear16(audio))).build());
      requests.onCompleted();
      assertEquals(Status.Code.OK, stream.await().getCode());
      long utterances = stream.responses.stream()
          .filter(r -> r.getSpeechEventType() == SpeechEventType.END_OF_UTTERANCE).count();
      assertEquals(1, utterances);

      String exposition = scrape(server.metricsPort());
      assertEquals(List.of(
              "medasr_calls_total{method=\"Recognize\",status=\"INVALID_ARGUMENT\"} 1.0",
              "medasr_calls_total{method=\"Recognize\",status=\"OK\"} 1.0",
              "medasr_calls_total{method=\"StreamingRecognize\",status=\"OK\"} 1.0"),
          samples(exposition, "medasr_calls_total"));
      assertEquals(List.of("medasr_audio_seconds_total{method=\"Recognize\"} 2.0",
              "medasr_audio_seconds_total{method=\"StreamingRecognize\"} 3.0"),
          samples(exposition, "medasr_audio_seconds_total"));
      assertEquals(List.of("medasr_call_real_time_factor_count{method=\"Recognize\"} 1",
              "medasr_call_real_time_factor_count{method=\"StreamingRecognize\"} 1"),
          samples(exposition, "medasr_call_real_time_factor_count"));
      assertEquals(List.of("medasr_call_duration_seconds_count{method=\"Recognize\"} 2",
              "medasr_call_duration_seconds_count{method=\"StreamingRecognize\"} 1"),
          samples(exposition, "medasr_call_duration_seconds_count"));
      assertEquals(List.of("medasr_stream_final_latency_seconds_count " + utterances),
          samples(exposition, "medasr_stream_final_latency_seconds_count"));
      assertEquals(List.of("medasr_api_key_refusals_total{reason=\"invalid\"} 1.0",
              "medasr_api_key_refusals_total{reason=\"missing\"} 1.0"),
          samples(exposition, "medasr_api_key_refusals_total"));
      assertEquals(List.of("medasr_active_calls 0.0"), samples(exposition, "medasr_active_calls"));
      assertEquals(List.of("medasr_queued_turns 0.0"), samples(exposition, "medasr_queued_turns"));
      assertEquals(List.of("medasr_audio_memory_reserved_bytes 0.0"),
          samples(exposition, "medasr_audio_memory_reserved_bytes"));
      assertEquals(List.of("medasr_native_values 0.0"), samples(exposition, "medasr_native_values"));
      assertEquals(List.of("medasr_model_load_seconds 1.5"), samples(exposition, "medasr_model_load_seconds"));
      assertEquals(1, samples(exposition, "process_resident_memory_bytes").size(), "the process's memory");
      assertTrue(samples(exposition, "jvm_memory_used_bytes").size() >= 2, "heap and non-heap");
    } finally {
      plain.shutdownNow();
      server.shutdown(Duration.ofSeconds(5));
    }
  }


  @Test
  void withoutAMetricsPortThereIsNoEndpoint() throws Exception {
    ServerConfig config = TestServers.config();
    assertEquals(ServerConfig.METRICS_OFF, config.metricsPort());
    MedAsrServer server = MedAsrServer.start(TestServers.engine(config), config);
    try {
      assertEquals(ServerConfig.METRICS_OFF, server.metricsPort());
    } finally {
      server.shutdown(Duration.ofSeconds(5));
    }
  }
}

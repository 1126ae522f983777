package io.medasr.vad;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.medasr.whisper.InferenceException;
import io.medasr.whisper.OrtSettings;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Silero VAD v6 ({@code silero_vad.onnx} from the silero-vad wheel, see docs/vad.md) in ONNX Runtime. One call
 * scores one frame: {@code input} f32 [1, 576] = 64 context samples + 512 new ones, {@code state} f32 [2, 1,
 * 128], {@code sr} int64 scalar 16000 → {@code output} f32 [1, 1] speech probability, {@code stateN} f32 [2,
 * 1, 128]. The per-stream context and state live in the {@link VoiceActivity} of {@link #newVoiceActivity()}.
 *
 * <p>Thread-safe: one instance serves all streams (ONNX Runtime sessions allow concurrent {@code run()}).
 * Ownership: the session, its options and the shared {@code sr} tensor are this object's; the tensors of a
 * call are closed before the call returns. Only the owner closes it, after every run has returned (ONNX
 * Runtime does not guard a session against {@code close()} during {@code run()}).
 */
public final class SileroVadModel implements VadBackend {
  public static final String FILE_NAME = "silero_vad.onnx";
  private static final String INPUT = "input";
  private static final String STATE = "state";
  private static final String SAMPLE_RATE = "sr";
  private static final String PROBABILITY = "output";
  private static final String NEXT_STATE = "stateN";
  private static final long[] INPUT_SHAPE = {1, VadFormat.SILERO_CONTEXT_SAMPLES + VadFormat.FRAME_SAMPLES};

  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  /** The same {@code sr} for every call: created once, only read by the runs. */
  private final OnnxTensor sampleRate;

  private SileroVadModel(
      OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session, OnnxTensor sampleRate) {
    this.env = env;
    this.options = options;
    this.session = session;
    this.sampleRate = sampleRate;
  }

  /**
   * Opens {@code file} and checks that its inputs and outputs are Silero's.
   *
   * @throws IOException naming the missing file or the first input or output that does not match
   */
  public static SileroVadModel load(Path file, OrtSettings settings) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "Silero VAD model missing");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = null;
    OrtSession session = null;
    try {
      options = settings.sessionOptions();
      session = env.createSession(file.toString(), options);
      requireLayout(file, session);
      OnnxTensor sampleRate =
          OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {VadFormat.SAMPLE_RATE}), new long[0]);
      return new SileroVadModel(env, options, session, sampleRate);
    } catch (OrtException e) {
      closeQuietly(session);
      closeQuietly(options);
      throw new IOException("ONNX Runtime could not load " + file + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(session);
      closeQuietly(options);
      throw e;
    }
  }

  private static void requireLayout(Path file, OrtSession session) throws OrtException, IOException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    requireTensor(file, "input", inputs, INPUT, OnnxJavaType.FLOAT, 2);
    requireTensor(file, "input", inputs, STATE, OnnxJavaType.FLOAT, 3);
    requireTensor(file, "input", inputs, SAMPLE_RATE, OnnxJavaType.INT64, 0);
    requireTensor(file, "output", outputs, PROBABILITY, OnnxJavaType.FLOAT, 2);
    requireTensor(file, "output", outputs, NEXT_STATE, OnnxJavaType.FLOAT, 3);
  }

  private static void requireTensor(
      Path file, String kind, Map<String, NodeInfo> nodes, String name, OnnxJavaType type, int rank)
      throws IOException {
    NodeInfo node = nodes.get(name);
    ValueInfo info = node == null ? null : node.getInfo();
    if (!(info instanceof TensorInfo tensor) || tensor.type != type || tensor.getShape().length != rank) {
      throw new IOException(
          file + " is not a Silero VAD model: expected " + kind + " '" + name + "' " + type + " of rank " + rank
              + ", found " + (info == null ? "none" : info) + " (" + kind + "s: " + nodes.keySet() + ")");
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception ignored) {
      // already failing; the original error is the one to report
    }
  }

  @Override
  public String name() {
    return "silero-vad";
  }

  @Override
  public VoiceActivity newVoiceActivity() {
    return new SileroVoiceActivity(this);
  }

  /**
   * One call of the model.
   *
   * @param input context then new samples, {@code 64 + 512} values
   * @param state the stream's state, replaced by the model's next state
   * @return the speech probability
   */
  float run(float[] input, float[] state) {
    try (OnnxTensor samples = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), INPUT_SHAPE);
        OnnxTensor previous =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(state), VadFormat.SILERO_STATE_SHAPE);
        OrtSession.Result result =
            session.run(Map.of(INPUT, samples, STATE, previous, SAMPLE_RATE, sampleRate))) {
      FloatBuffer next = floats(result, NEXT_STATE);
      if (next.remaining() != state.length) {
        throw new InferenceException(
            "Silero VAD returned a state of " + next.remaining() + " values, expected " + state.length, null);
      }
      next.get(state);
      return floats(result, PROBABILITY).get(0);
    } catch (OrtException e) {
      throw new InferenceException("Silero VAD run failed", e);
    }
  }

  private static FloatBuffer floats(OrtSession.Result result, String name) {
    OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException("run result lacks " + name));
    return ((OnnxTensor) value).getFloatBuffer();
  }

  @Override
  public void close() {
    closeQuietly(sampleRate);
    closeQuietly(session);
    closeQuietly(options);
  }
}

package io.medasr.whisper;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code present.*} outputs of a decoder run by name: the run's result itself, or copies of its
 * self-attention keys and values cut to the first positions ({@link IncrementalDecoder#rewind}). Owns and closes
 * what it holds. Not thread-safe.
 */
final class Presents implements AutoCloseable {
  /** Axis of the positions in a key/value tensor [batch, heads, positions, head dim]. */
  private static final int POSITION_AXIS = 2;

  private final Map<String, OnnxTensor> byName;
  private final List<AutoCloseable> owned;

  private Presents(Map<String, OnnxTensor> byName, List<AutoCloseable> owned) {
    this.byName = byName;
    this.owned = owned;
  }

  /** The presents of {@code result}, which this takes over. */
  static Presents of(OrtSession.Result result) {
    Map<String, OnnxTensor> byName = new HashMap<>();
    for (Map.Entry<String, OnnxValue> output : result) {
      if (output.getValue() instanceof OnnxTensor tensor) {
        byName.put(output.getKey(), tensor);
      }
    }
    return new Presents(byName, List.of(result));
  }

  OnnxTensor get(String name) {
    OnnxTensor tensor = byName.get(name);
    if (tensor == null) {
      throw new IllegalStateException("decoder run has no output " + name);
    }
    return tensor;
  }

  /** Copies of {@code names} holding only their first {@code positions} positions. */
  Presents cut(List<String> names, int positions, OrtEnvironment env) throws OrtException {
    Map<String, OnnxTensor> cut = new HashMap<>();
    List<AutoCloseable> made = new ArrayList<>();
    try {
      for (String name : names) {
        OnnxTensor tensor = cutPositions(get(name), positions, env);
        made.add(tensor);
        cut.put(name, tensor);
      }
    } catch (OrtException | RuntimeException e) {
      for (AutoCloseable tensor : made) {
        closeQuietly(tensor, e);
      }
      throw e;
    }
    return new Presents(cut, made);
  }

  private static OnnxTensor cutPositions(OnnxTensor tensor, int positions, OrtEnvironment env) throws OrtException {
    long[] shape = tensor.getInfo().getShape();
    OnnxJavaType type = tensor.getInfo().type;
    int rowBytes = (int) shape[POSITION_AXIS + 1] * type.size;
    int blocks = (int) (shape[0] * shape[1]);
    int stored = (int) shape[POSITION_AXIS];
    ByteBuffer source = tensor.getByteBuffer().order(ByteOrder.nativeOrder());
    ByteBuffer target = ByteBuffer.allocateDirect(blocks * positions * rowBytes).order(ByteOrder.nativeOrder());
    for (int block = 0; block < blocks; block++) {
      target.put(source.slice(block * stored * rowBytes, positions * rowBytes));
    }
    target.rewind();
    long[] cutShape = shape.clone();
    cutShape[POSITION_AXIS] = positions;
    return OnnxTensor.createTensor(env, target, cutShape, type);
  }

  private static void closeQuietly(AutoCloseable value, Exception cause) {
    try {
      value.close();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    for (AutoCloseable value : owned) {
      try {
        value.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}

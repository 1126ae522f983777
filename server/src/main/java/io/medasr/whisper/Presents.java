package io.medasr.whisper;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code present.*} outputs of a decoder run by name: the run's result itself, or copies of its
 * self-attention keys and values cut to the first positions ({@link IncrementalDecoder#rewind}). Owns and closes
 * what it holds. Not thread-safe.
 */
final class Presents implements AutoCloseable {
  /** Axis of the positions in a key/value tensor [batch, heads, positions, head dim]. */
  private static final int POSITION_AXIS = 2;

  /** The tensor of an output name, or null. */
  private final Function<String, OnnxTensor> lookup;
  private final Runnable closer;

  private Presents(Function<String, OnnxTensor> lookup, Runnable closer) {
    this.lookup = lookup;
    this.closer = closer;
  }

  /** The presents of {@code result}, which this takes over. */
  static Presents of(OrtSession.Result result) {
    return new Presents(name -> (OnnxTensor) result.get(name).orElse(null), result::close);
  }

  OnnxTensor get(String name) {
    OnnxTensor tensor = lookup.apply(name);
    if (tensor == null) {
      throw new IllegalStateException("decoder run has no output " + name);
    }
    return tensor;
  }

  /** Copies of {@code names} holding only their first {@code positions} positions. */
  Presents cut(List<String> names, int positions, OrtEnvironment env) throws OrtException {
    Map<String, OnnxTensor> cut = new HashMap<>();
    try {
      for (String name : names) {
        cut.put(name, cutPositions(get(name), positions, env));
      }
    } catch (OrtException | RuntimeException e) {
      cut.values().forEach(OnnxTensor::close);
      throw e;
    }
    return new Presents(cut::get, () -> cut.values().forEach(OnnxTensor::close));
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

  @Override
  public void close() {
    closer.run();
  }
}

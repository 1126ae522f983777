package io.medasr.align.acoustic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers for the binary files of a CMU Sphinx acoustic model, in the layouts that the files' own headers
 * describe: the model definition ({@code mdef}, "BMDF"), Gaussian parameters and transition matrices ("s3"
 * files) and the 8-bit mixture weights ({@code sendump}).
 */
final class SphinxFiles {
  private static final int BMDF_MAGIC = 0x46444d42; // "BMDF" read little-endian
  private static final int S3_BYTE_ORDER = 0x11223344;
  private static final String S3_END_OF_HEADER = "endhdr\n";

  private SphinxFiles() {}

  /** The model definition: phones, the context tree that finds a triphone, and each phone's HMM. */
  record ModelDefinition(
      List<String> ciPhones,
      int silencePhone,
      int emittingStates,
      int senones,
      short[] treeContext,
      short[] treeChildren,
      int[] treeValue,
      int[] phoneSenoneSequence,
      int[] phoneTransitionMatrix,
      int[] phoneBase,
      short[] senoneSequences) {}

  static ModelDefinition modelDefinition(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt() != BMDF_MAGIC) {
      throw new IOException(file + ": not a binary model definition (BMDF)");
    }
    b.getInt(); // version
    int headerLength = b.getInt();
    b.position(b.position() + headerLength);
    int ciCount = b.getInt();
    int phoneCount = b.getInt();
    int emitting = b.getInt();
    b.getInt(); // CI senones: the first ones
    int senones = b.getInt();
    b.getInt(); // transition matrices
    int sequenceCount = b.getInt();
    int contexts = b.getInt();
    int treeNodes = b.getInt();
    int silence = b.getInt();
    if (emitting <= 0 || contexts != 3) {
      throw new IOException(file + ": only triphone models with a fixed number of states are supported");
    }
    List<String> names = new ArrayList<>(ciCount);
    for (int i = 0; i < ciCount; i++) {
      int start = b.position();
      while (b.get() != 0) {
        // a null-terminated name
      }
      names.add(new String(b.array(), start, b.position() - start - 1, StandardCharsets.US_ASCII));
    }
    b.position((b.position() + 3) & ~3);
    short[] context = new short[treeNodes];
    short[] children = new short[treeNodes];
    int[] value = new int[treeNodes];
    for (int i = 0; i < treeNodes; i++) {
      context[i] = b.getShort();
      children[i] = b.getShort();
      value[i] = b.getInt();
    }
    int[] sequence = new int[phoneCount];
    int[] matrix = new int[phoneCount];
    int[] base = new int[phoneCount];
    for (int p = 0; p < phoneCount; p++) {
      sequence[p] = b.getInt();
      matrix[p] = b.getInt();
      byte[] attributes = new byte[4]; // CI: {filler, ...}; CD: {word position, base, left, right}
      b.get(attributes);
      base[p] = p < ciCount ? p : attributes[1];
    }
    short[] sequences = new short[sequenceCount * emitting];
    if (b.getInt() != sequences.length) { // the sequences' length comes before them
      throw new IOException(file + ": senone sequences of unexpected length");
    }
    b.asShortBuffer().get(sequences);
    return new ModelDefinition(List.copyOf(names), silence, emitting, senones, context, children, value, sequence,
        matrix, base, sequences);
  }

  /** Means or variances: [codebook][feature stream][density][dimension]. */
  static float[][][][] gaussians(Path file) throws IOException {
    ByteBuffer b = s3Body(file);
    int codebooks = b.getInt();
    int streams = b.getInt();
    int densities = b.getInt();
    int[] lengths = new int[streams];
    int width = 0;
    for (int f = 0; f < streams; f++) {
      lengths[f] = b.getInt();
      width += lengths[f];
    }
    if (b.getInt() != codebooks * densities * width) {
      throw new IOException(file + ": parameter count does not match its dimensions");
    }
    float[][][][] out = new float[codebooks][streams][densities][];
    for (int c = 0; c < codebooks; c++) {
      for (int f = 0; f < streams; f++) {
        for (int d = 0; d < densities; d++) {
          out[c][f][d] = floats(b, lengths[f]);
        }
      }
    }
    return out;
  }

  /** Transition matrices as stored: [matrix][from state][to state, the last one the exit]. */
  static float[][][] transitionMatrices(Path file) throws IOException {
    ByteBuffer b = s3Body(file);
    int matrices = b.getInt();
    int rows = b.getInt();
    int columns = b.getInt();
    if (b.getInt() != matrices * rows * columns) {
      throw new IOException(file + ": value count does not match its dimensions");
    }
    float[][][] out = new float[matrices][rows][];
    for (float[][] matrix : out) {
      for (int i = 0; i < rows; i++) {
        matrix[i] = floats(b, columns);
      }
    }
    return out;
  }

  /** The next {@code count} floats of {@code b}, in its byte order; the position moves past them. */
  static float[] floats(ByteBuffer b, int count) {
    float[] out = new float[count];
    b.asFloatBuffer().get(out);
    b.position(b.position() + 4 * count);
    return out;
  }

  /** The quantized mixture weights and their dimensions. */
  record MixtureWeights(int streams, int densities, int senones, byte[] values) {}

  static MixtureWeights mixtureWeights(Path file, int streams) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    for (int length = b.getInt(); length != 0; length = b.getInt()) {
      String line = new String(b.array(), b.position(), length, StandardCharsets.US_ASCII).replace("\0", "");
      if (line.startsWith("cluster_count") && !line.equals("cluster_count 0")) {
        throw new IOException(file + ": clustered mixture weights are not supported");
      }
      b.position(b.position() + length);
    }
    int densities = b.getInt();
    int senones = b.getInt();
    byte[] values = new byte[streams * densities * senones];
    if (b.remaining() < values.length) {
      throw new IOException(file + ": truncated");
    }
    b.get(values);
    return new MixtureWeights(streams, densities, senones, values);
  }

  private static ByteBuffer s3Body(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII);
    int end = head.indexOf(S3_END_OF_HEADER);
    if (!head.startsWith("s3") || end < 0) {
      throw new IOException(file + ": not an s3 parameter file");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.position(end + S3_END_OF_HEADER.length());
    int order = b.getInt();
    if (order == Integer.reverseBytes(S3_BYTE_ORDER)) {
      b.order(ByteOrder.BIG_ENDIAN);
    } else if (order != S3_BYTE_ORDER) {
      throw new IOException(file + ": unknown byte order");
    }
    return b;
  }
}

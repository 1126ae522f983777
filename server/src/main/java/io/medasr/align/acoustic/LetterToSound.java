package io.medasr.align.acoustic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Pronunciations of words that no dictionary has (drug names, eponyms), from g2p_en's grapheme-to-phoneme network
 * (Park and Kim; weights from its PyPI wheel, Apache 2.0): a GRU encoder over the letters, a GRU decoder that emits
 * ARPAbet phones greedily. Immutable; thread-safe.
 */
final class LetterToSound {
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
  /** Input symbols: padding, unknown, end, then the letters. */
  private static final int UNKNOWN_LETTER = 1;
  private static final int END_OF_WORD = 2;
  /** Output symbols: padding, unknown, start, end, then the phones with stress. */
  private static final List<String> PHONES = List.of("<pad>", "<unk>", "<s>", "</s>",
      "AA0", "AA1", "AA2", "AE0", "AE1", "AE2", "AH0", "AH1", "AH2", "AO0", "AO1", "AO2", "AW0", "AW1", "AW2",
      "AY0", "AY1", "AY2", "B", "CH", "D", "DH", "EH0", "EH1", "EH2", "ER0", "ER1", "ER2", "EY0", "EY1", "EY2",
      "F", "G", "HH", "IH0", "IH1", "IH2", "IY0", "IY1", "IY2", "JH", "K", "L", "M", "N", "NG", "OW0", "OW1",
      "OW2", "OY0", "OY1", "OY2", "P", "R", "S", "SH", "T", "TH", "UH0", "UH1", "UH2", "UW", "UW0", "UW1", "UW2",
      "V", "W", "Y", "Z", "ZH");
  private static final int START = 2;
  private static final int END = 3;
  /** No word in the dictionary this was trained on has more phones. */
  private static final int MAX_PHONES = 20;

  private final Gru encoder;
  private final Gru decoder;
  private final float[][] encoderEmbedding;
  private final float[][] decoderEmbedding;
  private final float[][] outputWeight;
  private final float[] outputBias;

  private LetterToSound(Map<String, float[][]> w) {
    encoder = new Gru(w.get("enc_w_ih"), w.get("enc_w_hh"), w.get("enc_b_ih")[0], w.get("enc_b_hh")[0]);
    decoder = new Gru(w.get("dec_w_ih"), w.get("dec_w_hh"), w.get("dec_b_ih")[0], w.get("dec_b_hh")[0]);
    encoderEmbedding = w.get("enc_emb");
    decoderEmbedding = w.get("dec_emb");
    outputWeight = w.get("fc_w");
    outputBias = w.get("fc_b")[0];
    if (decoderEmbedding.length != PHONES.size() || encoderEmbedding.length != LETTERS.length() + 3) {
      throw new IllegalArgumentException("g2p weights with unexpected vocabularies");
    }
  }

  /** Loads g2p_en's checkpoint (an .npz of float32 arrays). */
  static LetterToSound load(Path npz) throws IOException {
    Map<String, float[][]> arrays = new HashMap<>();
    try (ZipFile zip = new ZipFile(npz.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        try (var in = zip.getInputStream(entry)) {
          arrays.put(entry.getName().replace(".npy", ""), npy(in.readAllBytes(), entry.getName()));
        }
      }
    }
    for (String name : List.of("enc_emb", "enc_w_ih", "enc_w_hh", "enc_b_ih", "enc_b_hh", "dec_emb", "dec_w_ih",
        "dec_w_hh", "dec_b_ih", "dec_b_hh", "fc_w", "fc_b")) {
      if (!arrays.containsKey(name)) {
        throw new IOException(npz + ": no array " + name);
      }
    }
    return new LetterToSound(arrays);
  }

  /** The phones (without stress) of a lower-case word; letters outside a-z count as unknown. */
  List<String> phones(String word) {
    float[] h = new float[encoder.hidden];
    for (int i = 0; i <= word.length(); i++) {
      int symbol = i == word.length() ? END_OF_WORD : letter(word.charAt(i));
      h = encoder.step(encoderEmbedding[symbol], h);
    }
    List<String> phones = new ArrayList<>();
    int previous = START;
    for (int i = 0; i < MAX_PHONES; i++) {
      h = decoder.step(decoderEmbedding[previous], h);
      int best = 0;
      double bestLogit = Double.NEGATIVE_INFINITY;
      for (int p = 0; p < outputWeight.length; p++) {
        double logit = outputBias[p] + dot(outputWeight[p], h);
        if (logit > bestLogit) {
          bestLogit = logit;
          best = p;
        }
      }
      if (best == END) {
        break;
      }
      if (best > END) {
        phones.add(PHONES.get(best).replaceAll("\\d", ""));
      }
      previous = best;
    }
    return phones;
  }

  private static int letter(char c) {
    int i = LETTERS.indexOf(c);
    return i < 0 ? UNKNOWN_LETTER : i + 3;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** A GRU cell as PyTorch defines it (gates r, z, n stacked in that order). */
  private static final class Gru {
    final float[][] inputWeight;
    final float[][] hiddenWeight;
    final float[] inputBias;
    final float[] hiddenBias;
    final int hidden;

    Gru(float[][] inputWeight, float[][] hiddenWeight, float[] inputBias, float[] hiddenBias) {
      this.inputWeight = inputWeight;
      this.hiddenWeight = hiddenWeight;
      this.inputBias = inputBias;
      this.hiddenBias = hiddenBias;
      this.hidden = hiddenWeight[0].length;
    }

    float[] step(float[] x, float[] h) {
      float[] next = new float[hidden];
      for (int i = 0; i < hidden; i++) {
        double r = sigmoid(inputBias[i] + dot(inputWeight[i], x) + hiddenBias[i] + dot(hiddenWeight[i], h));
        int zi = hidden + i;
        double z = sigmoid(inputBias[zi] + dot(inputWeight[zi], x) + hiddenBias[zi] + dot(hiddenWeight[zi], h));
        int ni = 2 * hidden + i;
        double n = Math.tanh(inputBias[ni] + dot(inputWeight[ni], x)
            + r * (hiddenBias[ni] + dot(hiddenWeight[ni], h)));
        next[i] = (float) ((1 - z) * n + z * h[i]);
      }
      return next;
    }

    private static double sigmoid(double x) {
      return 1 / (1 + Math.exp(-x));
    }
  }

  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** A little-endian float32, C-order .npy array of rank 1 or 2, as rows (a vector is one row). */
  private static float[][] npy(byte[] bytes, String name) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || bytes[0] != (byte) 0x93 || bytes[1] != 'N') {
      throw new IOException(name + ": not an .npy array");
    }
    int major = bytes[6];
    int headerLength = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8);
    int dataStart = (major == 1 ? 10 : 12) + headerLength;
    String header = new String(bytes, major == 1 ? 10 : 12, headerLength, StandardCharsets.US_ASCII);
    Matcher shape = SHAPE.matcher(header);
    if (!header.contains("'<f4'") || header.contains("'fortran_order': True") || !shape.find()) {
      throw new IOException(name + ": expected a little-endian float32 array in C order");
    }
    String[] dims = shape.group(1).replace(" ", "").split(",");
    int rows = dims.length == 2 ? Integer.parseInt(dims[0]) : 1;
    int columns = Integer.parseInt(dims[dims.length == 2 ? 1 : 0]);
    b.position(dataStart);
    float[][] out = new float[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = SphinxFiles.floats(b, columns);
    }
    return out;
  }
}

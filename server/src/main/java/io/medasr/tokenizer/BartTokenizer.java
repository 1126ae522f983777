package io.medasr.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * BART's tokenizer, read from a model directory's {@code tokenizer.json}: GPT-2's byte-level BPE (the code
 * Whisper's tokenizer uses, {@link ByteLevelBpe}) with RoBERTa's specials, found by their text. An encoded text
 * is {@code <s> text </s>}, as BART's encoder was trained on.
 *
 * <p>Immutable and thread-safe.
 */
public final class BartTokenizer {
  private final ByteLevelBpe bpe;
  private final int bos;
  private final int eos;

  private BartTokenizer(ByteLevelBpe bpe, int bos, int eos) {
    this.bpe = bpe;
    this.bos = bos;
    this.eos = eos;
  }

  /**
   * Reads {@code tokenizer.json} of a model directory.
   *
   * @throws IOException if the file is missing, unreadable or not a byte-level BPE with {@code <s>} and {@code
   *     </s>}
   */
  public static BartTokenizer load(Path modelDir) throws IOException {
    Path file = modelDir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "the model directory has no tokenizer.json");
    }
    TokenizerJson json = TokenizerJson.read(file);
    try {
      return new BartTokenizer(ByteLevelBpe.of(json, 0), json.addedId("<s>"), json.addedId("</s>"));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a BART byte-level BPE tokenizer: " + e.getMessage(), e);
    }
  }

  /** {@code <s>}, the BPE of {@code text}, {@code </s>}. */
  public int[] encode(String text) {
    int[] pieces = bpe.encode(text);
    int[] ids = new int[pieces.length + 2];
    ids[0] = bos;
    System.arraycopy(pieces, 0, ids, 1, pieces.length);
    ids[ids.length - 1] = eos;
    return ids;
  }

  /**
   * Text of a token sequence, special tokens left out.
   *
   * @throws IllegalArgumentException for an id outside the vocabulary
   */
  public String decode(int[] ids) {
    return bpe.decode(ids);
  }
}

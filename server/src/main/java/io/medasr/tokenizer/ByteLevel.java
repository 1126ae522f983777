package io.medasr.tokenizer;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * GPT-2's reversible byte-to-unicode alphabet: vocabulary files spell each byte as one printable character
 * (printable Latin-1 bytes as themselves, the other 68 bytes as U+0100 onwards, e.g. space as 'Ġ').
 *
 * <p>Stateless; thread-safe.
 */
final class ByteLevel {

  private static final int NOT_A_BYTE = -1;
  private static final int[] CHAR_TO_BYTE = charToByte();

  private ByteLevel() {}

  /** The bytes a vocabulary string stands for. */
  static byte[] toBytes(String token) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : NOT_A_BYTE;
      if (b == NOT_A_BYTE) {
        throw new IllegalArgumentException(
            "character U+"
                + String.format("%04X", (int) c)
                + " of token '"
                + token
                + "' is not in the byte-level alphabet");
      }
      bytes.write(b);
    }
    return bytes.toByteArray();
  }

  /** The vocabulary spelling of a byte string (inverse of {@link #toBytes}). */
  static String toToken(byte[] bytes) {
    StringBuilder token = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      token.append(byteToChar(b & 0xFF));
    }
    return token.toString();
  }

  private static char byteToChar(int b) {
    if (isPrintedAsItself(b)) {
      return (char) b;
    }
    // the non-printable bytes are numbered from U+0100 in byte order
    int rank = 0;
    for (int other = 0; other < b; other++) {
      if (!isPrintedAsItself(other)) {
        rank++;
      }
    }
    return (char) (256 + rank);
  }

  private static boolean isPrintedAsItself(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  private static int[] charToByte() {
    int[] table = new int[256 + 256];
    Arrays.fill(table, NOT_A_BYTE);
    for (int b = 0; b < 256; b++) {
      table[byteToChar(b)] = b;
    }
    return table;
  }
}

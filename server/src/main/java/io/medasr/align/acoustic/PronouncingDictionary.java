package io.medasr.align.acoustic;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pronouncing dictionary in cmudict's format ("word P1 P2 ...", alternatives as "word(2) ..."), first
 * pronunciations only, packed: sorted words and one byte per phone, so that its 135,000 words take a few MB
 * rather than the tens a map of strings would. Immutable; thread-safe.
 */
final class PronouncingDictionary {
  private final String[] words;
  /** The phones of {@code words[i]} are {@code phones[starts[i], starts[i + 1])}, indices into phoneNames. */
  private final int[] starts;
  private final byte[] phones;
  private final String[] phoneNames;

  private PronouncingDictionary(String[] words, int[] starts, byte[] phones, String[] phoneNames) {
    this.words = words;
    this.starts = starts;
    this.phones = phones;
    this.phoneNames = phoneNames;
  }

  static PronouncingDictionary read(Path file) throws IOException {
    List<String[]> entries = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int space = line.indexOf(' ');
        if (space > 0 && !line.startsWith(";;;") && !line.substring(0, space).endsWith(")")) {
          entries.add(new String[] {line.substring(0, space), line.substring(space + 1).strip()});
        }
      }
    }
    entries.sort(Comparator.comparing(e -> e[0])); // stable: a word listed twice keeps its first pronunciation
    List<String> words = new ArrayList<>(entries.size());
    List<String> names = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    int[] starts = new int[entries.size() + 1];
    byte[] phones = new byte[entries.size() * 8];
    int size = 0;
    for (String[] entry : entries) {
      if (!words.isEmpty() && words.get(words.size() - 1).equals(entry[0])) {
        continue;
      }
      for (String phone : entry[1].split("\\s+")) {
        Integer i = index.computeIfAbsent(phone, name -> {
          names.add(name);
          return names.size() - 1;
        });
        if (i > Byte.MAX_VALUE) {
          throw new IOException(file + ": more than " + (Byte.MAX_VALUE + 1) + " phones");
        }
        if (size == phones.length) {
          phones = Arrays.copyOf(phones, 2 * size);
        }
        phones[size++] = (byte) (int) i;
      }
      words.add(entry[0]);
      starts[words.size()] = size;
    }
    return new PronouncingDictionary(words.toArray(String[]::new), Arrays.copyOf(starts, words.size() + 1),
        Arrays.copyOf(phones, size), names.toArray(String[]::new));
  }

  /** The phones of {@code word} (lower case), or null when the dictionary lacks it. */
  List<String> phones(String word) {
    int i = Arrays.binarySearch(words, word);
    if (i < 0) {
      return null;
    }
    List<String> out = new ArrayList<>(starts[i + 1] - starts[i]);
    for (int p = starts[i]; p < starts[i + 1]; p++) {
      out.add(phoneNames[phones[p]]);
    }
    return out;
  }
}

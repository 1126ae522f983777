package io.medasr.align.acoustic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a speaker said for a written word of a transcript: numbers as words ("124" is "one hundred twenty four",
 * ".9" is "point nine", "3rd" is "third"), symbols and common clinical units as words ("%", "mg", "mmHg"), and the
 * rest as its letter runs. Pure; thread-safe.
 */
final class SpokenForms {
  /** One spoken word; {@code spelled} when the letters were written in capitals (an acronym, maybe spelled). */
  record Spoken(String text, boolean capitals) {}

  private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
      "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
      "nineteen"};
  private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
      "ninety"};
  private static final long[] SCALES = {1_000_000, 1000, 100};
  private static final String[] SCALE_NAMES = {"million", "thousand", "hundred"};
  private static final Map<String, String> ORDINALS = Map.of("one", "first", "two", "second", "three", "third",
      "five", "fifth", "eight", "eighth", "nine", "ninth", "twelve", "twelfth");
  private static final Map<String, String> WRITTEN_AS = Map.ofEntries(
      Map.entry("%", "percent"), Map.entry("&", "and"), Map.entry("+", "plus"), Map.entry("°", "degrees"),
      Map.entry("mg", "milligrams"), Map.entry("mcg", "micrograms"), Map.entry("kg", "kilograms"),
      Map.entry("mL", "milliliters"), Map.entry("ml", "milliliters"), Map.entry("dL", "deciliter"),
      Map.entry("mmHg", "millimeters of mercury"), Map.entry("mm", "millimeters"), Map.entry("cm", "centimeters"),
      Map.entry("bpm", "beats per minute"));
  private static final Pattern PIECE = Pattern.compile(
      "(\\d+(?:,\\d{3})*)(st|nd|rd|th)?|\\.(\\d+)|([A-Za-z]+(?:'[A-Za-z]+)*)|([%&+°/])");

  private SpokenForms() {}

  static List<Spoken> of(String written) {
    List<Spoken> spoken = new ArrayList<>();
    Matcher m = PIECE.matcher(written);
    boolean afterNumber = false;
    while (m.find()) {
      if (m.group(1) != null) {
        String digits = m.group(1).replace(",", "");
        // numbers past the millions (and digit runs too long for a long) are read digit by digit, as codes are
        List<String> words = digits.length() > 9 ? digitByDigit(digits) : number(Long.parseLong(digits));
        if (m.group(2) != null) {
          words.set(words.size() - 1, ordinal(words.get(words.size() - 1)));
        }
        words.forEach(w -> spoken.add(new Spoken(w, false)));
        afterNumber = true;
        continue;
      }
      if (m.group(3) != null) {
        spoken.add(new Spoken("point", false));
        m.group(3).chars().forEach(d -> spoken.add(new Spoken(ONES[d - '0'], false)));
        afterNumber = true;
        continue;
      }
      String token = m.group(4) != null ? m.group(4) : m.group(5);
      String said = token.equals("/") ? (afterNumber ? "over" : "per") : WRITTEN_AS.get(token);
      if (said != null) {
        for (String w : said.split(" ")) {
          spoken.add(new Spoken(w, false));
        }
      } else {
        spoken.add(new Spoken(token.toLowerCase(Locale.ROOT),
            token.length() > 1 && token.equals(token.toUpperCase(Locale.ROOT))));
      }
      afterNumber = false;
    }
    return spoken;
  }

  private static List<String> digitByDigit(String digits) {
    List<String> words = new ArrayList<>();
    digits.chars().forEach(d -> words.add(ONES[d - '0']));
    return words;
  }

  /** Cardinal number words, for numbers below a billion. */
  static List<String> number(long n) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < SCALES.length; i++) {
      if (n >= SCALES[i]) {
        words.addAll(number(n / SCALES[i]));
        words.add(SCALE_NAMES[i]);
        n %= SCALES[i];
        if (n == 0) {
          return words;
        }
      }
    }
    if (n < 20) {
      words.add(ONES[(int) n]);
    } else {
      words.add(TENS[(int) (n / 10)]);
      if (n % 10 != 0) {
        words.add(ONES[(int) (n % 10)]);
      }
    }
    return words;
  }

  private static String ordinal(String cardinal) {
    if (ORDINALS.containsKey(cardinal)) {
      return ORDINALS.get(cardinal);
    }
    return cardinal.endsWith("y") ? cardinal.substring(0, cardinal.length() - 1) + "ieth" : cardinal + "th";
  }
}

package io.medasr.wer;

import static io.medasr.wer.DoseNotation.Context.AFTER_NUMBER;
import static io.medasr.wer.DoseNotation.Context.AFTER_UNIT;
import static io.medasr.wer.DoseNotation.Context.ANYWHERE;
import static io.medasr.wer.DoseNotation.Context.NOT_AFTER_NUMBER;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The folds of {@code --normalize medical}: units, frequencies and routes that a dictation spells out and an
 * ASR system abbreviates ("five milligrams twice daily" against "5 mg BID"), each written one way. Works on
 * Whisper-normalized text (lower case, numbers in digits, "b.i.d." already "b i d"). Only forms with exactly
 * the same clinical meaning are folded, and units only where they are units: right after a number ("2 grams",
 * not "gram positive"). The table is documented rule by rule in docs/wer.md. Stateless and thread-safe.
 */
final class DoseNotation {
  /** Where a written form is folded, judged by the word before it (after folding). */
  enum Context {
    ANYWHERE,
    /** After a number: a unit ("5 milligrams"; "gram positive" and "a milligram" stay). */
    AFTER_NUMBER,
    /** After a dose unit: the denominator of a rate, whose slash Whisper removed ("mg/kg" arrives as "mg kg"). */
    AFTER_UNIT,
    /** Letters spelled out, except after a number: "p 0" is "p.o.", but "g one p 0" is G1P0. */
    NOT_AFTER_NUMBER
  }

  /**
   * One fold.
   *
   * @param canonical the written form kept
   * @param context where the variants are folded
   * @param variants the forms folded to {@code canonical} (words separated by a space)
   */
  record Rule(String canonical, Context context, List<String> variants) {}

  static final List<Rule> RULES = List.of(
      // units: after a number, singular, plural and abbreviation alike
      rule("mg", AFTER_NUMBER, "milligram", "milligrams", "mg", "mgs"),
      rule("mcg", AFTER_NUMBER, "microgram", "micrograms", "mcg", "mcgs", "μg"), // µg: Whisper's NFKD made it μ
      rule("g", AFTER_NUMBER, "gram", "grams", "g", "gm", "gms"),
      rule("kg", AFTER_NUMBER, "kilogram", "kilograms", "kg", "kgs"),
      rule("ml", AFTER_NUMBER, "milliliter", "milliliters", "ml", "mls"),
      rule("l", AFTER_NUMBER, "liter", "liters", "l"),
      rule("meq", AFTER_NUMBER, "milliequivalent", "milliequivalents", "meq"),
      rule("mmol", AFTER_NUMBER, "millimole", "millimoles", "mmol"),
      rule("cm", AFTER_NUMBER, "centimeter", "centimeters", "cm"),
      rule("units", AFTER_NUMBER, "unit", "units"),
      // rates: "per" spoken or a slash written
      rule("per kg", AFTER_UNIT, "per kilogram", "per kg", "kilogram", "kg"),
      rule("per min", AFTER_UNIT, "per minute", "per min", "minute", "min"),
      rule("per hr", AFTER_UNIT, "per hour", "per hr", "per h", "hour", "hr", "h"),
      // frequencies
      rule("bid", ANYWHERE, "twice a day", "twice daily", "2 times a day", "2 times daily", "bid"),
      rule("bid", NOT_AFTER_NUMBER, "b i d"),
      rule("tid", ANYWHERE, "3 times a day", "3 times daily", "tid"),
      rule("tid", NOT_AFTER_NUMBER, "t i d"),
      rule("qid", ANYWHERE, "4 times a day", "4 times daily", "qid"),
      rule("qid", NOT_AFTER_NUMBER, "q i d"),
      rule("daily", ANYWHERE, "once a day", "once daily", "qd", "daily"),
      rule("daily", NOT_AFTER_NUMBER, "q d"),
      rule("qhs", ANYWHERE, "at bedtime", "qhs"),
      rule("qhs", NOT_AFTER_NUMBER, "q h s"),
      rule("prn", ANYWHERE, "as needed", "prn"),
      rule("prn", NOT_AFTER_NUMBER, "p r n"),
      // routes
      rule("po", ANYWHERE, "by mouth", "orally", "po"),
      rule("po", NOT_AFTER_NUMBER, "p o", "p 0"), // Whisper reads the o of "p.o." as zero
      rule("iv", ANYWHERE, "intravenous", "intravenously", "iv"),
      rule("iv", NOT_AFTER_NUMBER, "i v"),
      rule("im", ANYWHERE, "intramuscular", "intramuscularly", "im"),
      rule("im", NOT_AFTER_NUMBER, "i m"),
      rule("subcut", ANYWHERE, "subcutaneous", "subcutaneously", "sub q", "subq", "subcut"));

  private record Form(List<String> words, Rule rule) {}

  /** Every variant, longest first so that "twice daily" wins over "daily". */
  private static final List<Form> FORMS = RULES.stream()
      .flatMap(r -> r.variants().stream().map(v -> new Form(List.of(v.split(" ")), r)))
      .sorted(Comparator.comparingInt((Form f) -> f.words().size()).reversed()).toList();
  private static final Set<String> UNITS = RULES.stream().filter(r -> r.context() == AFTER_NUMBER)
      .map(Rule::canonical).collect(Collectors.toUnmodifiableSet());
  /** A number as Whisper writes it: digits (maybe after a currency sign or a point), or "one" for a lone 1. */
  private static final Pattern NUMBER = Pattern.compile("[$£€¢]?\\.?\\p{Nd}.*|one(\\.\\p{Nd}.*)?");

  private DoseNotation() {}

  static String fold(String normalized) {
    List<String> words = JiwerTokens.words(normalized);
    List<String> out = new ArrayList<>(words.size());
    int i = 0;
    while (i < words.size()) {
      Form form = formAt(words, i, out.isEmpty() ? null : out.get(out.size() - 1));
      if (form == null) {
        out.add(words.get(i++));
      } else {
        out.addAll(List.of(form.rule().canonical().split(" ")));
        i += form.words().size();
      }
    }
    return String.join(" ", out);
  }

  private static Form formAt(List<String> words, int i, String previous) {
    for (Form form : FORMS) {
      int end = i + form.words().size();
      if (end <= words.size() && words.subList(i, end).equals(form.words()) && applies(form.rule(), previous)) {
        return form;
      }
    }
    return null;
  }

  private static boolean applies(Rule rule, String previous) {
    boolean afterNumber = previous != null && NUMBER.matcher(previous).matches();
    return switch (rule.context()) {
      case ANYWHERE -> true;
      case AFTER_NUMBER -> afterNumber;
      case AFTER_UNIT -> previous != null && UNITS.contains(previous);
      case NOT_AFTER_NUMBER -> !afterNumber;
    };
  }

  private static Rule rule(String canonical, Context context, String... variants) {
    return new Rule(canonical, context, List.of(variants));
  }
}

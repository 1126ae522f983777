"""Builds vectors.json: WER/MER/WIL/WIP/CER, counts and alignments computed by jiwer, for WerScorerJiwerTest.

Run (any venv): pip install jiwer==4.0.0 && python make_vectors.py > vectors.json
The inputs are fixed cases plus seeded random ones, so the output is reproducible for a given jiwer/rapidfuzz.
"""
import json
import random
from importlib.metadata import version

import jiwer


def chunks(alignments):
    return [[[c.type, c.ref_start_idx, c.ref_end_idx, c.hyp_start_idx, c.hyp_end_idx] for c in a] for a in alignments]


def case(name, references, hypotheses):
    w = jiwer.process_words(references, hypotheses)
    c = jiwer.process_characters(references, hypotheses)
    return {
        "name": name,
        "references": references,
        "hypotheses": hypotheses,
        "words": {"hits": w.hits, "substitutions": w.substitutions, "deletions": w.deletions,
                  "insertions": w.insertions, "wer": w.wer, "mer": w.mer, "wil": w.wil, "wip": w.wip,
                  "chunks": chunks(w.alignments)},
        "chars": {"hits": c.hits, "substitutions": c.substitutions, "deletions": c.deletions,
                  "insertions": c.insertions, "cer": c.cer, "chunks": chunks(c.alignments)},
    }


def noisy(rng, words, vocabulary, error):
    out = []
    for w in words:
        r = rng.random()
        if r < error / 3:
            continue
        elif r < 2 * error / 3:
            out.append(rng.choice(vocabulary))
        elif r < error:
            out += [w, rng.choice(vocabulary)]
        else:
            out.append(w)
    return out


def main():
    rng = random.Random(20261127)
    cases = [
        case("issue example", ["the cat sat on the mat", "a b c d"], ["the cat sit on mat", "a x b c d e"]),
        case("identical", ["hello world"], ["hello world"]),
        case("empty hypothesis", ["the patient denies chest pain"], [""]),
        case("empty reference", [""], ["uh hello there"]),
        case("empty reference and hypothesis", [""], [""]),
        case("empty reference among others", ["", "one two three"], ["noise", "one two four"]),
        case("whitespace only", ["   "], ["  a  "]),
        case("multiple and odd spaces", ["  a   b\tc  ", "x\u00a0y z"], ["a b  c", "x y\u2003z"]),
        case("tabs are not word separators", ["a\tb c"], ["a b c"]),
        case("unicode", ["naïve café über straße", "日本語 の テキスト", "emoji 😀 ok"],
             ["naive cafe uber strasse", "日本語 テキスト", "emoji 😃 ok"]),
        case("combining marks", ["cafe\u0301 ok"], ["caf\u00e9 ok"]),
        case("all different", ["a b c"], ["x y z w"]),
        case("repeated tokens tie", ["a a a b"], ["a b b b"]),
        case("shift", ["a b c d e f"], ["b c d e f a"]),
        case("swap", ["b a"], ["a b"]),
        case("insert vs substitute tie", ["a b"], ["c a d"]),
        case("delete vs substitute tie", ["x a y"], ["a"]),
        case("medical", ["metoprolol 25 mg twice daily", "no known drug allergies"],
             ["meto prolol 25 mg twice a day", "no known drug allergy"]),
    ]
    # adversarial: tiny alphabets make many equally cheap paths
    for n in range(60):
        alphabet = "ab" if n % 3 == 0 else ("abc" if n % 3 == 1 else "abcdefgh")
        length = rng.choice([1, 3, 6, 12, 40, 80])
        refs, hyps = [], []
        for _ in range(rng.randint(1, 3)):
            refs.append(" ".join(rng.choice(alphabet) for _ in range(rng.randint(0, length))))
            hyps.append(" ".join(rng.choice(alphabet) for _ in range(rng.randint(0, length))))
        cases.append(case(f"adversarial {n}", refs, hyps))
    # long texts: word level beyond 64 tokens; character level large enough for rapidfuzz's Hirschberg split
    vocabulary = [f"w{i}" for i in range(12)]
    for n, (length, error) in enumerate([(300, 0.3), (700, 0.6), (2600, 0.15), (3000, 0.4)]):
        ref = [rng.choice(vocabulary) for _ in range(length)]
        hyp = noisy(rng, ref, vocabulary, error)
        cases.append(case(f"long {n}", [" ".join(ref)], [" ".join(hyp)]))
    letters = "abcde "
    for n, (length, error) in enumerate([(2300, 0.2), (2600, 0.5), (5000, 0.1)]):
        ref = [rng.choice(letters) for _ in range(length)]
        hyp = noisy(rng, ref, list(letters), error)
        cases.append(case(f"long characters {n}", ["".join(ref)], ["".join(hyp)]))
    print(json.dumps({"jiwer": version("jiwer"), "rapidfuzz": version("rapidfuzz"), "cases": cases},
                     ensure_ascii=False, indent=None))


if __name__ == "__main__":
    main()

"""Checks `medasr bench`'s speech start and end (client SpeechSpan) against a reference, per speech set.

The reference is the manifest's true word times where it has them (timing-synth), else Silero VAD's first and
last 32 ms frame at or above 0.5. Prints, for the bench's detector with and without its noise-floor term, the
median difference from the reference and how many files differ by more than 0.2 s. Development check, see
docs/streaming.md (bench); needs models/vad-silero/silero_vad.onnx and the models venv.

usage: models/.venv/bin/python models/tools/check_speech_spans.py ../shared/data/speech/english-more ...
"""
import json
import statistics
import sys
import wave
from pathlib import Path

import numpy as np
import onnxruntime as ort

VAD = Path(__file__).resolve().parents[1] / "vad-silero" / "silero_vad.onnx"


def silero_span(session, x):
    state = np.zeros((2, 1, 128), np.float32)
    context = np.zeros(64, np.float32)
    speech = []
    for frame, i in enumerate(range(0, len(x) - 511, 512)):
        chunk = np.concatenate([context, x[i:i + 512]]).astype(np.float32)[None]
        out, state = session.run(None, {"input": chunk, "state": state, "sr": np.array(16000, np.int64)})
        if out[0][0] >= 0.5:
            speech.append(frame)
        context = x[i + 448:i + 512]
    return speech[0] * 512 / 16000, (speech[-1] + 1) * 512 / 16000


def energy_span(x, noise_floor):
    """SpeechSpan.detect: 10 ms frames, thresholds as documented there."""
    rms = np.array([np.sqrt(np.mean(x[i * 160:(i + 1) * 160].astype(np.float64) ** 2))
                    for i in range(len(x) * 100 // 16000)])
    threshold = max(rms.max() * 0.01, 1e-4)
    if noise_floor:
        ranked = np.sort(rms)
        floor = ranked[max(int(np.ceil(5 * len(rms) / 100)), 1) - 1]
        threshold = max(threshold, min(floor * 10 ** (15 / 20), rms.max() * 0.1))
    above = np.nonzero(rms > threshold)[0]
    return above[0] / 100, (above[-1] + 1) / 100


def main(sets):
    session = ort.InferenceSession(str(VAD))
    for folder in map(Path, sets):
        diffs = {False: [], True: []}
        reference_kind = "silero"
        for line in (folder / "manifest.jsonl").read_text().splitlines():
            entry = json.loads(line)
            with wave.open(str(folder / entry["audio"])) as w:
                x = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768
            if "words" in entry:
                reference_kind = "true word times"
                reference = (entry["words"][0]["start"], entry["words"][-1]["end"])
            else:
                reference = silero_span(session, x)
            for noise_floor in diffs:
                start, end = energy_span(x, noise_floor)
                diffs[noise_floor].append((start - reference[0], end - reference[1]))
        print(f"{folder.name}: {len(diffs[True])} files, reference {reference_kind}")
        for noise_floor, pairs in diffs.items():
            starts = [s for s, _ in pairs]
            ends = [e for _, e in pairs]
            print(f"  {'with' if noise_floor else 'without'} noise floor: start {statistics.median(starts):+.3f} s"
                  f" ({sum(abs(s) > 0.2 for s in starts)} off by > 0.2 s), end {statistics.median(ends):+.3f} s"
                  f" ({sum(abs(e) > 0.2 for e in ends)} off by > 0.2 s)")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Reference transcripts over a manifest: faster-whisper on the CTranslate2 weights (`--engine ct2`) or
this repository's ONNX export of the same weights (`--engine onnx`), with the same greedy settings.

Settings (both engines): language en, task transcribe, greedy (beam 1; ct2 also beam search with
`--beam-size N`, patience 1, length penalty 1), temperature 0 only (so no fallback), without_timestamps,
condition_on_previous_text off (each clip stands alone), VAD off, default
suppress_tokens (-1) and suppress_blank. Audio = the manifest's 16 kHz WAV read as int16 / 32768 (no
ffmpeg). The onnx engine handles one 30 s window (clips longer than 30 s are cut, and flagged).

Output: one JSON line per utterance on stdout ({"id", "hyp", "ref", "duration_s", "decode_s", "tokens":
the sampled text token ids, without the prompt and eot}), then a summary line on stderr: real-time factor
(decode time / audio time; model load and the --warm-up call excluded) and a simple WER (lower-case,
punctuation stripped; not the Whisper normaliser).

usage: python -m tools.reference_transcribe --manifest FILE --engine ct2 --model DIR [--threads 2]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time

import numpy as np

from .mel import N_FRAMES, log_mel_spectrogram, pad_or_trim_frames, read_wav_16k_mono


class Ct2Engine:
    def __init__(self, model_dir: str, threads: int, compute_type: str, beam_size: int):
        from faster_whisper import WhisperModel
        self.beam_size = beam_size
        self.model = WhisperModel(model_dir, device="cpu", compute_type=compute_type, cpu_threads=threads,
                                  num_workers=1)

    def transcribe(self, audio: np.ndarray) -> tuple[str, list[int]]:
        segments, _ = self.model.transcribe(
            audio, language="en", task="transcribe", beam_size=self.beam_size, best_of=1, temperature=0.0,
            without_timestamps=True, condition_on_previous_text=False, vad_filter=False,
            word_timestamps=False)
        segments = list(segments)
        return "".join(s.text for s in segments).strip(), [t for s in segments for t in s.tokens]


class OnnxEngine:
    def __init__(self, model_dir: str, threads: int, suffix: str):
        from .onnx_greedy import OnnxWhisper
        self.model = OnnxWhisper(model_dir, threads=threads, suffix=suffix)
        with open(os.path.join(model_dir, "tokenizer.json"), encoding="utf-8") as f:
            tokenizer = json.load(f)
        from .tokenizer_files import bytes_to_unicode
        byte_of = {c: b for b, c in bytes_to_unicode().items()}
        self.token_bytes = {i: bytes(byte_of[c] for c in s) for s, i in tokenizer["model"]["vocab"].items()}
        self.eot = self.model.generation["eos_token_id"]

    def transcribe(self, audio: np.ndarray) -> tuple[str, list[int]]:
        # faster-whisper's convention: log-mel over the clip + 160 zero samples, real frames, 0.0-padded
        content_frames = len(audio) // 160
        mel = log_mel_spectrogram(audio, padding=160)[:, : min(content_frames, N_FRAMES)]
        states = self.model.encode(pad_or_trim_frames(mel))
        tokens, _ = self.model.greedy(states, self.model.initial_tokens("en"))
        text_tokens = [t for t in tokens if t < self.eot]
        data = b"".join(self.token_bytes[t] for t in text_tokens)
        return data.decode("utf-8", errors="replace").strip(), text_tokens


def simple_words(text: str) -> list[str]:
    return re.sub(r"[^\w\s']", " ", text.lower()).split()


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True, help="JSONL with id, audio (relative to the manifest), text")
    parser.add_argument("--engine", choices=("ct2", "onnx"), required=True)
    parser.add_argument("--model", required=True, help="CT2 model dir (ct2) or ONNX model dir (onnx)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--compute-type", default="float32", help="ct2 only: float32 (default), int8, ...")
    parser.add_argument("--beam-size", type=int, default=1, help="ct2 only: beam width (1 = greedy)")
    parser.add_argument("--suffix", default="", help="onnx only: file suffix, e.g. _quantized")
    parser.add_argument("--limit", type=int, default=0, help="first N utterances only")
    parser.add_argument("--warm-up", action="store_true",
                        help="transcribe the first utterance once before timing (as `medasr eval --warm-up`)")
    args = parser.parse_args(argv)

    load_start = time.perf_counter()
    engine = (Ct2Engine(args.model, args.threads, args.compute_type, args.beam_size) if args.engine == "ct2"
              else OnnxEngine(args.model, args.threads, args.suffix))
    print(f"model loaded in {time.perf_counter() - load_start:.1f} s", file=sys.stderr)

    base = os.path.dirname(os.path.abspath(args.manifest))
    with open(args.manifest, encoding="utf-8") as f:
        entries = [json.loads(line) for line in f if line.strip()]
    if args.limit:
        entries = entries[: args.limit]
    if args.warm_up and entries:
        engine.transcribe(read_wav_16k_mono(os.path.join(base, entries[0]["audio"])))
    total_audio = total_decode = total_cpu = 0.0
    errors = words = 0
    for entry in entries:
        audio = read_wav_16k_mono(os.path.join(base, entry["audio"]))
        start, cpu_start = time.perf_counter(), time.process_time()
        hyp, tokens = engine.transcribe(audio)
        elapsed = time.perf_counter() - start
        total_cpu += time.process_time() - cpu_start  # every thread of this process: the engine's pool included
        duration = len(audio) / 16000
        total_audio += duration
        total_decode += elapsed
        ref_words = simple_words(entry.get("text", ""))
        errors += edit_distance(ref_words, simple_words(hyp))
        words += len(ref_words)
        line = {"id": entry["id"], "hyp": hyp, "ref": entry.get("text", ""), "duration_s": round(duration, 3),
                "decode_s": round(elapsed, 3), "tokens": tokens}
        if args.engine == "onnx" and duration > 30:
            line["truncated_to_30s"] = True
        print(json.dumps(line, ensure_ascii=False), flush=True)
    rtf = total_decode / total_audio if total_audio else float("nan")
    wer = errors / words if words else float("nan")
    print(f"engine={args.engine} utterances={len(entries)} audio_s={total_audio:.1f} decode_s={total_decode:.1f} "
          f"rtf={rtf:.3f} cpu_s={total_cpu:.2f} cpu_per_audio_s={total_cpu / total_audio if total_audio else float('nan'):.3f} "
          f"threads={args.threads} simple_wer={wer:.4f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Trains the correction model: a byte-level BPE on the pairs, then a compact BART from scratch (PyTorch and
Hugging Face transformers, models/corrector/requirements-train.txt; CPU is enough).

Resumable: the run keeps `checkpoint.pt` (model, optimizer, schedule, data position) in --out, saved every
--checkpoint-minutes and on SIGINT or SIGTERM, and continues from it when started again with the same arguments.
Every --eval-every steps it logs the validation loss and, on VALID_GENERATE validation pairs, how many greedy
corrections equal the clean text against how many noisy inputs already did, to --out/train.log (one JSON object per
line; the first line has the arguments and sizes).

At the end (or with --export-only) it writes --out/weights.npz (the state dict under
BartForConditionalGeneration's names, float32) with config.json, generation_config.json and tokenizer.json,
--out/probe.json (the logits of a probe input) and --out/valid_sample.json (the first VALID_GENERATE validation
pairs as tokens), for export.py to build and check the ONNX graphs and to decide whether int8 holds.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import signal
import sys
import time

import numpy as np
import torch
from tokenizers import ByteLevelBPETokenizer, Tokenizer
from transformers import BartConfig, BartForConditionalGeneration

SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")  # ids 0-3, as BART's
BOS, PAD, EOS = 0, 1, 2
MASK = "<mask>"
MAX_TOKENS = 96  # per side; longer pairs are left out of training
VALID_GENERATE = 300
PROBE_TEXT = "the patient was started on metro paul twenty five milligrams"


def read_pairs(path: str) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8") as f:
        return [(p["noisy"], p["clean"]) for p in map(json.loads, f)]


def train_tokenizer(pairs: list[tuple[str, str]], vocab_size: int, out: str) -> Tokenizer:
    """A byte-level BPE (GPT-2's pre-tokenizer, as Whisper's and BART's) with BART's special-token layout."""
    path = os.path.join(out, "bpe.json")
    if not os.path.isfile(path):
        bpe = ByteLevelBPETokenizer(add_prefix_space=False)
        texts = [t for pair in pairs for t in pair]
        bpe.train_from_iterator(texts, vocab_size=vocab_size - 1, min_frequency=2, special_tokens=list(SPECIALS),
                                show_progress=False)
        bpe.add_special_tokens([MASK])
        bpe.save(path)
    return Tokenizer.from_file(path)


def encode(tokenizer: Tokenizer, pairs: list[tuple[str, str]]) -> list[tuple[list[int], list[int]]]:
    noisy = tokenizer.encode_batch([p[0] for p in pairs], add_special_tokens=False)
    clean = tokenizer.encode_batch([p[1] for p in pairs], add_special_tokens=False)
    out = []
    for n, c in zip(noisy, clean):
        source, target = [BOS] + n.ids + [EOS], [BOS] + c.ids + [EOS]
        if len(source) <= MAX_TOKENS and len(target) <= MAX_TOKENS:
            out.append((source, target))
    return out


def batches(data: list[tuple[list[int], list[int]]], batch_tokens: int, seed: int) -> list[list[int]]:
    """Indices grouped by similar length (little padding), each batch about batch_tokens target tokens."""
    rng = random.Random(seed)
    order = sorted(range(len(data)), key=lambda i: (len(data[i][1]), rng.random()))
    out, current, longest = [], [], 0
    for i in order:
        longest = max(longest, len(data[i][1]), len(data[i][0]))
        if current and longest * (len(current) + 1) > batch_tokens:
            out.append(current)
            current, longest = [], max(len(data[i][1]), len(data[i][0]))
        current.append(i)
    if current:
        out.append(current)
    rng.shuffle(out)
    return out


def collate(data, indices: list[int]) -> dict[str, torch.Tensor]:
    sources = [data[i][0] for i in indices]
    targets = [data[i][1] for i in indices]
    width_s, width_t = max(map(len, sources)), max(map(len, targets))
    input_ids = torch.full((len(indices), width_s), PAD)
    labels = torch.full((len(indices), width_t), -100)
    for row, (s, t) in enumerate(zip(sources, targets)):
        input_ids[row, :len(s)] = torch.tensor(s)
        labels[row, :len(t)] = torch.tensor(t)
    return {"input_ids": input_ids, "attention_mask": (input_ids != PAD).long(), "labels": labels}


def model_config(args, vocab_size: int) -> BartConfig:
    return BartConfig(
        vocab_size=vocab_size, d_model=args.d_model, encoder_layers=args.layers, decoder_layers=args.layers,
        encoder_attention_heads=args.heads, decoder_attention_heads=args.heads, encoder_ffn_dim=args.ffn,
        decoder_ffn_dim=args.ffn, max_position_embeddings=MAX_TOKENS + 32, dropout=args.dropout,
        attention_dropout=0.0, activation_dropout=0.0, activation_function="gelu", scale_embedding=False,
        pad_token_id=PAD, bos_token_id=BOS, eos_token_id=EOS, decoder_start_token_id=EOS,
        forced_bos_token_id=BOS, forced_eos_token_id=EOS, tie_word_embeddings=True)


def learning_rate(step: int, args) -> float:
    """Linear warm-up, then cosine decay to a tenth."""
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    progress = min(1.0, (step - args.warmup) / max(1, args.steps - args.warmup))
    return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


@torch.no_grad()
def evaluate(model, valid, tokenizer: Tokenizer, batch_tokens: int) -> dict:
    model.eval()
    loss_sum = tokens = 0
    for indices in batches(valid, batch_tokens, 0):
        batch = collate(valid, indices)
        n = int((batch["labels"] != -100).sum())
        loss_sum += float(model(**batch).loss) * n
        tokens += n
    exact = unchanged = 0
    sample = valid[:VALID_GENERATE]
    for start in range(0, len(sample), 32):
        chunk = sample[start:start + 32]
        batch = collate(chunk, list(range(len(chunk))))
        generated = model.generate(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                                   num_beams=1, do_sample=False, max_new_tokens=MAX_TOKENS)
        for (source, target), out in zip(chunk, generated.tolist()):
            text = tokenizer.decode(out, skip_special_tokens=True).strip()
            clean = tokenizer.decode(target, skip_special_tokens=True).strip()
            exact += text == clean
            unchanged += tokenizer.decode(source, skip_special_tokens=True).strip() == clean
    model.train()
    return {"valid_loss": round(loss_sum / max(1, tokens), 4), "exact": exact, "input_exact": unchanged,
            "generated": len(sample)}


def export(model, tokenizer: Tokenizer, config: BartConfig, valid: list[tuple[list[int], list[int]]],
           out: str) -> None:
    model.eval()
    state = {k: v.detach().float().numpy() for k, v in model.state_dict().items()
             if k != "lm_head.weight"}  # tied to model.shared.weight
    np.savez(os.path.join(out, "weights.npz"), **state)
    config_dict = config.to_dict()
    config_dict.update(architectures=["BartForConditionalGeneration"], forced_bos_token_id=BOS)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config_dict, f, indent=2)
    with open(os.path.join(out, "generation_config.json"), "w") as f:
        json.dump({"decoder_start_token_id": EOS, "bos_token_id": BOS, "eos_token_id": EOS, "pad_token_id": PAD,
                   "forced_bos_token_id": BOS, "forced_eos_token_id": EOS, "max_length": MAX_TOKENS}, f, indent=2)
    ids = [BOS] + tokenizer.encode(PROBE_TEXT, add_special_tokens=False).ids + [EOS]
    with torch.no_grad():
        generated = model.generate(input_ids=torch.tensor([ids]), num_beams=1, do_sample=False,
                                   max_new_tokens=MAX_TOKENS)[0].tolist()
        logits = model(input_ids=torch.tensor([ids]), decoder_input_ids=torch.tensor([generated[:-1]])).logits[0]
    with open(os.path.join(out, "probe.json"), "w") as f:
        json.dump({"text": PROBE_TEXT, "input_ids": ids, "greedy": generated,
                   "greedy_text": tokenizer.decode(generated, skip_special_tokens=True),
                   "logits_first_row_first_8": [round(float(v), 5) for v in logits[0, :8]],
                   "logits_last_row_first_8": [round(float(v), 5) for v in logits[-1, :8]]}, f, indent=2)
    with open(os.path.join(out, "valid_sample.json"), "w") as f:
        json.dump([{"input_ids": source, "clean_ids": target} for source, target in valid[:VALID_GENERATE]], f)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", required=True, help="folder of pairs.py's train.jsonl and valid.jsonl")
    parser.add_argument("--out", required=True)
    parser.add_argument("--vocab", type=int, default=6000)
    parser.add_argument("--d-model", type=int, default=256)
    parser.add_argument("--layers", type=int, default=3, help="encoder layers, and as many decoder layers")
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--ffn", type=int, default=1024)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--batch-tokens", type=int, default=1600, help="padded target tokens per batch")
    parser.add_argument("--steps", type=int, default=8000)
    parser.add_argument("--lr", type=float, default=7e-4)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--eval-every", type=int, default=1000)
    parser.add_argument("--checkpoint-minutes", type=float, default=10)
    parser.add_argument("--threads", type=int, default=max(1, (os.cpu_count() or 2)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--export-only", action="store_true")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    # both stop the run with a checkpoint; a background job inherits SIGINT ignored, hence set here
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.default_int_handler)
    os.makedirs(args.out, exist_ok=True)
    log_path, checkpoint_path = os.path.join(args.out, "train.log"), os.path.join(args.out, "checkpoint.pt")

    train_pairs = read_pairs(os.path.join(args.pairs, "train.jsonl"))
    tokenizer = train_tokenizer(train_pairs, args.vocab, args.out)
    train = encode(tokenizer, train_pairs)
    valid = encode(tokenizer, read_pairs(os.path.join(args.pairs, "valid.jsonl")))
    config = model_config(args, tokenizer.get_vocab_size())
    model = BartForConditionalGeneration(config)
    model.generation_config.forced_bos_token_id = BOS  # as io.medasr.bart.BartGenerator does
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=0.01)
    step, epoch, position = 0, 0, 0
    if os.path.isfile(checkpoint_path):
        saved = torch.load(checkpoint_path, weights_only=False)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        step, epoch, position = saved["step"], saved["epoch"], saved["position"]
        print(f"resuming at step {step} (epoch {epoch}, batch {position})", file=sys.stderr)
    elif not args.export_only:
        with open(log_path, "a") as log:
            parameters = sum(p.numel() for p in model.parameters())
            log.write(json.dumps({"args": vars(args), "parameters": parameters, "train_pairs": len(train),
                                  "valid_pairs": len(valid), "vocab": tokenizer.get_vocab_size()}) + "\n")

    def save_checkpoint() -> None:
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                    "epoch": epoch, "position": position}, checkpoint_path + ".tmp")
        os.replace(checkpoint_path + ".tmp", checkpoint_path)

    model.train()
    last_save = started = time.monotonic()
    window_loss = window_tokens = 0.0
    try:
        while step < args.steps and not args.export_only:
            epoch_batches = batches(train, args.batch_tokens, args.seed + epoch)
            while position < len(epoch_batches) and step < args.steps:
                batch = collate(train, epoch_batches[position])
                for group in optimizer.param_groups:
                    group["lr"] = learning_rate(step, args)
                loss = model(**batch).loss
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                n = int((batch["labels"] != -100).sum())
                window_loss += float(loss.detach()) * n
                window_tokens += n
                step, position = step + 1, position + 1
                if step % args.eval_every == 0 or step == args.steps:
                    record = {"step": step, "epoch": epoch, "train_loss": round(window_loss / window_tokens, 4),
                              "tokens_per_s": round(window_tokens / (time.monotonic() - started)),
                              "lr": round(learning_rate(step, args), 6)}
                    record.update(evaluate(model, valid, tokenizer, args.batch_tokens))
                    with open(log_path, "a") as log:
                        log.write(json.dumps(record) + "\n")
                    print(json.dumps(record), file=sys.stderr, flush=True)
                    window_loss = window_tokens = 0.0
                    started = time.monotonic()
                if time.monotonic() - last_save > args.checkpoint_minutes * 60:
                    save_checkpoint()
                    last_save = time.monotonic()
            if position >= len(epoch_batches):
                epoch, position = epoch + 1, 0
    except KeyboardInterrupt:  # Ctrl-C, SIGINT or SIGTERM: keep what was trained
        save_checkpoint()
        print(f"interrupted at step {step}; checkpoint saved", file=sys.stderr)
        return 130
    save_checkpoint()
    export(model, tokenizer, config, valid, args.out)
    print(f"trained to step {step}; weights and probe in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

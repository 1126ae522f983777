"""config.json, generation_config.json and preprocessor_config.json of a Whisper model directory (HF field names)."""
from __future__ import annotations

import json

from .tokenizer_files import SpecialIds
from .whisper_graph import N_AUDIO_CTX, WhisperDims


def hf_config(dims: WhisperDims, ids: SpecialIds, suppress_tokens: list[int], begin_suppress: list[int],
              name: str) -> dict:
    return {
        "_name_or_path": name,
        "architectures": ["WhisperForConditionalGeneration"],
        "model_type": "whisper",
        "activation_function": "gelu",
        "activation_dropout": 0.0, "attention_dropout": 0.0, "dropout": 0.0,
        "encoder_layerdrop": 0.0, "decoder_layerdrop": 0.0, "init_std": 0.02,
        "d_model": dims.d_model,
        "encoder_layers": dims.encoder_layers, "encoder_attention_heads": dims.encoder_heads,
        "encoder_ffn_dim": dims.ffn_dim,
        "decoder_layers": dims.decoder_layers, "decoder_attention_heads": dims.decoder_heads,
        "decoder_ffn_dim": dims.ffn_dim,
        "num_hidden_layers": dims.encoder_layers,
        "num_mel_bins": dims.n_mels,
        "vocab_size": dims.vocab_size,
        "max_source_positions": N_AUDIO_CTX,
        "max_target_positions": dims.max_target_positions,
        "max_length": dims.max_target_positions,
        "scale_embedding": False,
        "tie_word_embeddings": True,
        "is_encoder_decoder": True,
        "use_cache": True,
        "bos_token_id": ids.eot, "eos_token_id": ids.eot, "pad_token_id": ids.eot,
        "decoder_start_token_id": ids.sot,
        "suppress_tokens": suppress_tokens,
        "begin_suppress_tokens": begin_suppress,
        "torch_dtype": "float32",
    }


def generation_config(ids: SpecialIds, multilingual: bool, suppress_tokens: list[int], begin_suppress: list[int],
                      alignment_heads: list[list[int]], max_length: int) -> dict:
    config = {
        "alignment_heads": alignment_heads,
        "begin_suppress_tokens": begin_suppress,
        "bos_token_id": ids.eot,
        "decoder_start_token_id": ids.sot,
        "eos_token_id": ids.eot,
        "pad_token_id": ids.eot,
        "is_multilingual": multilingual,
        "max_initial_timestamp_index": 50,
        "max_length": max_length,
        "no_timestamps_token_id": ids.notimestamps,
        "prev_sot_token_id": ids.startofprev,
        "return_timestamps": False,
        "suppress_tokens": suppress_tokens,
    }
    if multilingual:
        config["lang_to_id"] = {f"<|{code}|>": i for code, i in ids.languages.items()}
        config["task_to_id"] = {"translate": ids.translate, "transcribe": ids.transcribe}
        config["forced_decoder_ids"] = [[1, None], [2, ids.transcribe]]
    return config


def preprocessor_config(n_mels: int) -> dict:
    return {"chunk_length": 30, "feature_extractor_type": "WhisperFeatureExtractor", "feature_size": n_mels,
            "hop_length": 160, "n_fft": 400, "n_samples": 480000, "nb_max_frames": 3000, "padding_side": "right",
            "padding_value": 0.0, "processor_class": "WhisperProcessor", "return_attention_mask": False,
            "sampling_rate": 16000}


def default_suppress(non_speech: list[int], ids: SpecialIds) -> list[int]:
    """openai decoding.py suppress_tokens="-1": non-speech tokens plus the task/control specials."""
    return sorted(set(non_speech) | {ids.translate, ids.transcribe, ids.sot, ids.startofprev, ids.startoflm,
                                     ids.nospeech})


def write_json(path: str, data: dict) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write("\n")


def write_compact_json(path: str, data: dict) -> None:
    """For large files (tokenizer.json): one line, stable key order, UTF-8."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")

"""Whisper's log-mel front end in numpy (openai/whisper audio.py constants; see whisper-onnx.md §1)."""
from __future__ import annotations

import wave

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP_LENGTH = 160
N_SAMPLES = 480000
N_FRAMES = 3000


def read_wav_16k_mono(path: str) -> np.ndarray:
    """int16 PCM WAV (16 kHz mono) -> float32 samples / 32768."""
    with wave.open(path, "rb") as f:
        if f.getframerate() != SAMPLE_RATE or f.getnchannels() != 1 or f.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16 kHz mono 16-bit PCM")
        data = f.readframes(f.getnframes())
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def mel_filters(n_mels: int) -> np.ndarray:
    """librosa.filters.mel(sr=16000, n_fft=400, n_mels) with Slaney scale and Slaney area normalisation."""
    def hz_to_mel(f):
        f = np.asarray(f, dtype=np.float64)
        return np.where(f < 1000.0, f / (200.0 / 3), 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27))

    def mel_to_hz(m):
        return np.where(m < 15.0, m * (200.0 / 3), 1000.0 * np.exp((m - 15.0) * (np.log(6.4) / 27)))

    bins = np.arange(N_FFT // 2 + 1) * (SAMPLE_RATE / N_FFT)
    edges = mel_to_hz(np.linspace(0.0, hz_to_mel(SAMPLE_RATE / 2), n_mels + 2))
    weights = np.zeros((n_mels, len(bins)))
    for i in range(n_mels):
        lower = (bins - edges[i]) / (edges[i + 1] - edges[i])
        upper = (edges[i + 2] - bins) / (edges[i + 2] - edges[i + 1])
        weights[i] = np.maximum(0.0, np.minimum(lower, upper)) * 2.0 / (edges[i + 2] - edges[i])
    return weights.astype(np.float32)


def log_mel_spectrogram(audio: np.ndarray, n_mels: int = 80, padding: int = 0) -> np.ndarray:
    """[n_mels, floor((len + padding) / 160)]: periodic Hann, reflect-centred STFT, last frame dropped,
    log10 clamped at 1e-10 and at (global max - 8), then (x + 4) / 4."""
    audio = np.asarray(audio, dtype=np.float64)
    if padding:
        audio = np.pad(audio, (0, padding))
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    padded = np.pad(audio, (N_FFT // 2, N_FFT // 2), mode="reflect")
    n_frames = 1 + len(audio) // HOP_LENGTH
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP_LENGTH][:n_frames]
    power = np.abs(np.fft.rfft(frames * window, axis=1)) ** 2  # [frames, 201]
    mel = mel_filters(n_mels).astype(np.float64) @ power[:-1].T
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)


def pad_or_trim_frames(mel: np.ndarray, n_frames: int = N_FRAMES) -> np.ndarray:
    """Zero-pads (value 0.0) or trims the frame axis, as openai transcribe() does per window."""
    if mel.shape[1] >= n_frames:
        return mel[:, :n_frames]
    return np.pad(mel, ((0, 0), (0, n_frames - mel.shape[1])))


def first_window(audio: np.ndarray, n_mels: int = 80) -> np.ndarray:
    """[n_mels, 3000]: the log-mel of a clip's first 30 s as openai transcribe() feeds its first window (the
    spectrogram of the clip plus 30 s of zeros, normalised over both, cut to the clip's frames, zero-padded)."""
    audio = audio[:N_SAMPLES]
    return pad_or_trim_frames(log_mel_spectrogram(audio, n_mels, padding=N_SAMPLES)[:, : len(audio) // HOP_LENGTH])

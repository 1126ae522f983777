#!/usr/bin/env python3
"""Reference values for the Java log-mel front end (io.medasr.features).

An independent float64 implementation of openai/whisper's `log_mel_spectrogram` (whisper/audio.py) with
librosa-style Slaney mel filters, written from the formulas (numpy + the standard library only). Writes, next
to this script:

  reference.json         the cases: input, padding, n_mels, frame count, output file
  mel_filters_<n>.f32    librosa.filters.mel(sr=16000, n_fft=400, n_mels=n), [n][201]
  chirp.f32              the synthetic test signal (the Java test reads it back bit for bit)
  <case>.f32             log-mel output of each case, [n_mels][frames]
All .f32 files are raw little-endian float32, row-major.

The LibriSpeech case reads <repo>/../shared/data/speech/librispeech-sample/wav/1089-134686-0000.wav; only its
spectrogram is stored here, never the audio.

Usage: python3 make_reference.py   (numpy 2.x; run from anywhere)
"""
import json
import pathlib
import wave

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[4]
SPEECH = REPO.parent / "shared" / "data" / "speech"
LIBRI_CLIP = "librispeech-sample/wav/1089-134686-0000.wav"

SAMPLE_RATE, N_FFT, HOP = 16000, 400, 160


def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    logstep = np.log(6.4) / 27.0
    linear = f / f_sp
    log = min_log_hz / f_sp + np.log(np.maximum(f, min_log_hz) / min_log_hz) / logstep
    return np.where(f >= min_log_hz, log, linear)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def slaney_filters(n_mels):
    """librosa.filters.mel defaults: Slaney scale, fmin 0, fmax sr/2, norm='slaney', float32 result."""
    fft_freqs = np.linspace(0, SAMPLE_RATE / 2, 1 + N_FFT // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:] - mel_f[:-2]))[:, None]
    return weights.astype(np.float32)


def log_mel(audio, n_mels, padding):
    """whisper.audio.log_mel_spectrogram in float64; inputs under 201 samples are zero-extended first
    (the documented behaviour of the Java port: torch's reflect pad needs more than 200 samples)."""
    audio = np.concatenate([np.asarray(audio, dtype=np.float64), np.zeros(padding)])
    frames = len(audio) // HOP
    if len(audio) < N_FFT // 2 + 1:
        audio = np.concatenate([audio, np.zeros(N_FFT // 2 + 1 - len(audio))])
    x = np.pad(audio, N_FFT // 2, mode="reflect")
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann
    n_stft = 1 + (len(x) - N_FFT) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_stft)[:, None]
    power = np.abs(np.fft.rfft(x[idx] * window, axis=1)) ** 2  # [n_stft][201]
    power = power[:frames]  # drops the last STFT frame
    mel = slaney_filters(n_mels).astype(np.float64) @ power.T
    log = np.log10(np.maximum(mel, 1e-10))
    log = np.maximum(log, log.max() - 8.0)
    return ((log + 4.0) / 4.0).astype(np.float32)


def read_wav(path):
    with wave.open(str(path)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == SAMPLE_RATE, path
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return (pcm.astype(np.float32) / 32768.0).astype(np.float32)


def chirp():
    """1.5 s linear chirp 50 Hz -> 7950 Hz at amplitude 0.5 with a little deterministic noise."""
    t = np.arange(24000) / SAMPLE_RATE
    f0, f1, duration = 50.0, 7950.0, 1.5
    phase = 2 * np.pi * (f0 * t + (f1 - f0) * t * t / (2 * duration))
    noise = np.random.default_rng(20261127).normal(0, 0.01, t.shape)
    return (0.5 * np.sin(phase) + noise).astype(np.float32)


def write_f32(name, array):
    np.ascontiguousarray(array, dtype="<f4").tofile(HERE / name)


def main():
    for n in (80, 128):
        write_f32(f"mel_filters_{n}.f32", slaney_filters(n))
    signal = chirp()
    write_f32("chirp.f32", signal)
    libri = read_wav(SPEECH / LIBRI_CLIP)
    cases = [
        # name, source, first sample, sample count, padding, n_mels
        ("librispeech_80", LIBRI_CLIP, 16000, 56000, 0, 80),
        ("librispeech_128_padded", LIBRI_CLIP, 100000, 32000, 8000, 128),
        ("chirp_80_padded", "chirp.f32", 0, 24000, 4000, 80),
        ("chirp_128", "chirp.f32", 0, 24000, 0, 128),
        ("chirp_250_samples", "chirp.f32", 3000, 250, 0, 80),
        ("chirp_180_samples", "chirp.f32", 3000, 180, 0, 80),
    ]
    manifest = []
    for name, source, first, count, padding, n_mels in cases:
        audio = (libri if source == LIBRI_CLIP else signal)[first:first + count]
        mel = log_mel(audio, n_mels, padding)
        write_f32(f"{name}.f32", mel)
        manifest.append({"name": name, "source": source, "firstSample": first, "sampleCount": count,
                         "paddingSamples": padding, "nMels": n_mels, "frames": int(mel.shape[1]),
                         "file": f"{name}.f32"})
    (HERE / "reference.json").write_text(json.dumps({"cases": manifest}, indent=2) + "\n")


if __name__ == "__main__":
    main()

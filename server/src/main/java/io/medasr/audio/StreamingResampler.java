package io.medasr.audio;

import be.tarsos.dsp.resample.Resampler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resamples a mono stream to {@link AudioDecoders#TARGET_SAMPLE_RATE} with TarsosDSP's {@link Resampler}
 * (libresample: windowed-sinc, high-quality 35-tap-wing filter), keeping its state across calls. Input already
 * at the target rate passes through untouched. Output is clamped to [-1, 1]. Not thread-safe.
 *
 * <p>libresample keeps its position as a double and subtracts each processed block length from it, so for a
 * ratio like 16000/44100 the rounding (and hence the output bits) depends on how the input was split. To make
 * the output independent of the caller's chunking, input is fed to the resampler in blocks of a fixed size
 * (10 ms of input); the price is at most 10 ms of extra latency. A total of {@code n} input samples gives
 * {@code ceil(n * 16000 / rate)} output samples, the first aligned with the first input sample, or for some rates
 * (11025, 22050, 44100 Hz ...) and lengths one or two more, from the same rounding.
 */
final class StreamingResampler {
  /**
   * Resamplers never used, one per recent input rate, copied for each stream: building the filter table (35 taps
   * × 4096 phases through a Bessel series) costs milliseconds, copying it microseconds. A few rates only, so that a
   * client cycling through rates cannot fill memory (about 0.5 MB each).
   */
  private static final int PROTOTYPE_RATES = 8;
  private static final Map<Integer, Resampler> PROTOTYPES = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Resampler> eldest) {
      return size() > PROTOTYPE_RATES;
    }
  };

  private final int inputRateHz;
  private final double factor;
  private final Resampler resampler;
  private final float[] block;
  private int blockFill;
  private final float[] output;

  StreamingResampler(int inputRateHz) {
    this.inputRateHz = inputRateHz;
    factor = (double) AudioDecoders.TARGET_SAMPLE_RATE / inputRateHz;
    if (inputRateHz == AudioDecoders.TARGET_SAMPLE_RATE) {
      resampler = null;
      block = null;
      output = null;
    } else {
      resampler = new Resampler(prototype(inputRateHz, factor));
      block = new float[Math.max(1, inputRateHz / 100)];
      // room for one block plus the samples the filter held back, so one call rarely needs a second
      output =
          new float[(int) Math.ceil((block.length + 2 * resampler.getFilterWidth()) * factor) + 16];
    }
  }

  /** A fresh resampler's state for this rate (the copy constructor copies filter, buffers and position). */
  private static Resampler prototype(int inputRateHz, double factor) {
    synchronized (PROTOTYPES) {
      return PROTOTYPES.computeIfAbsent(inputRateHz, rate -> new Resampler(true, factor, factor));
    }
  }

  /** The fewest output samples a stream of {@code inputSamples} gives in all, once finished. */
  long minOutputLength(long inputSamples) {
    if (resampler == null) {
      return inputSamples;
    }
    return (inputSamples * AudioDecoders.TARGET_SAMPLE_RATE + inputRateHz - 1) / inputRateHz;
  }

  /** Adds {@code length} input samples; appends the output samples now ready to {@code sink}. */
  void process(float[] input, int length, FloatList sink) {
    if (resampler == null) {
      for (int i = 0; i < length; i++) {
        sink.add(clamp(input[i]));
      }
      return;
    }
    int consumed = 0;
    while (consumed < length) {
      int take = Math.min(length - consumed, block.length - blockFill);
      System.arraycopy(input, consumed, block, blockFill, take);
      blockFill += take;
      consumed += take;
      if (blockFill == block.length) {
        resample(false, sink);
      }
    }
  }

  /** Flushes the partial block and the filter's tail (zero-padded end of signal). */
  void finish(FloatList sink) {
    if (resampler != null) {
      resample(true, sink);
    }
  }

  private void resample(boolean lastBatch, FloatList sink) {
    int offset = 0;
    while (true) {
      Resampler.Result result =
          resampler.process(
              factor, block, offset, blockFill - offset, lastBatch, output, 0, output.length);
      offset += result.inputSamplesConsumed;
      for (int i = 0; i < result.outputSamplesGenerated; i++) {
        sink.add(clamp(output[i]));
      }
      boolean outputWasFull = result.outputSamplesGenerated == output.length;
      if (offset == blockFill && !outputWasFull) {
        break;
      }
      if (result.inputSamplesConsumed == 0 && result.outputSamplesGenerated == 0) {
        throw new IllegalStateException("the resampler made no progress");
      }
    }
    blockFill = 0;
  }

  private static float clamp(float sample) {
    return Math.max(-1f, Math.min(1f, sample));
  }
}

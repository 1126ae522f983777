package io.medasr.audio;

/**
 * Decodes interleaved fixed-size samples (raw encodings, and the data chunk of a WAV): assembles frames across
 * chunk boundaries, averages the channels, resamples to 16 kHz. Holds at most one partial frame and one
 * resampler block. Not thread-safe.
 *
 * <p>The output limit is checked twice. Before a chunk is converted, on its frame count: the stream's output is
 * at least {@link StreamingResampler#minOutputLength} of its frames, so a chunk that takes it past the limit is
 * refused without allocating anything. After, on the samples actually produced, which may be one or two more.
 */
final class PcmDecoder implements AudioDecoder {
  private final SampleFormat sampleFormat;
  private final int channels;
  private final int frameBytes;
  private final String streamName;
  private final long maxOutputSamples;
  private final byte[] partialFrame;
  private int partialBytes;
  private long framesDecoded;
  private long samplesProduced;
  private float[] mono = new float[0];
  private final StreamingResampler resampler;
  private final FloatList output = new FloatList(1024);
  private boolean finished;

  /**
   * @param streamName names the stream in error messages, e.g. "LINEAR16 audio" or "WAV data"
   * @param maxOutputSamples the most 16 kHz samples the whole stream may decode to
   */
  PcmDecoder(
      SampleFormat sampleFormat,
      int sampleRateHz,
      int channels,
      String streamName,
      long maxOutputSamples) {
    this.sampleFormat = sampleFormat;
    this.channels = channels;
    this.frameBytes = sampleFormat.bytesPerSample * channels;
    this.streamName = streamName;
    this.maxOutputSamples = maxOutputSamples;
    this.partialFrame = new byte[frameBytes];
    this.resampler = new StreamingResampler(sampleRateHz);
  }

  @Override
  public float[] decode(byte[] chunk, int offset, int length)
      throws InvalidAudioException, AudioLimitExceededException {
    if (finished) {
      throw new IllegalStateException("decode() after finish()");
    }
    long framesAfterChunk = framesDecoded + (partialBytes + (long) length) / frameBytes;
    requireWithinLimit(resampler.minOutputLength(framesAfterChunk));
    int position = offset;
    int end = offset + length;
    if (partialBytes > 0) {
      int take = Math.min(frameBytes - partialBytes, length);
      System.arraycopy(chunk, position, partialFrame, partialBytes, take);
      partialBytes += take;
      position += take;
      if (partialBytes < frameBytes) {
        return new float[0];
      }
      decodeFrames(partialFrame, 0, 1);
      partialBytes = 0;
    }
    int wholeFrames = (end - position) / frameBytes;
    decodeFrames(chunk, position, wholeFrames);
    position += wholeFrames * frameBytes;
    partialBytes = end - position;
    System.arraycopy(chunk, position, partialFrame, 0, partialBytes);
    return countedOutput();
  }

  @Override
  public float[] finish() throws InvalidAudioException, AudioLimitExceededException {
    if (finished) {
      throw new IllegalStateException("finish() called twice");
    }
    finished = true;
    if (partialBytes > 0) {
      throw new InvalidAudioException(
          streamName
              + " ends with a partial frame: "
              + count(partialBytes, "byte")
              + " left over where a frame is "
              + frameBytes
              + " bytes ("
              + count(channels, "channel")
              + " of "
              + sampleFormat.description
              + ")");
    }
    resampler.finish(output);
    return countedOutput();
  }

  @Override
  public void close() {
    // owns nothing but heap memory
  }

  private float[] countedOutput() throws AudioLimitExceededException {
    samplesProduced += output.size();
    requireWithinLimit(samplesProduced);
    return output.drain();
  }

  private void requireWithinLimit(long samples) throws AudioLimitExceededException {
    if (samples > maxOutputSamples) {
      throw new AudioLimitExceededException(
          (double) maxOutputSamples / AudioDecoders.TARGET_SAMPLE_RATE);
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private void decodeFrames(byte[] bytes, int offset, int frames) throws InvalidAudioException {
    if (mono.length < frames) {
      mono = new float[frames];
    }
    int bytesPerSample = sampleFormat.bytesPerSample;
    for (int frame = 0; frame < frames; frame++) {
      int frameOffset = offset + frame * frameBytes;
      float sum = 0f;
      for (int channel = 0; channel < channels; channel++) {
        float sample = sampleFormat.read(bytes, frameOffset + channel * bytesPerSample);
        if (!Float.isFinite(sample)) {
          throw new InvalidAudioException(
              streamName
                  + " has a non-finite sample ("
                  + sample
                  + ") at frame "
                  + (framesDecoded + frame)
                  + ", channel "
                  + channel);
        }
        // full scale is 1: a float sample beyond it is clipped as a converter would, before the channels are
        // mixed, so that neither the mix nor the resampler's filter can overflow to infinity and NaN
        sum += Math.max(-1f, Math.min(1f, sample));
      }
      mono[frame] = channels == 1 ? sum : sum / channels;
    }
    framesDecoded += frames;
    resampler.process(mono, frames, output);
  }
}

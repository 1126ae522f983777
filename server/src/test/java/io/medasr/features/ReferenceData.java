package io.medasr.features;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads the files written by src/test/resources/features/make_reference.py. */
final class ReferenceData {

  private ReferenceData() {}

  static JsonArray cases() throws IOException {
    try (InputStream in = open("reference.json")) {
      JsonObject root =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject();
      return root.getAsJsonArray("cases");
    }
  }

  /** A raw little-endian float32 resource of features/. */
  static float[] floats(String name) throws IOException {
    try (InputStream in = open(name)) {
      return floats(in.readAllBytes());
    }
  }

  /** Raw little-endian float32 values. */
  static float[] floats(byte[] raw) {
    ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  /** 16-bit mono WAV as int16 / 32768, like openai's load_audio. */
  static float[] wav(Path path) throws IOException {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(path.toFile())) {
      AudioFormat format = in.getFormat();
      if (format.getChannels() != 1 || format.getSampleSizeInBits() != 16 || format.isBigEndian()) {
        throw new IOException("expected 16-bit little-endian mono WAV: " + path + " is " + format);
      }
      ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[] samples = new float[bytes.remaining() / 2];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = bytes.getShort() / 32768.0f;
      }
      return samples;
    } catch (UnsupportedAudioFileException e) {
      throw new IOException("not a WAV file: " + path, e);
    }
  }

  /** The shared speech data folder next to the checkout. */
  static Path speechData() {
    return Path.of(System.getProperty("medasr.repo.root", "."))
        .resolve("../shared/data/speech")
        .normalize();
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = ReferenceData.class.getResourceAsStream("/features/" + name);
    if (in == null) {
      throw new IOException("missing test resource features/" + name);
    }
    return in;
  }
}

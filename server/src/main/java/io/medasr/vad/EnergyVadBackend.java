package io.medasr.vad;

/** The energy VAD for every stream; holds nothing native. */
public record EnergyVadBackend(EnergyVadConfig config) implements VadBackend {
  public static final String NAME = "energy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VoiceActivity newVoiceActivity() {
    return new EnergyVad(config);
  }

  @Override
  public void close() {}
}

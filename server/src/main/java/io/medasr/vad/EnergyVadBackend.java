package io.medasr.vad;

/** The energy VAD for every stream; holds nothing native. */
public record EnergyVadBackend(EnergyVadConfig config) implements VadBackend {

  @Override
  public String name() {
    return "energy";
  }

  @Override
  public VoiceActivity newVoiceActivity() {
    return new EnergyVad(config);
  }

  @Override
  public void close() {}
}

package io.medasr.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults from environment variables for the options of {@link ServerOptions#FROM_ENVIRONMENT}: the variable is
 * {@code MEDASR_} and the option's name in capitals, dashes as underscores ({@code --tls-ca}: {@code
 * MEDASR_TLS_CA}). An option on the command line wins; a blank variable counts as unset. Immutable.
 */
record EnvironmentDefaults(Map<String, String> environment) implements IDefaultValueProvider {
  EnvironmentDefaults {
    environment = Map.copyOf(environment);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option) || !ServerOptions.FROM_ENVIRONMENT.contains(option.longestName())) {
      return null;
    }
    String value = environment.get(variable(option.longestName()));
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The variable of an option: {@code --server} is {@code MEDASR_SERVER}. */
  static String variable(String option) {
    return "MEDASR_" + option.replaceFirst("^--", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }
}

package io.medasr.stress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code --name value} and {@code --switch} command-line flags of the stress tools; everything after a lone
 * {@code --} is kept apart, untouched ({@link #passThrough()}). Unknown flags are an error, so a typo cannot
 * silently run a long stress test with defaults.
 */
final class Flags {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> switchesSeen = new HashSet<>();
  private final List<String> passThrough = new ArrayList<>();

  private Flags() {}

  /** Parses {@code args}; {@code valued} take a value, {@code switches} do not. */
  static Flags parse(String[] args, Set<String> valued, Set<String> switches) {
    Flags flags = new Flags();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        flags.passThrough.addAll(List.of(args).subList(i + 1, args.length));
        break;
      } else if (switches.contains(arg)) {
        flags.switchesSeen.add(arg);
      } else if (valued.contains(arg)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        flags.values.put(arg, args[++i]);
      } else {
        throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    return flags;
  }

  String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  /** A server's address. */
  record Server(String host, int port) {}

  /** A {@code HOST:PORT} flag. */
  Server server(String name, String defaultValue) {
    String value = string(name, defaultValue);
    int colon = value.lastIndexOf(':');
    try {
      if (colon > 0) {
        return new Server(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be HOST:PORT, got '" + value + "'");
  }

  /** A whole number that may be absent: null then. */
  Long optionalLong(String name) {
    return values.containsKey(name) ? parse(name, Long::parseLong) : null;
  }

  /** A flag that has no sensible default. */
  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  int positiveInt(String name, int defaultValue) {
    int value = values.containsKey(name) ? parse(name, Integer::parseInt) : defaultValue;
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
    return value;
  }

  long longValue(String name, long defaultValue) {
    return values.containsKey(name) ? parse(name, Long::parseLong) : defaultValue;
  }

  double nonNegativeDouble(String name, double defaultValue) {
    double value = values.containsKey(name) ? parse(name, Double::parseDouble) : defaultValue;
    if (!(value >= 0)) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  boolean isSet(String switchName) {
    return switchesSeen.contains(switchName);
  }

  /** The arguments after {@code --}. */
  List<String> passThrough() {
    return List.copyOf(passThrough);
  }

  private <T> T parse(String name, Function<String, T> parser) {
    try {
      return parser.apply(values.get(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + values.get(name) + "'");
    }
  }
}

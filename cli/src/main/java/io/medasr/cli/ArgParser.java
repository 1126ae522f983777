package io.medasr.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses one command's arguments: flags ({@code --json}), options with a value ({@code --server HOST:PORT} or
 * {@code --server=HOST:PORT}, repeatable), {@code -h}/{@code --help}, and positionals ({@code --} ends options).
 * Not thread-safe.
 */
final class ArgParser {
  private final Set<String> flags = new HashSet<>();
  private final Set<String> options = new HashSet<>();

  /** Declares a flag, e.g. {@code "--json"}. */
  ArgParser flag(String name) {
    flags.add(name);
    return this;
  }

  /** Declares an option that takes a value, e.g. {@code "--server"}. */
  ArgParser option(String name) {
    options.add(name);
    return this;
  }

  Args parse(List<String> args) throws UsageException {
    Set<String> flagsSet = new HashSet<>();
    Map<String, List<String>> values = new HashMap<>();
    List<String> positionals = new ArrayList<>();
    boolean help = false;
    boolean onlyPositionals = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (onlyPositionals || !arg.startsWith("-") || arg.equals("-")) {
        positionals.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        onlyPositionals = true;
        continue;
      }
      if (arg.equals("-h") || arg.equals("--help")) {
        help = true;
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      String inlineValue = equals < 0 ? null : arg.substring(equals + 1);
      if (flags.contains(name)) {
        if (inlineValue != null) {
          throw new UsageException(name + " takes no value");
        }
        flagsSet.add(name);
      } else if (options.contains(name)) {
        String value = inlineValue;
        if (value == null) {
          if (i + 1 == args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException(name + " needs a value");
          }
          value = args.get(++i);
        }
        values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option " + name);
      }
    }
    return new Args(help, flagsSet, values, positionals);
  }

  /** Parsed arguments. */
  static final class Args {
    private final boolean help;
    private final Set<String> flags;
    private final Map<String, List<String>> values;
    private final List<String> positionals;

    private Args(boolean help, Set<String> flags, Map<String, List<String>> values, List<String> positionals) {
      this.help = help;
      this.flags = flags;
      this.values = values;
      this.positionals = List.copyOf(positionals);
    }

    boolean helpRequested() {
      return help;
    }

    boolean has(String flag) {
      return flags.contains(flag);
    }

    /** The option's value; the last one when it was given more than once. */
    Optional<String> value(String option) {
      List<String> given = values(option);
      return given.isEmpty() ? Optional.empty() : Optional.of(given.get(given.size() - 1));
    }

    /** Every value of a repeatable option, in order. */
    List<String> values(String option) {
      return values.getOrDefault(option, List.of());
    }

    String required(String option) throws UsageException {
      return value(option).orElseThrow(() -> new UsageException(option + " is required"));
    }

    int intValue(String option, int defaultValue, int min, int max) throws UsageException {
      Optional<String> text = value(option);
      if (text.isEmpty()) {
        return defaultValue;
      }
      try {
        int value = Integer.parseInt(text.get());
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below, with the accepted range
      }
      throw new UsageException(option + " must be a whole number from " + min + " to " + max
          + ", got '" + text.get() + "'");
    }

    List<String> positionals() {
      return positionals;
    }
  }
}

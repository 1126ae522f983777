package io.medasr.stress;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Option types of the stress tools' command lines. Out-of-range values are refused as they are converted, so that
 * a typo cannot silently run a long stress test with nonsense settings.
 */
final class StressOptions {
  private StressOptions() {}

  /** The server a tool runs against, and its process for sampling (a picocli mixin). */
  static final class RunningServer {
    @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:50051",
        converter = AddressConverter.class, description = "the running server (default: ${DEFAULT-VALUE})")
    private Address address;

    @Option(names = "--pid", paramLabel = "PID", description = "server process to sample (default: found from the port)")
    private Long pid;

    Address address() {
      return address;
    }

    /** The {@code --pid}, null when it is to be found from the port. */
    Long pid() {
      return pid;
    }
  }

  /** A server's {@code HOST:PORT}. */
  record Address(String host, int port) {}

  /** Reads {@code HOST:PORT}. */
  static final class AddressConverter implements ITypeConverter<Address> {
    @Override
    public Address convert(String value) {
      int colon = value.lastIndexOf(':');
      try {
        if (colon > 0) {
          return new Address(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new TypeConversionException("must be HOST:PORT, got '" + value + "'");
    }
  }

  /** A count: a whole number, at least 1. */
  static final class AtLeastOne implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int count;
      try {
        count = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not an int");
      }
      if (count < 1) {
        throw new TypeConversionException("must be at least 1, got " + count);
      }
      return count;
    }
  }

  /** A length of time or similar: a number, at least 0. */
  static final class NotNegative implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double number;
      try {
        number = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a double");
      }
      if (!(number >= 0)) {
        throw new TypeConversionException("must be >= 0, got " + number);
      }
      return number;
    }
  }
}

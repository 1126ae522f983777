package io.medasr.service;

/** Client-supplied strings as they may appear in our messages: quoted, escaped and cut short. */
final class ClientText {
  /** Longest part of a client value that a message repeats. */
  static final int MAX_QUOTED_CHARS = 40;

  private ClientText() {}

  /** {@code 'value'}: control and non-ASCII characters escaped as hex codes, cut after 40 characters with "...". */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder("'");
    int shown = Math.min(value.length(), MAX_QUOTED_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (c == '\'' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7E) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append(value.length() > shown ? "'..." : "'").toString();
  }
}

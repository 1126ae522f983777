package io.medasr.service;

/** A request the server cannot accept as sent; the message tells the client what to change. */
final class InvalidRequestException extends Exception {
  InvalidRequestException(String message) {
    super(message);
  }
}

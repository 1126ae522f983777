package io.medasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.service.CallSummary;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
  private static final JsonLogFormatter FORMATTER = new JsonLogFormatter();

  private static LogRecord record(Level level, String message, Object... parameters) {
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName("io.medasr.service.RecognizerService");
    record.setInstant(Instant.parse("2026-12-01T17:20:00.123Z"));
    record.setParameters(parameters.length == 0 ? null : parameters);
    return record;
  }

  @Test
  void aCallsLineCarriesItsFieldsOnOneLine() {
    CallSummary call = new CallSummary(7, "Recognize", "ward-3", "OK", 10.0, 1.5);
    String line = FORMATTER.format(record(Level.INFO, call.describe(), call));
    assertTrue(line.endsWith(System.lineSeparator()) && line.strip().indexOf('\n') < 0, line);
    assertEquals("{\"time\":\"2026-12-01T17:20:00.123Z\",\"level\":\"INFO\","
        + "\"logger\":\"io.medasr.service.RecognizerService\","
        + "\"message\":\"call 7 Recognize OK (ward-3): 10.0 s of audio in 1.50 s (RTF 0.150)\","
        + "\"call_id\":7,\"method\":\"Recognize\",\"client\":\"ward-3\",\"status\":\"OK\",\"audio_seconds\":10.0,"
        + "\"wall_seconds\":1.5,\"rtf\":0.15}", line.strip());
  }

  @Test
  void aCallWithoutAudioHasNoRealTimeFactor() {
    CallSummary call = new CallSummary(0, "StreamingRecognize", "address 10.0.0.7", "INVALID_ARGUMENT", 0, 0.25);
    JsonObject line = JsonParser.parseString(FORMATTER.format(record(Level.INFO, call.describe(), call)))
        .getAsJsonObject();
    assertEquals("call 0 StreamingRecognize INVALID_ARGUMENT (address 10.0.0.7) after 0.25 s",
        line.get("message").getAsString());
    assertEquals(false, line.has("rtf"));
  }

  @Test
  void anErrorKeepsItsStackTraceInsideTheLine() {
    LogRecord record = record(Level.SEVERE, "a call failed with {0}", "OutOfMemoryError");
    record.setThrown(new IllegalStateException("boom"));
    String line = FORMATTER.format(record);
    assertEquals(1, line.strip().lines().count(), line);
    JsonObject json = JsonParser.parseString(line).getAsJsonObject();
    assertEquals("a call failed with OutOfMemoryError", json.get("message").getAsString());
    assertEquals("SEVERE", json.get("level").getAsString());
    assertTrue(json.get("error").getAsString().startsWith("java.lang.IllegalStateException: boom"));
  }
}

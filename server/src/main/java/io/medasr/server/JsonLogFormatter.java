package io.medasr.server;

import com.google.gson.JsonObject;
import io.medasr.service.CallSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line for log collectors ({@code --log-format json}): time, level, logger, message, the
 * thread's stack trace of an error, and the fields of a call's summary ({@link CallSummary}) for the line each call
 * ends with. Carries what the records carry and nothing else: transcripts only where {@code --log-transcripts} put
 * them into a message. Stateless and thread-safe.
 */
public final class JsonLogFormatter extends Formatter {
  @Override
  public String format(LogRecord record) {
    JsonObject line = new JsonObject();
    line.addProperty("time", Instant.ofEpochMilli(record.getMillis()).toString());
    line.addProperty("level", record.getLevel().getName());
    line.addProperty("logger", record.getLoggerName());
    line.addProperty("message", formatMessage(record));
    Object[] parameters = record.getParameters();
    if (parameters != null && parameters.length == 1 && parameters[0] instanceof CallSummary call) {
      line.addProperty("call_id", call.id());
      line.addProperty("method", call.method());
      line.addProperty("client", call.client());
      line.addProperty("status", call.status());
      line.addProperty("audio_seconds", call.audioSeconds());
      line.addProperty("wall_seconds", call.wallSeconds());
      if (call.audioSeconds() > 0) {
        line.addProperty("rtf", call.realTimeFactor());
      }
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.addProperty("error", trace.toString());
    }
    return line + System.lineSeparator();
  }
}

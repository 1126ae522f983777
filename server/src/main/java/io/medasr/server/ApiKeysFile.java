package io.medasr.server;

import io.medasr.service.ApiKey;
import io.medasr.service.ApiKeyInterceptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * The {@code --api-keys-file}, read again when its content changes, so that keys added, revoked or given new
 * limits take effect for new calls without a restart. A file that cannot be used (unreadable, a line that is not
 * {@code NAME KEY [MAX_CALLS]}, no keys at all) is warned about once and the keys in use stay. Owns a daemon
 * thread that checks the file every {@link PeriodicCheck#INTERVAL}; {@link #close()} stops it. Thread-safe.
 */
final class ApiKeysFile implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ApiKeysFile.class.getName());

  private final Path file;
  private final ApiKeyInterceptor interceptor;
  private final PeriodicCheck checker;
  /** The file's content at the last attempt, to read it again only when it changes. */
  private byte[] loaded;

  /** Takes the keys in {@code file} now and watches it. */
  ApiKeysFile(Path file, ApiKeyInterceptor interceptor) throws IOException {
    this.file = file;
    this.interceptor = interceptor;
    this.loaded = Files.readAllBytes(file);
    interceptor.replaceKeys(parse(loaded));
    this.checker = new PeriodicCheck("medasr-api-keys-reload", this::reloadIfChanged);
  }

  /**
   * Reads the file again if it changed since the last attempt. Called by the checker thread; callable at any time.
   *
   * @return whether new keys were taken
   */
  synchronized boolean reloadIfChanged() {
    try {
      byte[] now = Files.readAllBytes(file);
      if (Arrays.equals(now, loaded)) {
        return false;
      }
      loaded = now; // a file that cannot be used is warned about once, not at every check
      List<ApiKey> keys = parse(now);
      interceptor.replaceKeys(keys);
      LOG.info(() -> "API keys reloaded from " + file + ": " + keys.size() + " keys ("
          + String.join(", ", keys.stream().map(ApiKey::name).toList()) + ")");
      return true;
    } catch (IOException | IllegalArgumentException e) {
      LOG.warning("the API keys file changed but cannot be used; the keys in use stay: " + e.getMessage());
      return false;
    }
  }

  private List<ApiKey> parse(byte[] content) {
    return ApiKey.parse(new String(content, StandardCharsets.UTF_8), file.toString());
  }

  @Override
  public void close() {
    checker.close();
  }
}

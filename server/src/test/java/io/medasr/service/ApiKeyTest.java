package io.medasr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyTest {
  @TempDir
  Path dir;

  private List<ApiKey> read(String text) throws IOException {
    return ApiKey.readFile(Files.writeString(dir.resolve("keys"), text));
  }

  private String refusal(String text) {
    return assertThrows(IllegalArgumentException.class, () -> read(text)).getMessage();
  }

  @Test
  void aKeyFileNamesEachKeyAndMayLimitIt() throws IOException {
    assertEquals(List.of(new ApiKey("ward-3", "s3cret/+=", 2), new ApiKey("radiology.pacs", "other_key", 0)),
        read("# clinics\n\nward-3   s3cret/+=  2\n  radiology.pacs\tother_key\n"));
    assertEquals(List.of(new ApiKey("API key 1", "a", 0), new ApiKey("API key 2", "b", 0)),
        ApiKey.numbered(List.of("a", "b")));
  }

  @Test
  void mistakesNameTheLineAndNeverQuoteAKey() {
    Path file = dir.resolve("keys");
    assertEquals(file + " line 2: expected NAME KEY [MAX_CALLS], got 1 fields", refusal("a k1\nlonely\n"));
    assertEquals(file + " line 1: MAX_CALLS must be an integer", refusal("a k1 many\n"));
    assertEquals(file + " line 1: API key a: max calls must be >= 0, got -1", refusal("a k1 -1\n"));
    assertEquals(file + " line 2: the name a is used twice", refusal("a k1\na k2\n"));
    assertEquals(file + " line 2: the key of b is also another name's key", refusal("a k1\nb k1\n"));
    assertEquals(file + " line 1: an API key's name must be letters, digits, '.', '_' and '-', got 'wärd'",
        refusal("wärd k1\n"));
    assertEquals(file + " line 1: API key a must be printable ASCII without spaces", refusal("a k\u00e9y\n"));
    assertEquals(file + " holds no API key", refusal("# none yet\n"));
  }

  @Test
  void aKeysTextNeverShowsItsValue() {
    ApiKey key = new ApiKey("ward-3", "s3cret-value", 2);
    assertEquals("ApiKey[ward-3, max calls 2]", key.toString());
    assertFalse(List.of(key).toString().contains("s3cret"));
  }
}

package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhraseListsTest {
  private static final List<String> POOL = List.of("apixaban", "warfarin", "Metoprolol", "asthma", "sepsis",
      "pneumonia", "gout", "anemia");

  private static ManifestEntry entry(String id, String... terms) {
    return new ManifestEntry(id, id + ".wav", Path.of(id + ".wav"), "text", List.of(terms));
  }

  @Test
  void eachListHasTheUtterancesTermsThenDistinctDistractorsUpToItsSize() {
    Map<String, List<String>> lists = PhraseLists.build(List.of(entry("a", "metoprolol", "atrial fibrillation"),
        entry("b")), POOL, 5, 1);
    List<String> a = lists.get("a");
    assertEquals(5, a.size());
    assertTrue(a.containsAll(List.of("metoprolol", "atrial fibrillation")));
    assertEquals(5, new HashSet<>(a.stream().map(String::toLowerCase).toList()).size(), "no duplicate " + a);
    assertEquals(5, lists.get("b").size());
    assertEquals(lists, PhraseLists.build(List.of(entry("a", "metoprolol", "atrial fibrillation"), entry("b")),
        POOL, 5, 1));
    assertNotEquals(lists, PhraseLists.build(List.of(entry("a", "metoprolol", "atrial fibrillation"), entry("b")),
        POOL, 5, 2));
    assertEquals(8, PhraseLists.build(List.of(entry("c")), POOL, 100, 1).get("c").size());
  }
}

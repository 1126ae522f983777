package io.medasr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineConfigTest {
  @Test
  void belowFourCoresEachCoreIsAWorkerOfOneThread() {
    for (int cores = 1; cores < 4; cores++) {
      assertEquals(cores, EngineConfig.defaultDecodeWorkers(cores));
      assertEquals(1, EngineConfig.threadsPerWorker(cores, EngineConfig.defaultDecodeWorkers(cores)));
    }
  }

  @Test
  void fromFourCoresOnWorkersHaveTwoThreads() {
    assertEquals(2, EngineConfig.defaultDecodeWorkers(4));
    assertEquals(2, EngineConfig.threadsPerWorker(4, 2));
    assertEquals(8, EngineConfig.defaultDecodeWorkers(16));
    assertEquals(2, EngineConfig.threadsPerWorker(16, 8));
    assertEquals(2, EngineConfig.defaultDecodeWorkers(5));
    assertEquals(2, EngineConfig.threadsPerWorker(5, 2));
  }
}

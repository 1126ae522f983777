package io.medasr.cli;

/**
 * How a {@code bench} run was set up, as its output states it. An immutable value.
 *
 * @param manifest the {@code --manifest} path as given
 * @param serverPid the {@code --server-pid}, null without one
 */
record BenchSettings(String server, String manifest, int concurrency, boolean realtime, int chunkMillis,
    int trailingSilenceMillis, String normalization, boolean wordTimes, Long serverPid) {}

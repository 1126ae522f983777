package io.medasr.cli;

/**
 * What the server process used during a {@code bench} run, from Linux's /proc. An immutable value.
 *
 * @param pid the server's process id
 * @param streamingCpuSeconds user + system CPU time during the streaming phase; NaN when /proc could not be read
 * @param unaryCpuSeconds the same during the unary Recognize phase that follows
 * @param peakRssKib the largest VmRSS seen, sampled every {@link ServerProcessMonitor#SAMPLE_INTERVAL}; 0 when
 *     none could be read
 * @param highWaterMarkKib VmHWM at the end: the process's peak RSS over its whole life; 0 when unreadable
 * @param clockTicksPerSecond the unit of /proc's CPU times
 * @param clockTicksAssumed true when {@code getconf CLK_TCK} could not tell and 100 was assumed
 */
record ServerUsage(long pid, double streamingCpuSeconds, double unaryCpuSeconds, long peakRssKib,
    long highWaterMarkKib, long clockTicksPerSecond, boolean clockTicksAssumed) {}

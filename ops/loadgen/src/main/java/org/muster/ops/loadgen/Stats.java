package org.muster.ops.loadgen;

import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latency histograms and counters of one context (one verticle): not thread-safe, never shared while the run is on.
 * The main thread merges them after the verticles have stopped.
 */
final class Stats {
    /** Latencies are recorded in microseconds, up to an hour, with three significant digits. */
    private static final long MAX_MICROS = 3_600_000_000L;
    // hash maps: the names are constants whose hashes the JVM keeps, and a console records several figures for every
    // one of ~200,000 deltas a second on the machine it measures; sorted only for the report
    private final Map<String, Histogram> histograms = new HashMap<>();
    private final Map<String, long[]> counters = new HashMap<>();
    /** Per second of the window: {samples, samples over the threshold} at [2 * second], [2 * second + 1]. */
    private final Map<String, long[]> seconds = new HashMap<>();

    void recordMicros(String operation, long micros) {
        histograms.computeIfAbsent(operation, k -> new Histogram(MAX_MICROS, 3))
                .recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
    }

    void recordMillis(String operation, long millis) {
        recordMicros(operation, millis * 1000);
    }

    /**
     * Tallies one sample in second {@code second} of the window, and whether it was late: when in a run the tail
     * happened, which a whole-run percentile does not tell.
     */
    void perSecond(String name, int second, boolean late) {
        long[] t = tally(name, 2 * second + 2);
        t[2 * second]++;
        if (late) {
            t[2 * second + 1]++;
        }
    }

    private long[] tally(String name, int length) {
        long[] t = seconds.get(name);
        if (t == null || t.length < length) {
            long[] grown = new long[Math.max(length, t == null ? 128 : 2 * t.length)];
            if (t != null) {
                System.arraycopy(t, 0, grown, 0, t.length);
            }
            seconds.put(name, grown);
            t = grown;
        }
        return t;
    }

    /** The per-second tallies by name, sorted: {samples, late} pairs, second by second. */
    Map<String, long[]> perSecond() {
        return new TreeMap<>(seconds);
    }

    void count(String counter, long n) {
        counters.computeIfAbsent(counter, k -> new long[1])[0] += n;
    }

    long counter(String name) {
        long[] c = counters.get(name);
        return c == null ? 0 : c[0];
    }

    /** The histograms by name, sorted. */
    Map<String, Histogram> histograms() {
        return new TreeMap<>(histograms);
    }

    /** The counters by name, sorted. */
    Map<String, Long> counters() {
        Map<String, Long> sorted = new TreeMap<>();
        counters.forEach((k, v) -> sorted.put(k, v[0]));
        return sorted;
    }

    void addAll(Stats other) {
        other.histograms.forEach((k, h) -> histograms.computeIfAbsent(k, x -> new Histogram(MAX_MICROS, 3)).add(h));
        other.counters.forEach((k, v) -> count(k, v[0]));
        other.seconds.forEach((k, v) -> {
            long[] t = tally(k, v.length);
            for (int i = 0; i < v.length; i++) {
                t[i] += v[i];
            }
        });
    }
}

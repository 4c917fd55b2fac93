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

    void recordMicros(String operation, long micros) {
        histograms.computeIfAbsent(operation, k -> new Histogram(MAX_MICROS, 3))
                .recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
    }

    void recordMillis(String operation, long millis) {
        recordMicros(operation, millis * 1000);
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
    }
}

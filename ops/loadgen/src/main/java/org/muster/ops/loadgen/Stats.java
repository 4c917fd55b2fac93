package org.muster.ops.loadgen;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * Latency histograms and counters of one context (one verticle): not thread-safe, never shared while the run is on.
 * The main thread merges them after the verticles have stopped.
 */
final class Stats {
    /** Latencies are recorded in microseconds, up to an hour, with three significant digits. */
    private static final long MAX_MICROS = 3_600_000_000L;
    private final Map<String, Histogram> histograms = new TreeMap<>();
    private final Map<String, Long> counters = new TreeMap<>();

    void recordMicros(String operation, long micros) {
        histograms.computeIfAbsent(operation, k -> new Histogram(MAX_MICROS, 3))
                .recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
    }

    void recordMillis(String operation, long millis) {
        recordMicros(operation, millis * 1000);
    }

    void count(String counter, long n) {
        counters.merge(counter, n, Long::sum);
    }

    long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    Map<String, Histogram> histograms() {
        return histograms;
    }

    Map<String, Long> counters() {
        return counters;
    }

    void addAll(Stats other) {
        other.histograms.forEach((k, h) -> histograms.computeIfAbsent(k, x -> new Histogram(MAX_MICROS, 3)).add(h));
        other.counters.forEach((k, v) -> counters.merge(k, v, Long::sum));
    }
}

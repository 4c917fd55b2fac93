package org.muster.ops.loadgen;

/**
 * The measured interval, shared by every context: rates, latencies and bytes count only inside it, so that setup,
 * console snapshots and warm-up stay out of the figures. Written by the main thread, read everywhere.
 */
final class Window {
    private volatile long startMs = Long.MAX_VALUE;
    private volatile long endMs = Long.MAX_VALUE;

    void open(long nowMs, long lengthMs) {
        endMs = nowMs + lengthMs;
        startMs = nowMs;
    }

    boolean contains(long ms) {
        return ms >= startMs && ms < endMs;
    }

    long startMs() {
        return startMs;
    }

    long endMs() {
        return endMs;
    }

    double seconds() {
        return (endMs - startMs) / 1000.0;
    }
}

package org.muster.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.muster.geo.index.MovingPointIndex;
import org.muster.geo.index.PointFilter;

/**
 * The latency distribution of filtered 10-nearest queries in thread CPU time as well as wall time, on the data and
 * query points of {@link IndexQueryBench}. On a shared machine a query that is descheduled for a time slice shows
 * a wall time of milliseconds; its CPU time does not include that wait, so the CPU-time percentiles are what the
 * index itself costs, and the gap between the two columns is what the machine's load added.
 *
 * <p>Usage: {@code java -Xms6g -Xmx6g -XX:+UseParallelGC -cp muster-bench.jar org.muster.bench.QueryCpuTime
 * [teams=1000000] [rounds=5] [filters=all_100,cap_10,...]}. Each filter: the 4,096 query points once untimed (JIT
 * warm-up), then {@code rounds} timed passes. Single-threaded, like the index in the server.
 */
public final class QueryCpuTime {

    private QueryCpuTime() {
    }

    public static void main(String[] args) {
        int teams = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String[] filters = (args.length > 2 ? args[2]
                : "all_100,cap_10,cap_1,cap_0.1,status+cap_0.1,status+tier_0.1,avail+fresh+cap").split(",");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("thread CPU time is not supported by this JVM");
        }
        mx.setThreadCpuTimeEnabled(true);

        // The same build as IndexQueryBench.build(): seed 42 for teams, seed 7 for 4,096 query points.
        TeamData data = new TeamData();
        SplittableRandom rnd = new SplittableRandom(42);
        MovingPointIndex index = new MovingPointIndex();
        for (int i = 0; i < teams; i++) {
            index.upsert(data.team("team-" + i, rnd));
        }
        double[][] queries = new double[4096][];
        SplittableRandom q = new SplittableRandom(7);
        for (int i = 0; i < queries.length; i++) {
            queries[i] = data.position(q);
        }

        System.out.printf(Locale.ROOT, "%d teams, %d query points x %d rounds; microseconds%n", teams, queries.length,
                rounds);
        System.out.printf(Locale.ROOT, "%-16s %9s %9s %9s %9s | %9s %9s %9s %9s%n", "filter", "cpu p50", "cpu p99",
                "cpu p99.9", "cpu max", "wall p50", "wall p99", "wall p99.9", "wall max");
        long sink = 0;
        for (String name : filters) {
            PointFilter f = data.filter(name);
            for (double[] p : queries) {
                sink += index.nearest(p[0], p[1], 10, f).size();
            }
            int n = queries.length * rounds;
            long[] cpu = new long[n];
            long[] wall = new long[n];
            int k = 0;
            for (int r = 0; r < rounds; r++) {
                for (double[] p : queries) {
                    long w0 = System.nanoTime();
                    long c0 = mx.getCurrentThreadCpuTime();
                    sink += index.nearest(p[0], p[1], 10, f).size();
                    long c1 = mx.getCurrentThreadCpuTime();
                    long w1 = System.nanoTime();
                    cpu[k] = c1 - c0;
                    wall[k] = w1 - w0;
                    k++;
                }
            }
            Arrays.sort(cpu);
            Arrays.sort(wall);
            System.out.printf(Locale.ROOT, "%-16s %9.1f %9.1f %9.1f %9.1f | %9.1f %9.1f %9.1f %9.1f%n", name,
                    pct(cpu, 0.50), pct(cpu, 0.99), pct(cpu, 0.999), cpu[n - 1] / 1e3,
                    pct(wall, 0.50), pct(wall, 0.99), pct(wall, 0.999), wall[n - 1] / 1e3);
        }
        System.out.println("(checksum " + sink + ")");
    }

    /** The nearest-rank percentile, in microseconds, of sorted nanoseconds. */
    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e3;
    }
}

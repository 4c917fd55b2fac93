package org.muster.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.muster.geo.index.MovingPointIndex;
import org.muster.geo.index.Neighbor;
import org.muster.geo.index.PointFilter;
import org.muster.geo.index.TeamPoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Filtered 10-nearest queries: latency distribution (JMH sample mode gives p50/p99) at 10k, 100k and 1M teams, for
 * filters of 100%, 10%, 1% and 0.1% selectivity, including two 0.1% conjunctions of individually common conditions.
 * Query points are incident locations drawn like the teams (mostly near cities).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC"})
public class IndexQueryBench {

    @Param({"10000", "100000", "1000000"})
    public int teams;

    @Param({"all_100", "cap_10", "cap_1", "cap_0.1", "status+cap_0.1", "status+tier_0.1", "avail+fresh+cap"})
    public String filter;

    private MovingPointIndex index;
    private PointFilter pointFilter;
    private double[][] queries;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        TeamData data = new TeamData();
        SplittableRandom rnd = new SplittableRandom(42);
        index = new MovingPointIndex();
        pointFilter = data.filter(filter);
        long t0 = System.nanoTime();
        int matching = 0;
        for (int i = 0; i < teams; i++) {
            TeamPoint p = data.team("team-" + i, rnd);
            index.upsert(p);
            if (pointFilter.accepts(p)) {
                matching++;
            }
        }
        long t1 = System.nanoTime();
        queries = new double[4096][];
        SplittableRandom q = new SplittableRandom(7);
        for (int i = 0; i < queries.length; i++) {
            queries[i] = data.position(q);
        }
        System.out.printf("%n[setup] %d teams loaded in %.2f s (%.0f inserts/s); filter %s matches %d (%.3f%%)%n",
                teams, (t1 - t0) / 1e9, teams / ((t1 - t0) / 1e9), filter, matching, 100.0 * matching / teams);
    }

    @Benchmark
    public List<Neighbor> nearest10() {
        double[] q = queries[next++ & (queries.length - 1)];
        return index.nearest(q[0], q[1], 10, pointFilter);
    }
}

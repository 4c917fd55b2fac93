package org.muster.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.muster.geo.index.MovingPointIndex;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Moves per second on one thread (the index has one writer). {@code step}: a team moves 0-100 m with a newer fix,
 * what a fleet reporting every few seconds does. {@code relocate}: a team jumps to a fresh random position drawn
 * like the data (worst case: leaves its leaf in every tree). {@code status}: a team changes status in place.
 * Each operation builds the new {@link TeamPoint}, as the server does. Fix times advance as they would in a
 * national stream of 50,000 updates per second (the "tens of thousands"), not by a millisecond per move.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC"})
public class IndexUpdateBench {

    @Param({"10000", "100000", "1000000"})
    public int teams;

    @Param({"step", "relocate", "status"})
    public String move;

    private MovingPointIndex index;
    private TeamPoint[] current;
    private int[] who;
    private double[] dLon;
    private double[] dLat;
    private double[][] relocations;
    private int next;
    /** Fix times advance as in a national stream of 50,000 updates per second: 50 updates per millisecond. */
    private static final int UPDATES_PER_MS = 50;
    private long op;

    @Setup(Level.Trial)
    public void build() {
        TeamData data = new TeamData();
        SplittableRandom rnd = new SplittableRandom(42);
        index = new MovingPointIndex();
        current = new TeamPoint[teams];
        for (int i = 0; i < teams; i++) {
            current[i] = data.team("team-" + i, rnd);
            index.upsert(current[i]);
        }
        int n = 1 << 20;
        who = new int[n];
        dLon = new double[n];
        dLat = new double[n];
        relocations = new double[n][];
        for (int i = 0; i < n; i++) {
            who[i] = rnd.nextInt(teams);
            double meters = rnd.nextDouble() * 100;
            double bearing = rnd.nextDouble() * 2 * Math.PI;
            dLat[i] = meters * Math.cos(bearing) / 111_320.0;
            dLon[i] = meters * Math.sin(bearing) / 90_000.0;
            relocations[i] = data.position(rnd);
        }
    }

    @Benchmark
    public int upsert() {
        int i = next++ & (who.length - 1);
        int t = who[i];
        long clock = TeamData.NOW + op++ / UPDATES_PER_MS;
        TeamPoint p = current[t];
        TeamPoint moved;
        switch (move) {
            case "step" -> moved = p.movedTo(TeamData.clamp(p.lon() + dLon[i], -180, 180),
                    TeamData.clamp(p.lat() + dLat[i], -90, 90), clock);
            case "relocate" -> moved = p.movedTo(relocations[i][0], relocations[i][1], clock);
            default -> moved = p.withStatus(p.status() == 1 ? 2 : 1);
        }
        current[t] = moved;
        index.upsert(moved);
        return index.size();
    }
}

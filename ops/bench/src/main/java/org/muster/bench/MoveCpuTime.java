package org.muster.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

import org.muster.geo.index.MovingPointIndex;
import org.muster.geo.index.TeamPoint;

/**
 * Moves per second of the writer thread's CPU time, on the data and moves of {@link IndexUpdateBench}. On a shared
 * machine JMH's throughput counts the time the thread waited for a core; this counts only the time it ran, so it
 * answers "how many moves can one core take". Garbage collection runs on other threads and is not included (a
 * move allocates one short-lived {@link TeamPoint}).
 *
 * <p>Usage: {@code java -Xms6g -Xmx6g -XX:+UseParallelGC -cp muster-bench.jar org.muster.bench.MoveCpuTime
 * [teams=1000000] [moves=step,relocate,status] [rounds=5]}. Each kind of move: one untimed pass of 2^20 moves
 * (JIT warm-up), then {@code rounds} timed passes of 2^20 moves each; prints the median and worst round.
 */
public final class MoveCpuTime {

    private static final int UPDATES_PER_MS = 50;

    private MoveCpuTime() {
    }

    public static void main(String[] args) {
        int teams = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String[] moves = (args.length > 1 ? args[1] : "step,relocate,status").split(",");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        mx.setThreadCpuTimeEnabled(true);

        // The same build as IndexUpdateBench.build().
        TeamData data = new TeamData();
        SplittableRandom rnd = new SplittableRandom(42);
        MovingPointIndex index = new MovingPointIndex();
        TeamPoint[] current = new TeamPoint[teams];
        for (int i = 0; i < teams; i++) {
            current[i] = data.team("team-" + i, rnd);
            index.upsert(current[i]);
        }
        int n = 1 << 20;
        int[] who = new int[n];
        double[] dLon = new double[n];
        double[] dLat = new double[n];
        double[][] relocations = new double[n][];
        for (int i = 0; i < n; i++) {
            who[i] = rnd.nextInt(teams);
            double meters = rnd.nextDouble() * 100;
            double bearing = rnd.nextDouble() * 2 * Math.PI;
            dLat[i] = meters * Math.cos(bearing) / 111_320.0;
            dLon[i] = meters * Math.sin(bearing) / 90_000.0;
            relocations[i] = data.position(rnd);
        }

        System.out.printf(Locale.ROOT, "%d teams, rounds of %d moves; moves per second of thread CPU time "
                + "(and of wall time)%n", teams, n);
        long op = 0;
        for (String move : moves) {
            double[] cpuRate = new double[rounds];
            double[] wallRate = new double[rounds];
            for (int r = -1; r < rounds; r++) {
                long w0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    int t = who[i];
                    long clock = TeamData.NOW + op++ / UPDATES_PER_MS;
                    TeamPoint p = current[t];
                    TeamPoint moved = switch (move) {
                        case "step" -> p.movedTo(TeamData.clamp(p.lon() + dLon[i], -180, 180),
                                TeamData.clamp(p.lat() + dLat[i], -90, 90), clock);
                        case "relocate" -> p.movedTo(relocations[i][0], relocations[i][1], clock);
                        default -> p.withStatus(p.status() == 1 ? 2 : 1);
                    };
                    current[t] = moved;
                    index.upsert(moved);
                }
                long c1 = mx.getCurrentThreadCpuTime();
                long w1 = System.nanoTime();
                if (r >= 0) {
                    cpuRate[r] = n / ((c1 - c0) / 1e9);
                    wallRate[r] = n / ((w1 - w0) / 1e9);
                }
            }
            java.util.Arrays.sort(cpuRate);
            java.util.Arrays.sort(wallRate);
            System.out.printf(Locale.ROOT, "%-9s cpu: median %,10.0f/s  worst %,10.0f/s | wall: median %,10.0f/s%n",
                    move, cpuRate[rounds / 2], cpuRate[0], wallRate[rounds / 2]);
        }
        System.out.println("(size " + index.size() + ")");
    }
}

package org.muster.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.muster.geo.crs.Geodesy;
import org.muster.geo.index.MovingPointIndex;
import org.muster.geo.match.MatchRequest;
import org.muster.geo.match.Matcher;
import org.muster.geo.match.Recommendation;
import org.muster.geo.match.RequirementSpec;
import org.muster.geo.match.SpeedProfileEtaModel;
import org.muster.geo.zone.BlockedZones;
import org.muster.geo.zone.Zone;

/**
 * The latency distribution of whole recommendations in thread CPU time as well as wall time, on the data,
 * requirements and incidents of {@link MatcherBench}. Like {@link QueryCpuTime}, the CPU-time columns leave out
 * the time the thread waited for a core on a loaded machine.
 *
 * <p>Usage: {@code java -Xms6g -Xmx6g -XX:+UseParallelGC -cp muster-bench.jar org.muster.bench.MatcherCpuTime
 * [teams=100000] [rounds=5] [cases=3,5,3b,5b]}: a case is the number of requirements, {@code b} adds the three
 * blocked boxes, {@code i} those and a fourth box on the incident itself (as in an earthquake's epicentre: every
 * road team is ruled out). Case {@code short}: CAP_00 3000 within 1 h and CAP_20 2,000,000, more than all teams
 * together bring, so that the matcher fetches up to its cap of 1,024 teams per transport. Each case: the 1,024
 * incidents once untimed (JIT warm-up), then {@code rounds} timed passes.
 */
public final class MatcherCpuTime {

    /** The requirements of {@link MatcherBench}, from the most common capability to a rare one. */
    private static final List<RequirementSpec> SPECS = List.of(
            new RequirementSpec("CAP_00", 3000, 3600),
            new RequirementSpec("CAP_08", 1500, 3600),
            new RequirementSpec("CAP_20", 2000, 7200),
            new RequirementSpec("CAP_33", 1000, 7200),
            new RequirementSpec("CAP_45", 500, 0));

    private MatcherCpuTime() {
    }

    public static void main(String[] args) {
        int teams = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String[] cases = (args.length > 2 ? args[2] : "3,5,3b,5b").split(",");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        mx.setThreadCpuTimeEnabled(true);

        // The same build as MatcherBench.build().
        TeamData data = new TeamData();
        SplittableRandom rnd = new SplittableRandom(42);
        MovingPointIndex index = new MovingPointIndex();
        for (int i = 0; i < teams; i++) {
            index.upsert(data.team("team-" + i, rnd));
        }
        Matcher matcher = new Matcher(index, data.vocabulary, SpeedProfileEtaModel.defaults());

        System.out.printf(Locale.ROOT, "%d teams, 1024 incidents x %d rounds; milliseconds%n", teams, rounds);
        System.out.printf(Locale.ROOT, "%-5s %8s %8s %8s %8s %8s | %8s %8s %8s%n", "case", "cpu p50", "cpu p99",
                "cpu p99.9", "cpu max", "cpu mean", "wall p50", "wall p99", "wall max");
        long sink = 0;
        for (String c : cases) {
            MatchRequest[] requests;
            if (c.equals("short")) {
                requests = requests(data, List.of(new RequirementSpec("CAP_00", 3000, 3600),
                        new RequirementSpec("CAP_20", 2_000_000, 0)), false, false);
            } else {
                boolean blocked = c.endsWith("b") || c.endsWith("i");
                boolean inside = c.endsWith("i");
                int requirements = Integer.parseInt(blocked ? c.substring(0, c.length() - 1) : c);
                requests = requests(data, SPECS.subList(0, requirements), blocked, inside);
            }
            for (MatchRequest r : requests) {
                sink += matcher.recommend(r).proposal().size();
            }
            int n = requests.length * rounds;
            long[] cpu = new long[n];
            long[] wall = new long[n];
            int k = 0;
            for (int round = 0; round < rounds; round++) {
                for (MatchRequest r : requests) {
                    long w0 = System.nanoTime();
                    long c0 = mx.getCurrentThreadCpuTime();
                    Recommendation rec = matcher.recommend(r);
                    long c1 = mx.getCurrentThreadCpuTime();
                    long w1 = System.nanoTime();
                    sink += rec.proposal().size();
                    cpu[k] = c1 - c0;
                    wall[k] = w1 - w0;
                    k++;
                }
            }
            double mean = Arrays.stream(cpu).average().orElse(0) / 1e6;
            Arrays.sort(cpu);
            Arrays.sort(wall);
            System.out.printf(Locale.ROOT, "%-5s %8.3f %8.3f %8.3f %8.3f %8.3f | %8.3f %8.3f %8.3f%n", c,
                    pct(cpu, 0.50), pct(cpu, 0.99), pct(cpu, 0.999), cpu[n - 1] / 1e6, mean,
                    pct(wall, 0.50), pct(wall, 0.99), wall[n - 1] / 1e6);
        }
        System.out.println("(checksum " + sink + ")");
    }

    /**
     * The 1,024 incidents of {@link MatcherBench} (seed 7) with these requirements, three boxes, and with
     * {@code inside} a fourth box around the incident.
     */
    static MatchRequest[] requests(TeamData data, List<RequirementSpec> used, boolean blocked, boolean inside) {
        SplittableRandom q = new SplittableRandom(7);
        MatchRequest[] requests = new MatchRequest[1024];
        for (int i = 0; i < requests.length; i++) {
            double[] p = data.position(q);
            MatchRequest r = MatchRequest.of(p[0], p[1], used, TeamData.NOW);
            if (blocked) {
                List<Zone> zones = new ArrayList<>();
                for (int z = 0; z < 3; z++) {
                    double[] c = Geodesy.destination(p[0], p[1], 120 * z + 30, 15_000);
                    zones.add(Zone.box("cut-" + z, c[0] - 0.05, c[1] - 0.05, c[0] + 0.05, c[1] + 0.05));
                }
                if (inside) {
                    zones.add(Zone.box("epicentre", p[0] - 0.05, p[1] - 0.05, p[0] + 0.05, p[1] + 0.05));
                }
                r = r.withBlocked(BlockedZones.of(zones));
            }
            requests[i] = r;
        }
        return requests;
    }

    /** The nearest-rank percentile, in milliseconds, of sorted nanoseconds. */
    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}

package org.muster.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.muster.geo.crs.Geodesy;
import org.muster.geo.index.MovingPointIndex;
import org.muster.geo.match.MatchRequest;
import org.muster.geo.match.Matcher;
import org.muster.geo.match.Recommendation;
import org.muster.geo.match.RequirementSpec;
import org.muster.geo.match.SpeedProfileEtaModel;
import org.muster.geo.zone.BlockedZones;
import org.muster.geo.zone.Zone;
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
 * A whole recommendation ({@link Matcher#recommend}): 3 or 5 requirements with quantities that need several teams,
 * from common to rare capabilities, at 100k and 1M teams, with and without blocked areas (three cut-road boxes
 * around the incident, as after an earthquake). Incidents are drawn like the teams.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC"})
public class MatcherBench {

    @Param({"100000", "1000000"})
    public int teams;

    @Param({"3", "5"})
    public int requirements;

    @Param({"false", "true"})
    public boolean blocked;

    private Matcher matcher;
    private MatchRequest[] requests;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        TeamData data = new TeamData();
        SplittableRandom rnd = new SplittableRandom(42);
        MovingPointIndex index = new MovingPointIndex();
        for (int i = 0; i < teams; i++) {
            index.upsert(data.team("team-" + i, rnd));
        }
        matcher = new Matcher(index, data.vocabulary, SpeedProfileEtaModel.defaults());
        // Catalogue ranks 0 (most common) to 45 (rare); capacities are 100..2000 per team, so these need 1-4 teams.
        List<RequirementSpec> specs = new ArrayList<>(List.of(
                new RequirementSpec("CAP_00", 3000, 3600),
                new RequirementSpec("CAP_08", 1500, 3600),
                new RequirementSpec("CAP_20", 2000, 7200),
                new RequirementSpec("CAP_33", 1000, 7200),
                new RequirementSpec("CAP_45", 500, 0)));
        List<RequirementSpec> used = specs.subList(0, requirements);
        SplittableRandom q = new SplittableRandom(7);
        requests = new MatchRequest[1024];
        for (int i = 0; i < requests.length; i++) {
            double[] p = data.position(q);
            MatchRequest r = MatchRequest.of(p[0], p[1], used, TeamData.NOW);
            if (blocked) {
                List<Zone> zones = new ArrayList<>();
                for (int z = 0; z < 3; z++) {
                    double[] c = Geodesy.destination(p[0], p[1], 120 * z + 30, 15_000);
                    zones.add(Zone.box("cut-" + z, c[0] - 0.05, c[1] - 0.05, c[0] + 0.05, c[1] + 0.05));
                }
                r = r.withBlocked(BlockedZones.of(zones));
            }
            requests[i] = r;
        }
        Recommendation sample = matcher.recommend(requests[0]);
        System.out.printf("%n[setup] %d teams; sample recommendation: %d proposed, all covered %s, last arrival %.0f s%n",
                teams, sample.proposal().size(), sample.allCovered(), sample.lastArrivalSeconds());
    }

    @Benchmark
    public Recommendation recommend() {
        return matcher.recommend(requests[next++ & (requests.length - 1)]);
    }
}

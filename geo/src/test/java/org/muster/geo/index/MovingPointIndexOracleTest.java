package org.muster.geo.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.muster.geo.crs.Geodesy;

/**
 * The index against a brute-force oracle (every team filtered and measured with GeographicLib, then sorted), on
 * random data with moves, status and capability changes and removals interleaved with queries. Same answers,
 * always: the same distances in the same order, and the same teams except among exactly tied distances.
 */
class MovingPointIndexOracleTest {

    enum World { CHINA_CLUSTERED, WHOLE_GLOBE, POLES_AND_ANTIMERIDIAN, STACKED_DUPLICATES }

    static List<Long> seeds() {
        List<Long> s = new ArrayList<>();
        for (long i = 1; i <= 100; i++) {
            s.add(i);
        }
        return s;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void returnsSameNeighboursAsBruteForceUnderRandomMoves(long seed) {
        Random rnd = new Random(seed);
        World world = World.values()[(int) (seed % World.values().length)];
        int leafCapacity = new int[] {2, 3, 8, 32}[rnd.nextInt(4)];
        int capabilities = 12;
        MovingPointIndex index = new MovingPointIndex(leafCapacity);
        Map<String, TeamPoint> truth = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        Scenario sc = new Scenario(rnd, world, capabilities);

        int teams = 200 + rnd.nextInt(1200);
        for (int i = 0; i < teams; i++) {
            TeamPoint p = sc.newTeam("t" + i);
            index.upsert(p);
            truth.put(p.id(), p);
            ids.add(p.id());
        }
        int nextId = teams;
        int queries = 0;
        for (int op = 0; op < 3000; op++) {
            int r = rnd.nextInt(100);
            if (r < 40 && !ids.isEmpty()) {
                String id = ids.get(rnd.nextInt(ids.size()));
                TeamPoint p = sc.move(truth.get(id));
                index.upsert(p);
                truth.put(id, p);
            } else if (r < 48 && !ids.isEmpty()) {
                String id = ids.get(rnd.nextInt(ids.size()));
                TeamPoint p = truth.get(id).withStatus(sc.status());
                index.upsert(p);
                truth.put(id, p);
            } else if (r < 53 && !ids.isEmpty()) {
                String id = ids.get(rnd.nextInt(ids.size()));
                TeamPoint o = truth.get(id);
                TeamPoint p = new TeamPoint(id, o.lon(), o.lat(), o.fixTimeMs(), o.status(), o.tier(), o.transport(),
                        sc.capabilities());
                index.upsert(p);
                truth.put(id, p);
            } else if (r < 60 && !ids.isEmpty()) {
                String id = ids.remove(rnd.nextInt(ids.size()));
                assertThat(index.remove(id)).isTrue();
                truth.remove(id);
            } else if (r < 66) {
                TeamPoint p = sc.newTeam("t" + nextId++);
                index.upsert(p);
                truth.put(p.id(), p);
                ids.add(p.id());
            } else if (r < 70 && !ids.isEmpty()) {
                // Re-sending the same fix must change nothing.
                index.upsert(truth.get(ids.get(rnd.nextInt(ids.size()))));
            } else if (op % 7 == 0) {
                double[] q = sc.queryPoint(truth);
                int k = 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 60);
                PointFilter f = sc.filter();
                assertSameAsOracle(index, truth, q[0], q[1], k, f, "seed " + seed + " op " + op);
                queries++;
            }
        }
        assertThat(index.size()).isEqualTo(truth.size());
        for (TeamPoint p : truth.values()) {
            assertThat(index.get(p.id())).isEqualTo(p);
        }
        assertThat(queries).isGreaterThan(50);
        // Emptying through removals must leave a working, empty index.
        for (String id : new ArrayList<>(truth.keySet())) {
            index.remove(id);
        }
        assertThat(index.size()).isZero();
        assertThat(index.nearest(0, 0, 5, PointFilter.any())).isEmpty();
    }

    static void assertSameAsOracle(MovingPointIndex index, Map<String, TeamPoint> truth, double lon, double lat, int k,
                                   PointFilter f, String where) {
        List<Neighbor> expected = bruteForce(truth, lon, lat, f);
        List<Neighbor> actual = index.nearest(lon, lat, k, f);
        String ctx = where + " query (" + lon + ", " + lat + ") k=" + k + " " + f;
        assertThat(actual).as(ctx).hasSize(Math.min(k, expected.size()));
        Set<String> seen = new HashSet<>();
        Map<String, Double> oracleDistance = new HashMap<>();
        for (Neighbor n : expected) {
            oracleDistance.put(n.point().id(), n.distanceMeters());
        }
        for (int i = 0; i < actual.size(); i++) {
            Neighbor a = actual.get(i);
            assertThat(a.distanceMeters()).as(ctx + " rank " + i).isEqualTo(expected.get(i).distanceMeters());
            assertThat(seen.add(a.point().id())).as(ctx + " duplicate " + a.point().id()).isTrue();
            assertThat(oracleDistance.get(a.point().id())).as(ctx + " team " + a.point().id() + " should not match")
                    .isEqualTo(a.distanceMeters());
            assertThat(a.point()).isEqualTo(truth.get(a.point().id()));
        }
        // The continued search hands out exactly what the one query did, however the takes are split.
        NearestCursor cursor = index.nearestCursor(lon, lat, f);
        List<Neighbor> taken = new ArrayList<>();
        int step = 1 + k % 7;
        while (taken.size() < k) {
            int ask = Math.min(step, k - taken.size());
            List<Neighbor> more = cursor.next(ask);
            taken.addAll(more);
            if (more.size() < ask) {
                assertThat(cursor.exhausted()).as(ctx + " cursor").isTrue();
                break;
            }
            step *= 2;
        }
        assertThat(taken).as(ctx + " cursor").isEqualTo(actual);
    }

    static List<Neighbor> bruteForce(Map<String, TeamPoint> truth, double lon, double lat, PointFilter f) {
        List<Neighbor> out = new ArrayList<>();
        for (TeamPoint p : truth.values()) {
            if (f.accepts(p)) {
                double d = Geodesy.distanceMeters(lon, lat, p.lon(), p.lat());
                if (d <= f.maxDistanceMeters()) {
                    out.add(new Neighbor(p, d));
                }
            }
        }
        out.sort(Comparator.comparingDouble(Neighbor::distanceMeters));
        return out;
    }

    /** Random teams, moves and filters for one world. */
    static final class Scenario {
        final Random rnd;
        final World world;
        final int capabilities;
        final double[][] centres;
        long now = 1_700_000_000_000L;

        Scenario(Random rnd, World world, int capabilities) {
            this.rnd = rnd;
            this.world = world;
            this.capabilities = capabilities;
            centres = new double[8][];
            for (int i = 0; i < centres.length; i++) {
                centres[i] = randomPoint();
            }
        }

        double[] randomPoint() {
            return switch (world) {
                case CHINA_CLUSTERED -> new double[] {73 + rnd.nextDouble() * 62, 18 + rnd.nextDouble() * 36};
                case WHOLE_GLOBE -> new double[] {-180 + rnd.nextDouble() * 360,
                        Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1))};
                case POLES_AND_ANTIMERIDIAN -> rnd.nextBoolean()
                        ? new double[] {rnd.nextBoolean() ? 180 - rnd.nextDouble() * 2 : -180 + rnd.nextDouble() * 2,
                                -60 + rnd.nextDouble() * 120}
                        : new double[] {-180 + rnd.nextDouble() * 360,
                                (rnd.nextBoolean() ? 1 : -1) * (87 + rnd.nextDouble() * 3)};
                case STACKED_DUPLICATES -> new double[] {116.3 + rnd.nextInt(4) * 0.01, 39.9 + rnd.nextInt(4) * 0.01};
            };
        }

        double[] position() {
            if (world == World.STACKED_DUPLICATES) {
                return randomPoint();
            }
            if (rnd.nextInt(10) < 7) {
                double[] c = centres[rnd.nextInt(centres.length)];
                double spread = rnd.nextBoolean() ? 0.05 : 0.8;
                return clamp(c[0] + rnd.nextGaussian() * spread, c[1] + rnd.nextGaussian() * spread);
            }
            return randomPoint();
        }

        double[] clamp(double lon, double lat) {
            double l = lon;
            while (l > 180) {
                l -= 360;
            }
            while (l < -180) {
                l += 360;
            }
            return new double[] {l, Math.max(-90, Math.min(90, lat))};
        }

        int status() {
            return rnd.nextInt(10) < 5 ? 1 : rnd.nextInt(8);
        }

        CapabilityVector capabilities() {
            Map<Integer, Double> m = new HashMap<>();
            int n = rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                // Skewed: low ids are common, high ids rare, so that filters range from broad to very selective.
                int id = (int) Math.min(capabilities - 1, Math.floor(Math.abs(rnd.nextGaussian()) * capabilities / 3));
                m.put(id, rnd.nextInt(5) == 0 ? 0.0 : 1 + rnd.nextInt(1000));
            }
            return CapabilityVector.of(m);
        }

        TeamPoint newTeam(String id) {
            double[] p = position();
            long fix = now - rnd.nextInt(3_600_000);
            now += 1000;
            return new TeamPoint(id, p[0], p[1], fix, status(), rnd.nextInt(7), rnd.nextInt(5), capabilities());
        }

        TeamPoint move(TeamPoint t) {
            now += 1000;
            double[] p;
            int how = rnd.nextInt(10);
            if (how < 6) {
                // A small step, usually staying in the leaf.
                p = clamp(t.lon() + rnd.nextGaussian() * 0.001, t.lat() + rnd.nextGaussian() * 0.001);
            } else if (how < 9) {
                p = position();
            } else {
                p = new double[] {t.lon(), t.lat()};
            }
            // Mostly newer fixes, sometimes an older one arriving late.
            long fix = rnd.nextInt(10) == 0 ? t.fixTimeMs() - rnd.nextInt(600_000) : now;
            return t.movedTo(p[0], p[1], fix);
        }

        double[] queryPoint(Map<String, TeamPoint> truth) {
            if (!truth.isEmpty() && rnd.nextInt(4) == 0) {
                // Exactly on a team: distance zero, and ties with its stacked neighbours.
                List<TeamPoint> all = new ArrayList<>(truth.values());
                TeamPoint p = all.get(rnd.nextInt(all.size()));
                return new double[] {p.lon(), p.lat()};
            }
            return rnd.nextBoolean() ? position() : randomPoint();
        }

        PointFilter filter() {
            PointFilter f = PointFilter.any();
            if (rnd.nextBoolean()) {
                f = f.withStatusMask(rnd.nextBoolean() ? PointFilter.bit(1) : rnd.nextInt(256));
            }
            if (rnd.nextInt(3) == 0) {
                f = f.withTierMask(rnd.nextInt(128));
            }
            if (rnd.nextInt(3) == 0) {
                f = f.withTransportMask(rnd.nextInt(32));
            }
            if (rnd.nextInt(3) == 0) {
                f = f.withMinFixTimeMs(now - rnd.nextInt(3_600_000));
            }
            int caps = rnd.nextInt(3);
            int[] ids = new int[caps];
            for (int i = 0; i < caps; i++) {
                ids[i] = rnd.nextInt(capabilities + 2);
            }
            f = f.withRequiredCapabilities(ids);
            if (rnd.nextInt(3) == 0) {
                f = f.withMaxDistanceMeters(rnd.nextDouble() * 3_000_000);
            }
            return f;
        }
    }
}

package org.muster.geo.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The greedy cover against an exhaustive solver on small random cases. The last arrival must always be optimal
 * (step 1 is exact); the number of teams is measured, and the figures are printed for docs/benchmarks.md.
 */
class CoverSolverTest {

    @Test
    void lastArrivalIsAlwaysOptimalAndTeamCountIsMeasuredAgainstExhaustiveSearch() {
        Random rnd = new Random(2024);
        int cases = 3000;
        int optimalCount = 0;
        int worstExtra = 0;
        double worstRatio = 1;
        double sumRatio = 0;
        int feasible = 0;
        for (int c = 0; c < cases; c++) {
            int n = 4 + rnd.nextInt(11);
            int m = 1 + rnd.nextInt(4);
            double[] arrival = new double[n];
            double[][] capacity = new double[n][m];
            double[] need = new double[m];
            for (int t = 0; t < n; t++) {
                // Coarse times make ties common, which is where cover choices differ.
                arrival[t] = 600 + 300 * rnd.nextInt(10);
                for (int r = 0; r < m; r++) {
                    capacity[t][r] = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(4) * 500 : 0;
                }
            }
            for (int r = 0; r < m; r++) {
                need[r] = 500 + rnd.nextInt(6) * 500;
            }
            boolean[] coverable = CoverSolver.coverable(capacity, need);
            boolean allCoverable = true;
            for (boolean b : coverable) {
                allCoverable &= b;
            }
            int[] greedy = CoverSolver.solve(arrival, capacity, need);
            if (!allCoverable) {
                continue;
            }
            feasible++;
            assertThat(covers(greedy, capacity, need)).as("case " + c).isTrue();
            int[] best = exhaustive(arrival, capacity, need);
            double greedyLast = lastArrival(greedy, arrival);
            double bestLast = lastArrival(bitsToTeams(best[0], n), arrival);
            assertThat(greedyLast).as("case " + c + " last arrival").isEqualTo(bestLast);
            int g = greedy.length;
            int o = Integer.bitCount(best[0]);
            assertThat(g).isGreaterThanOrEqualTo(o);
            if (g == o) {
                optimalCount++;
            }
            worstExtra = Math.max(worstExtra, g - o);
            worstRatio = Math.max(worstRatio, (double) g / o);
            sumRatio += (double) g / o;
        }
        System.out.printf("set cover greedy vs exhaustive: %d coverable cases of %d (4-14 teams, 1-4 requirements);"
                        + " last arrival optimal in 100%%; team count optimal in %d (%.1f%%); mean ratio %.4f;"
                        + " worst ratio %.3f; worst extra teams %d%n", feasible, cases, optimalCount,
                100.0 * optimalCount / feasible, sumRatio / feasible, worstRatio, worstExtra);
        assertThat(feasible).isGreaterThan(500);
        assertThat(worstRatio).isLessThanOrEqualTo(2.0);
    }

    @Test
    void capacitiesOfSeveralTeamsAddUp() {
        int[] chosen = CoverSolver.solve(new double[] {100, 200, 300}, new double[][] {{2000}, {2000}, {5000}},
                new double[] {3000});
        assertThat(chosen).containsExactly(0, 1);
    }

    @Test
    void uncoverableRequirementGetsEveryTeamWithSomeCapacity() {
        int[] chosen = CoverSolver.solve(new double[] {100, 200, 300}, new double[][] {{1, 0}, {0, 5}, {1, 0}},
                new double[] {10, 5});
        assertThat(chosen).containsExactly(0, 1, 2);
    }

    /** Smallest last arrival, then fewest teams: returns {bitmask}. */
    private static int[] exhaustive(double[] arrival, double[][] capacity, double[] need) {
        int n = arrival.length;
        int best = -1;
        double bestLast = Double.POSITIVE_INFINITY;
        int bestCount = Integer.MAX_VALUE;
        for (int mask = 1; mask < (1 << n); mask++) {
            int[] teams = bitsToTeams(mask, n);
            if (!covers(teams, capacity, need)) {
                continue;
            }
            double last = lastArrival(teams, arrival);
            int count = teams.length;
            if (last < bestLast || (last == bestLast && count < bestCount)) {
                best = mask;
                bestLast = last;
                bestCount = count;
            }
        }
        return new int[] {best};
    }

    private static int[] bitsToTeams(int mask, int n) {
        int[] out = new int[Integer.bitCount(mask)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if ((mask & (1 << i)) != 0) {
                out[k++] = i;
            }
        }
        return out;
    }

    private static boolean covers(int[] teams, double[][] capacity, double[] need) {
        for (int r = 0; r < need.length; r++) {
            double sum = 0;
            for (int t : teams) {
                sum += capacity[t][r];
            }
            if (sum < need[r] - 1e-9) {
                return false;
            }
        }
        return true;
    }

    private static double lastArrival(int[] teams, double[] arrival) {
        double last = 0;
        for (int t : teams) {
            last = Math.max(last, arrival[t]);
        }
        return last;
    }
}

package org.muster.geo.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the proposed set: teams whose capacities add up to every requirement's quantity, with the earliest
 * possible last arrival, then as few teams as the greedy finds. Stateless.
 *
 * <p>Step 1 is exact. Adding teams never hurts coverage, so "can everything be covered by teams arriving by T?" is
 * monotone in T, and the smallest such T is found by one sweep over the teams in arrival order: the optimal last
 * arrival, not an approximation. Step 2 picks, among the teams arriving by T, a small covering subset: greedy by
 * normalised coverage gain (each team's capacity, capped by what is still missing, as a share of the quantity), then
 * drops teams that became redundant, latest first. Minimum multi-cover is NP-hard; {@code CoverSolverTest} measures
 * the greedy against an exhaustive solver on small random cases and docs/benchmarks.md reports the figure.
 *
 * <p>Requirements that all teams together cannot cover are left out of steps 1 and 2; every team with some capacity
 * for them is then added, so that the shortfall is as small as it can be.
 */
final class CoverSolver {

    private static final double EPS = 1e-9;

    private CoverSolver() {
    }

    /**
     * @param arrival  per team, the arrival time to minimise the latest of
     * @param capacity per team, per requirement, the capacity the team brings (0 for none)
     * @param need     per requirement, the quantity, &gt; 0
     * @return the chosen team indices, in arrival order (ties by index)
     */
    static int[] solve(double[] arrival, double[][] capacity, double[] need) {
        int n = arrival.length;
        int m = need.length;
        boolean[] coverable = coverable(capacity, need);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> arrival[i]).thenComparingInt(i -> i));

        // Step 1: the shortest prefix in arrival order that covers every coverable requirement.
        double[] acc = new double[m];
        int missing = 0;
        for (int r = 0; r < m; r++) {
            if (coverable[r]) {
                missing++;
            }
        }
        int prefix = 0;
        while (missing > 0 && prefix < n) {
            int t = order[prefix++];
            for (int r = 0; r < m; r++) {
                if (coverable[r] && capacity[t][r] > 0) {
                    boolean before = acc[r] >= need[r] - EPS;
                    acc[r] += capacity[t][r];
                    if (!before && acc[r] >= need[r] - EPS) {
                        missing--;
                    }
                }
            }
        }
        if (prefix > 0) {
            // Teams tied with the last one arrive no later: let the greedy use them too.
            double last = arrival[order[prefix - 1]];
            while (prefix < n && arrival[order[prefix]] <= last) {
                prefix++;
            }
        }

        // Step 2: greedy cover within the prefix.
        double[] remaining = new double[m];
        for (int r = 0; r < m; r++) {
            remaining[r] = coverable[r] ? need[r] : 0;
        }
        boolean[] used = new boolean[n];
        List<Integer> chosen = new ArrayList<>();
        while (anyPositive(remaining)) {
            int best = -1;
            double bestGain = 0;
            for (int i = 0; i < prefix; i++) {
                int t = order[i];
                if (used[t]) {
                    continue;
                }
                double gain = 0;
                for (int r = 0; r < m; r++) {
                    if (remaining[r] > EPS && capacity[t][r] > 0) {
                        gain += Math.min(capacity[t][r], remaining[r]) / need[r];
                    }
                }
                // Strictly better gain wins; on a tie the earlier arrival (earlier in order) stays.
                if (gain > bestGain + EPS) {
                    best = t;
                    bestGain = gain;
                }
            }
            if (best < 0) {
                break;
            }
            used[best] = true;
            chosen.add(best);
            for (int r = 0; r < m; r++) {
                remaining[r] -= Math.min(remaining[r], capacity[best][r]);
                if (remaining[r] < EPS) {
                    remaining[r] = 0;
                }
            }
        }

        // Drop teams the others made redundant, latest arrival first.
        chosen.sort(Comparator.<Integer>comparingDouble(i -> arrival[i]).thenComparingInt(i -> i).reversed());
        for (int i = 0; i < chosen.size(); ) {
            int t = chosen.get(i);
            if (coversWithout(chosen, t, capacity, need, coverable)) {
                chosen.remove(i);
                used[t] = false;
            } else {
                i++;
            }
        }

        // Requirements nobody can cover: bring everything there is.
        for (int r = 0; r < m; r++) {
            if (!coverable[r]) {
                for (int t = 0; t < n; t++) {
                    if (!used[t] && capacity[t][r] > 0) {
                        used[t] = true;
                        chosen.add(t);
                    }
                }
            }
        }
        chosen.sort(Comparator.<Integer>comparingDouble(i -> arrival[i]).thenComparingInt(i -> i));
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    static boolean[] coverable(double[][] capacity, double[] need) {
        boolean[] out = new boolean[need.length];
        for (int r = 0; r < need.length; r++) {
            double sum = 0;
            for (double[] team : capacity) {
                sum += team[r];
            }
            out[r] = sum >= need[r] - EPS;
        }
        return out;
    }

    private static boolean coversWithout(List<Integer> chosen, int skip, double[][] capacity, double[] need,
                                         boolean[] coverable) {
        for (int r = 0; r < need.length; r++) {
            if (!coverable[r]) {
                continue;
            }
            double sum = 0;
            for (int t : chosen) {
                if (t != skip) {
                    sum += capacity[t][r];
                }
            }
            if (sum < need[r] - EPS) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyPositive(double[] a) {
        for (double v : a) {
            if (v > EPS) {
                return true;
            }
        }
        return false;
    }
}

package dev.clusterutils.optim.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.bench.MultiObjectiveProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParetoMathTest {

    private static List<double[]> pts(double[]... p) {
        return List.of(p);
    }

    /** Ranks by the definition: peel off the non-dominated points again and again. */
    private static int[] naiveRanks(List<double[]> points) {
        int[] rank = new int[points.size()];
        java.util.Arrays.fill(rank, -1);
        int r = 0;
        int left = points.size();
        while (left > 0) {
            List<Integer> front = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                if (rank[i] != -1) {
                    continue;
                }
                boolean dominated = false;
                for (int j = 0; j < points.size() && !dominated; j++) {
                    dominated = rank[j] == -1 && ParetoRanking.dominates(points.get(j), points.get(i));
                }
                if (!dominated) {
                    front.add(i);
                }
            }
            for (int i : front) {
                rank[i] = r;
            }
            left -= front.size();
            r++;
        }
        return rank;
    }

    @Test
    void dominance() {
        assertTrue(ParetoRanking.dominates(new double[] {1, 2}, new double[] {1, 3}));
        assertFalse(ParetoRanking.dominates(new double[] {1, 2}, new double[] {1, 2}));
        assertFalse(ParetoRanking.dominates(new double[] {0, 3}, new double[] {1, 2}));
        assertFalse(ParetoRanking.dominates(new double[] {Double.NaN, 0}, new double[] {1, 2}));
    }

    @Test
    void ranksMatchTheDefinitionInTwoAndThreeObjectives() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int m : new int[] {2, 3, 4}) {
            for (int trial = 0; trial < 30; trial++) {
                List<double[]> p = new ArrayList<>();
                int n = 1 + rng.nextInt(40);
                for (int i = 0; i < n; i++) {
                    double[] x = new double[m];
                    for (int k = 0; k < m; k++) {
                        x[k] = rng.nextInt(6); // small integers: ties and duplicates on purpose
                    }
                    p.add(x);
                }
                assertArrayEquals(naiveRanks(p), ParetoRanking.ranks(p), "m=" + m + " trial " + trial);
            }
        }
    }

    @Test
    void nanPointsAreUnranked() {
        int[] r = ParetoRanking.ranks(pts(new double[] {1, 1}, new double[] {Double.NaN, 0}, new double[] {2, 2}));
        assertArrayEquals(new int[] {0, ParetoRanking.UNRANKED, 1}, r);
    }

    @Test
    void crowdingKeepsTheEnds() {
        double[] d = ParetoRanking.crowding(pts(new double[] {0, 4}, new double[] {1, 2}, new double[] {3, 1},
                new double[] {4, 0}));
        assertEquals(Double.POSITIVE_INFINITY, d[0]);
        assertEquals(Double.POSITIVE_INFINITY, d[3]);
        assertEquals(3.0 / 4 + 3.0 / 4, d[1], 1e-12);
        assertEquals(3.0 / 4 + 2.0 / 4, d[2], 1e-12);
    }

    @Test
    void twoDimensionalVolumeByHand() {
        // staircase below (4, 4): 3x1 + 2x1 + 1x1 ... computed as slabs
        double hv = Hypervolume.of(pts(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1},
                new double[] {3.5, 3.5}), new double[] {4, 4});
        assertEquals(3 * 1 + 2 * 1 + 1 * 1, hv, 1e-12);
        assertEquals(0, Hypervolume.of(pts(new double[] {5, 1}), new double[] {4, 4}));
        assertEquals(0, Hypervolume.of(List.of(), new double[] {4, 4}));
    }

    @Test
    void threeDimensionalVolumeByInclusionExclusion() {
        double[] a = {1, 2, 3};
        double[] b = {2, 1, 2};
        double[] c = {3, 3, 1};
        double[] ref = {4, 4, 4};
        double va = 3 * 2 * 1;
        double vb = 2 * 3 * 2;
        double vc = 1 * 1 * 3;
        double ab = 2 * 2 * 1;
        double ac = 1 * 1 * 1;
        double bc = 1 * 1 * 2;
        double abc = 1 * 1 * 1;
        assertEquals(va + vb + vc - ab - ac - bc + abc, Hypervolume.of(pts(a, b, c), ref), 1e-12);
    }

    @Test
    void wfgAgreesWithMonteCarloInFourDimensions() {
        SplittableRandom rng = new SplittableRandom(11);
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            double[] x = new double[4];
            double s = 0;
            for (int k = 0; k < 4; k++) {
                x[k] = rng.nextDouble();
                s += x[k];
            }
            for (int k = 0; k < 4; k++) {
                x[k] = x[k] / s; // on a simplex: mostly mutually non-dominated
            }
            p.add(x);
        }
        double[] ref = {1, 1, 1, 1};
        double exact = Hypervolume.of(p, ref);
        int hits = 0;
        int n = 200_000;
        for (int t = 0; t < n; t++) {
            double[] y = {rng.nextDouble(), rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
            for (double[] q : p) {
                if (q[0] <= y[0] && q[1] <= y[1] && q[2] <= y[2] && q[3] <= y[3]) {
                    hits++;
                    break;
                }
            }
        }
        assertEquals((double) hits / n, exact, 0.005);
    }

    @Test
    void contributionsAreTheVolumeEachPointAloneCovers() {
        double[] c = Hypervolume.contributions(pts(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1}),
                new double[] {4, 4});
        assertArrayEquals(new double[] {1, 1, 1}, c, 1e-12);
    }

    @Test
    void defaultReferenceSitsBeyondTheWorstValues() {
        assertArrayEquals(new double[] {3.2, 6}, Hypervolume.defaultReference(pts(new double[] {1, 5}, new double[] {3, 5},
                new double[] {Double.NaN, 9})), 1e-12);
    }

    @Test
    void benchProblemsHaveTheStatedFronts() {
        // ZDT1's front is x2..x6 = 0; a fine sweep of x1 reaches the stated volume
        MultiObjectiveProblems.Problem zdt = MultiObjectiveProblems.zdt1();
        List<double[]> front = new ArrayList<>();
        for (int i = 0; i <= 2000; i++) {
            front.add(zdt.f().apply(new double[] {i / 2000.0, 0, 0, 0, 0, 0}));
        }
        assertEquals(zdt.frontHypervolume(), Hypervolume.of(front, zdt.reference()), 0.01);
        MultiObjectiveProblems.Problem bc = MultiObjectiveProblems.braninCurrin();
        List<double[]> grid = new ArrayList<>();
        for (int i = 0; i <= 400; i++) {
            for (int j = 0; j <= 400; j++) {
                grid.add(bc.f().apply(new double[] {i / 400.0, j / 400.0}));
            }
        }
        assertEquals(bc.frontHypervolume(), Hypervolume.of(grid, bc.reference()), 0.005 * bc.frontHypervolume());
    }
}

package dev.clusterutils.run.stopping;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyKillingTest {
    /** Curves of 4 early reports + the final value whose ranks never change: deviation 0. */
    static EarlyKilling withSteadyReferences(int count, boolean minimize) {
        EarlyKilling policy = new EarlyKilling("loss", minimize, 2, 1.0);
        for (int j = 0; j < count; j++) {
            double base = j * 10;
            policy.addReference(List.of(base + 4, base + 3, base + 2, base + 1), base);
        }
        return policy;
    }

    @Test
    void nothingIsDecidedBeforeFiveReferenceCurves() {
        EarlyKilling policy = withSteadyReferences(4, true);
        assertFalse(policy.shouldKill(List.of(1e9)));
        policy.addReference(List.of(1.0, 1.0, 1.0, 1.0), 1.0);
        assertTrue(policy.shouldKill(List.of(1e9)));
    }

    @Test
    void aJobWhoseRankIsFarBehindTheTargetIsKilledAGoodOneIsNot() {
        EarlyKilling policy = withSteadyReferences(6, true);
        assertTrue(policy.shouldKill(List.of(1000.0)), "worse than all six references at report 1");
        assertFalse(policy.shouldKill(List.of(5.0)), "rank 1 of 7: on course for the top");
        assertFalse(policy.shouldKill(List.of(20.0)), "rank 2 (4 and 14 are better) is not worse than the target rank 2");
        assertTrue(policy.shouldKill(List.of(24.5)), "rank 3 (4, 14 and 24 are better) is");
    }

    @Test
    void aJobPastHalfOfItsRunIsNeverKilled() {
        EarlyKilling policy = withSteadyReferences(6, true);
        assertTrue(policy.shouldKill(List.of(900.0, 1000.0)), "report 2 of 5 is within the first half");
        assertFalse(policy.shouldKill(List.of(900.0, 950.0, 1000.0)), "report 3 of 5 is past floor(5/2)");
    }

    @Test
    void maximisingReversesWhatIsBetter() {
        EarlyKilling policy = withSteadyReferences(6, false);
        assertTrue(policy.shouldKill(List.of(-1000.0)));
        assertFalse(policy.shouldKill(List.of(1000.0)));
    }

    @Test
    void noisyCurvesMakeTheRuleCautious() {
        EarlyKilling cautious = new EarlyKilling("loss", true, 2, 3.0);
        double[][] curves = {{1, 60}, {2, 50}, {3, 40}, {4, 30}, {5, 20}, {6, 10}};
        for (double[] c : curves) {
            cautious.addReference(List.of(c[0], c[0], c[0]), c[1]);
        }
        // early ranks say nothing about final ranks here: a rank-6 start is no reason to stop
        assertFalse(cautious.shouldKill(List.of(100.0)));
    }
}

package dev.clusterutils.optim.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.Optimizer;
import dev.clusterutils.optim.OptimizerContractTest;
import dev.clusterutils.optim.QuadraticRace;
import dev.clusterutils.optim.random.RandomOptimizer;
import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.space.Specs;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NevergradOptimizerTest {

    private abstract static class Contract extends OptimizerContractTest {
        abstract EsMethod method();

        @Override
        protected Optimizer create(List<ParamSpec> space, boolean minimize, RandomGenerator rng) {
            return new NevergradOptimizer(space, method(), null, minimize, rng);
        }
    }

    @Nested
    class OnePlusOneContract extends Contract {
        EsMethod method() {
            return EsMethod.ONE_PLUS_ONE;
        }
    }

    @Nested
    class CmaContract extends Contract {
        EsMethod method() {
            return EsMethod.CMA;
        }
    }

    @Nested
    class TwoPointsDeContract extends Contract {
        EsMethod method() {
            return EsMethod.TWO_POINTS_DE;
        }
    }

    @Nested
    class DeContract extends Contract {
        EsMethod method() {
            return EsMethod.DE;
        }
    }

    @Nested
    class PsoContract extends Contract {
        EsMethod method() {
            return EsMethod.PSO;
        }
    }

    @Nested
    class RandomSearchContract extends Contract {
        EsMethod method() {
            return EsMethod.RANDOM_SEARCH;
        }
    }

    @Nested
    class TbpsaContract extends Contract {
        EsMethod method() {
            return EsMethod.TBPSA;
        }
    }

    @Nested
    class NgOptContract extends Contract {
        EsMethod method() {
            return EsMethod.NGOPT;
        }
    }

    @Test
    void cmaFindsTheQuadraticsMinimumClearlyBetterThanRandom() {
        double cma = QuadraticRace.medianBest(rng -> new NevergradOptimizer(QuadraticRace.SPACE, EsMethod.CMA, null, true, rng));
        double random = QuadraticRace.medianBest(rng -> new RandomOptimizer(QuadraticRace.SPACE, rng));
        assertTrue(cma < 0.5 * random, "cma " + cma + " vs random " + random);
    }

    @Test
    void namesAreCaseInsensitive() {
        assertEquals(Optional.of(EsMethod.TWO_POINTS_DE), EsMethod.byName("twopointsde"));
        assertEquals(Optional.of(EsMethod.CMA), EsMethod.byName("cma"));
        assertEquals(Optional.of(EsMethod.NGOPT), EsMethod.byName("NGOPT"));
        assertEquals(Optional.empty(), EsMethod.byName("BayesOpt"));
    }

    @Test
    void ngOptPicksCmaForContinuousSpacesAndOnePlusOneOtherwise() {
        ParamSpec x = Specs.numeric("x", Distribution.TruncatedNormal, 0.0, 1.0);
        ParamSpec y = Specs.numeric("y", Distribution.IntNormal, 0L, 10L);
        ParamSpec d = Specs.discrete("d", "a", "b");
        assertEquals(EsMethod.CMA, new NevergradOptimizer(List.of(x, y), EsMethod.NGOPT, null, true, new java.util.SplittableRandom(1)).method());
        assertEquals(EsMethod.ONE_PLUS_ONE, EsMethod.ngOptChoice(List.of(x)));
        assertEquals(EsMethod.ONE_PLUS_ONE, EsMethod.ngOptChoice(List.of(x, y, d)));
    }
}

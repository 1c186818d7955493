package dev.clusterutils.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.cem.CemOptimizer;
import dev.clusterutils.optim.es.EsMethod;
import dev.clusterutils.optim.es.NevergradOptimizer;
import dev.clusterutils.optim.grid.GridOptimizer;
import dev.clusterutils.optim.random.RandomOptimizer;
import dev.clusterutils.optim.tpe.TpeOptimizer;
import dev.clusterutils.settings.SettingsProblem;
import dev.clusterutils.space.ParamSpec;
import dev.clusterutils.space.Specs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OptimizerFactoryTest {

    private static final List<ParamSpec> SPACE = Specs.mixedSpace();

    @Test
    void theOriginalsExampleSettingsAreValid() {
        assertEquals(List.of(), OptimizerFactory.validate("cem_metaoptimizer",
                Map.of("with_restarts", true, "num_jobs_in_elite", 10L)));
        assertEquals(List.of(), OptimizerFactory.validate("nevergrad", Map.of("opt_alg", "cma")));
        assertEquals(List.of(), OptimizerFactory.validate("nevergrad", Map.of("opt_alg", "twopointsde", "budget", 100L, "num_workers", 8L)));
        assertEquals(List.of(), OptimizerFactory.validate("gridsearch", Map.of()));
        assertEquals(List.of(), OptimizerFactory.validate("random", null));
        assertEquals(List.of(), OptimizerFactory.validate("tpe", Map.of("n_startup_trials", 20L, "multivariate", true)));
    }

    @Test
    void unknownKeysNameTheClosestValidKey() {
        List<SettingsProblem> problems = OptimizerFactory.validate("cem_metaoptimizer",
                Map.of("with_restarts", true, "num_jobs_in_elite", 10L, "num_job_in_elit", 3L));
        assertEquals(1, problems.size());
        assertEquals("optimizer_settings.num_job_in_elit", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("did you mean 'num_jobs_in_elite'"), problems.get(0).message());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("num_jobs_in_elite", 2.5);
        s.put("extra", 1L);
        List<SettingsProblem> problems = OptimizerFactory.validate("cem_metaoptimizer", s);
        assertEquals(List.of("optimizer_settings.extra", "optimizer_settings.num_jobs_in_elite",
                "optimizer_settings.with_restarts"), problems.stream().map(SettingsProblem::path).toList());
        assertTrue(problems.get(1).message().contains("integer"));
        assertTrue(problems.get(2).message().contains("required"));
    }

    @Test
    void settingsOfAnotherOptimizerAreIgnoredWithAWarningAndUnknownKeysStayErrors() {
        Map<String, Object> cem = new LinkedHashMap<>(Map.of("with_restarts", true, "num_jobs_in_elite", 10L));
        assertEquals(List.of(), OptimizerFactory.validate("tpe", cem));
        assertEquals(Map.of("with_restarts", List.of("cem_metaoptimizer"), "num_jobs_in_elite", List.of("cem_metaoptimizer")),
                OptimizerFactory.foreignKeys("tpe", cem));
        String warning = OptimizerFactory.foreignKeysWarning("tpe", cem);
        assertTrue(warning.contains("num_jobs_in_elite (cem_metaoptimizer)") && warning.contains("not of 'tpe'"), warning);
        assertInstanceOf(TpeOptimizer.class, OptimizerFactory.create("tpe", cem, SPACE, true, new SplittableRandom(1)));

        cem.put("n_startup_trails", 5L);
        List<SettingsProblem> problems = OptimizerFactory.validate("tpe", cem);
        assertEquals(List.of("optimizer_settings.n_startup_trails"), problems.stream().map(SettingsProblem::path).toList());
        assertTrue(problems.get(0).message().contains("did you mean 'n_startup_trials'"), problems.get(0).message());
        assertEquals(null, OptimizerFactory.foreignKeysWarning("cem_metaoptimizer", Map.of("with_restarts", true, "num_jobs_in_elite", 10L)));
    }

    @Test
    void unknownOptimizerListsTheKnownOnes() {
        List<SettingsProblem> problems = OptimizerFactory.validate("cem_metaoptimiser", Map.of());
        assertEquals("optimizer_str", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("did you mean 'cem_metaoptimizer'"));
        assertTrue(problems.get(0).message().contains("cem_metaoptimizer, nevergrad, gridsearch, random, tpe"));
        assertEquals("optimizer_str", OptimizerFactory.validate(null, Map.of()).get(0).path());
    }

    @Test
    void unknownOptAlgListsTheKnownNames() {
        List<SettingsProblem> problems = OptimizerFactory.validate("nevergrad", Map.of("opt_alg", "BayesOptim"));
        assertEquals("optimizer_settings.opt_alg", problems.get(0).path());
        assertTrue(problems.get(0).message().contains(String.join(", ", EsMethod.userNames())), problems.get(0).message());
    }

    @Test
    void boundsAreChecked() {
        assertEquals("optimizer_settings.restarts",
                OptimizerFactory.validate("gridsearch", Map.of("restarts", 0L)).get(0).path());
        assertEquals("optimizer_settings.num_workers",
                OptimizerFactory.validate("nevergrad", Map.of("opt_alg", "PSO", "num_workers", 0L)).get(0).path());
        assertTrue(OptimizerFactory.validate("random", Map.of("x", 1L)).get(0).message().contains("takes no settings"));
    }

    @Test
    void createsEachOptimizer() {
        SplittableRandom rng = new SplittableRandom(1);
        assertInstanceOf(CemOptimizer.class, OptimizerFactory.create("cem_metaoptimizer",
                Map.of("with_restarts", false, "num_jobs_in_elite", 10L), SPACE, true, rng));
        NevergradOptimizer ng = assertInstanceOf(NevergradOptimizer.class,
                OptimizerFactory.create("nevergrad", Map.of("opt_alg", "OnePlusOne"), SPACE, true, rng));
        assertEquals(EsMethod.ONE_PLUS_ONE, ng.method());
        GridOptimizer grid = assertInstanceOf(GridOptimizer.class,
                OptimizerFactory.create("gridsearch", Map.of("points_per_param", 2L), SPACE, true, rng));
        assertEquals(2L * 2 * 2 * 2 * 2 * 2 * 2 * 4, grid.gridSize());
        assertInstanceOf(RandomOptimizer.class, OptimizerFactory.create("random", Map.of(), SPACE, true, rng));
        assertInstanceOf(TpeOptimizer.class, OptimizerFactory.create("tpe", null, SPACE, true, rng));
    }

    @Test
    void refusesInvalidSettingsAndEmptySpaces() {
        SplittableRandom rng = new SplittableRandom(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerFactory.create("nevergrad", Map.of(), SPACE, true, rng));
        assertTrue(e.getMessage().contains("optimizer_settings.opt_alg"));
        assertThrows(IllegalArgumentException.class, () -> OptimizerFactory.create("random", Map.of(), List.of(), true, rng));
    }
}
